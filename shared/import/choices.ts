import type { Attitude, BuyingRole, Stage, Tier } from '../schema/index.ts';

/**
 * The words other tools use for our fixed lists (stages, buying roles, attitudes, tiers),
 * written as `choiceKey` leaves them. The import shows the table it applied (each distinct
 * value of the file → ours, or unknown), so a rep sees "Closed Won → Contract fulfilment"
 * before anything is saved, and can change it (docs/domain.md §13).
 */

/** Lower case, half-width, spaces, dashes, slashes and underscores gone: "Closed-Won" → "closedwon". */
export const choiceKey = (raw: string): string =>
  raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\-_/.:·,，、()（）]+/g, '');

/** A deal's stage in the file: one of our stages, or lost (a lost deal is not open). */
export type StageChoice = { readonly stage: Stage } | { readonly lost: true };

const STAGE_WORDS: Record<Stage | 'lost', readonly string[]> = {
  identify: [
    'lead',
    'leadin',
    'new',
    'prospect',
    'prospecting',
    'identify',
    'identified',
    '线索',
    '潜在',
    '确定客户',
    '初步筛选',
  ],
  firstContact: [
    'contactmade',
    'appointmentscheduled',
    'initialcontact',
    'firstcontact',
    'contacted',
    'qualification',
    '初步接洽',
    '初次接触',
    '首次拜访',
    '已联系',
    '接洽',
  ],
  needsAssessment: [
    'qualified',
    'qualifiedtobuy',
    'needsanalysis',
    'needsassessment',
    'discovery',
    'needsdefined',
    '需求确认',
    '需求分析',
    '需求确定',
    '需求评估',
    '需求调研',
  ],
  presentation: [
    'presentationscheduled',
    'presentation',
    'demo',
    'demoscheduled',
    'proposal',
    'proposalmade',
    'proposalpricequote',
    'valueproposition',
    'quote',
    'quoted',
    '方案',
    '方案报价',
    '方案演示',
    '产品演示',
    '报价',
    '演示',
  ],
  displaceCompetitors: [
    'decisionmakerboughtin',
    'iddecisionmakers',
    'perceptionanalysis',
    'displacecompetitors',
    'evaluation',
    'shortlisted',
    '竞争',
    '排除竞争对手',
    '评估',
    '选型',
  ],
  negotiation: [
    'negotiation',
    'negotiationreview',
    'negotiationsstarted',
    'contractsent',
    'commit',
    '商务谈判',
    '谈判',
    '合同审批',
    '议价',
  ],
  contractFulfilment: [
    'closedwon',
    'contractfulfilment',
    'contractfulfillment',
    'won',
    'contractsigned',
    'signed',
    '赢单',
    '成交',
    '签约',
    '已签约',
    '合同执行',
    '已成交',
  ],
  afterSales: ['aftersales', 'aftersale', 'support', 'renewal', '售后', '售后服务', '回款'],
  lost: ['closedlost', 'lost', 'dead', 'disqualified', '输单', '丢单', '失败', '已流失', '关闭'],
};

const ROLE_WORDS: Record<BuyingRole, readonly string[]> = {
  initiator: ['initiator', 'originator', '发起者', '发起人'],
  decisionMaker: [
    'decisionmaker',
    'decider',
    'economicbuyer',
    'finaldecisionmaker',
    '决策者',
    '决策人',
    '拍板人',
  ],
  influencer: ['influencer', '影响者', '影响人'],
  user: ['user', 'enduser', '使用者', '用户', '最终用户'],
  purchaser: ['purchaser', 'buyer', 'procurement', '采购', '采购者', '采购员'],
  approver: ['approver', '批准者', '审批人', '批准人'],
  evaluator: [
    'evaluator',
    'technicalevaluator',
    'technicalbuyer',
    '技术评估',
    '技术把关',
    '技术评估者',
  ],
  financialGatekeeper: ['financialgatekeeper', 'finance', 'financialbuyer', '财务', '财务把关'],
  gatekeeper: ['gatekeeper', '守门者', '前台'],
};

const ATTITUDE_WORDS: Record<Attitude, readonly string[]> = {
  champion: ['champion', 'coach', 'advocate', '内线', '内线支持者', '教练'],
  supporter: ['supporter', 'positive', 'support', '支持', '支持者', '积极'],
  neutral: ['neutral', 'unknown', '中立', '一般'],
  skeptic: ['skeptic', 'sceptic', 'doubtful', '质疑', '质疑者', '怀疑'],
  opponent: ['opponent', 'against', 'negative', 'blocker', '反对', '反对者', '消极'],
};

const TIER_WORDS: Record<Tier, readonly string[]> = {
  keyStrategic: [
    'keystrategic',
    'key',
    'keyaccount',
    'strategic',
    'a',
    'vip',
    'tier1',
    '重要客户',
    '战略客户',
    '重点客户',
    'a类',
    'a级',
  ],
  key: ['major', 'b', 'tier2', '次要客户', 'b类', 'b级'],
  ordinary: ['ordinary', 'normal', 'regular', 'standard', 'c', 'tier3', '普通客户', 'c类', 'c级'],
  small: ['small', 'd', 'tier4', '小客户', 'd类', 'd级'],
};

function lookup<T extends string>(words: Record<T, readonly string[]>): Map<string, T> {
  const out = new Map<string, T>();
  for (const [choice, list] of Object.entries(words) as [T, readonly string[]][]) {
    for (const w of list) out.set(w, choice);
  }
  return out;
}

const STAGES_BY_WORD = lookup(STAGE_WORDS);
const ROLES_BY_WORD = lookup(ROLE_WORDS);
const ATTITUDES_BY_WORD = lookup(ATTITUDE_WORDS);
const TIERS_BY_WORD = lookup(TIER_WORDS);

/** "Closed Won" → contract fulfilment, "closedlost" → lost, "商务谈判" → negotiation. */
export function stageOf(raw: string): StageChoice | undefined {
  const choice = STAGES_BY_WORD.get(choiceKey(raw));
  if (choice === undefined) return undefined;
  return choice === 'lost' ? { lost: true } : { stage: choice };
}

/**
 * The buying roles of a cell that may hold several ("Decision maker; User", "决策者、使用者"):
 * the roles known, and the words that are none.
 */
export function rolesOf(raw: string): { roles: BuyingRole[]; unknown: string[] } {
  const roles: BuyingRole[] = [];
  const unknown: string[] = [];
  for (const part of raw.normalize('NFKC').split(/[;,，、/|\n]+/)) {
    if (part.trim() === '') continue;
    const role = ROLES_BY_WORD.get(choiceKey(part));
    if (role === undefined) unknown.push(part.trim());
    else if (!roles.includes(role)) roles.push(role);
  }
  return { roles, unknown };
}

export const attitudeOf = (raw: string): Attitude | undefined =>
  ATTITUDES_BY_WORD.get(choiceKey(raw));

/** A manual tier or customer grade: "A", "VIP", "重要客户", "Tier 2". */
export const tierOf = (raw: string): Tier | undefined => TIERS_BY_WORD.get(choiceKey(raw));
