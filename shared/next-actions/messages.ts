import type { Catalogs } from '../i18n/index.ts';

/**
 * Titles and reasons of next actions. Parameters that are message ids (tier.*, stage.*,
 * role.*, signal.*, action.field.*) are translated by formatMessage, so merge this with
 * domainCatalog (shared/i18n/domain.ts) before formatting.
 */
export const nextActionsCatalog: Catalogs = {
  en: {
    'action.rule.touchCadence': 'Going cold',
    'action.rule.missingDecisionMaker': 'No decision maker',
    'action.rule.noChampion': 'No champion',
    'action.rule.opponentActive': 'Active opponent',
    'action.rule.stageStale': 'Deal stalled',
    'action.rule.reorderDue': 'Reorder due',
    'action.rule.complaintOverdue': 'Open complaint',
    'action.rule.buyingSignal': 'Buying signal',
    'action.rule.upgradePlan': 'Upgrade plan',
    'action.rule.unprofitable': 'Unprofitable',
    'action.rule.incompleteFile': 'Incomplete file',
    'action.rule.winBack': 'Win back',
    'action.rule.notYetTiered': 'Not yet tiered',
    'action.rule.task': 'Task',

    'action.touchCadence.title': 'Get in touch with {account}',
    'action.touchCadence.reason': 'no touch in {days} days; {tier} accounts: every {cadence} days',
    'action.touchCadence.reasonNever':
      'never touched since it was added {days} days ago; {tier} accounts: every {cadence} days',

    'action.missingDecisionMaker.title': 'Find the decision maker at {account}',
    'action.missingDecisionMaker.reason':
      'open deal “{opportunity}” and no decision maker among {contacts} known contacts',

    'action.noChampion.title': 'Win a champion at {account}',
    'action.noChampion.reason':
      'open deal “{opportunity}” and no champion among {contacts} known contacts',

    'action.opponentActive.title': 'Address {contact}’s opposition at {account}',
    'action.opponentActive.reason':
      '{contact} ({role}) opposes us on the open deal “{opportunity}”',
    'action.opponentActive.reasonNoRole': '{contact} opposes us on the open deal “{opportunity}”',

    'action.stageStale.title': 'Move “{opportunity}” forward at {account}',
    'action.stageStale.reason':
      'no progress in {days} days at {stage}; a deal is stale after {limit} days without a committed next step',

    'action.reorderDue.title': 'Contact {account} before they reorder',
    'action.reorderDue.reasonUpcoming':
      'they usually order every {interval} days; the next order is expected in {days} days',
    'action.reorderDue.reasonToday':
      'they usually order every {interval} days; the next order is expected today',
    'action.reorderDue.reasonOverdue':
      'they usually order every {interval} days; the next order is {days} days overdue',

    'action.complaintOverdue.title': 'Answer the complaint from {account}',
    'action.complaintOverdue.reason':
      'open for {hours} h; {tier} accounts: answer within {limit} h',
    'action.complaintOverdue.reasonOpen':
      'logged {hours} h ago; {tier} accounts: answer within {limit} h',
    'action.complaintOverdue.reasonJustLogged':
      'logged less than an hour ago; {tier} accounts: answer within {limit} h',

    'action.buyingSignal.title': 'Propose a next step to {account}',
    'action.buyingSignal.reason':
      '{signal} {days} days ago and no follow-up since: propose a demo, a meeting with a more senior decision maker, a trial or a partial budget',
    'action.buyingSignal.reasonToday':
      '{signal} today: propose a demo, a meeting with a more senior decision maker, a trial or a partial budget',

    'action.upgradePlan.title': 'Plan how {account} becomes a top-tier account',
    'action.upgradePlan.reason':
      '{tier} account with upgrade potential (B): potential value {potential}',
    'action.upgradePlan.reasonFlagged': '{tier} account flagged B (upgrade potential)',

    'action.unprofitable.title': 'Review the terms with {account}',
    'action.unprofitable.titlePhaseOut': 'Review the terms with {account} or phase it out',
    'action.unprofitable.reason':
      'margin of {margin} on {revenue} revenue is below the cost to serve of {cost}',
    'action.unprofitable.reasonFlagged': 'flagged D (no profit)',

    'action.incompleteFile.title': 'Complete the file of {account}',
    'action.incompleteFile.reason1': '{tier} account; its file is missing the {field1}',
    'action.incompleteFile.reason2':
      '{tier} account; its file is missing the {field1} and {field2}',
    'action.incompleteFile.reason3':
      '{tier} account; its file is missing the {field1}, {field2} and {field3}',
    'action.incompleteFile.reasonMany':
      '{tier} account; {count} of {total} file fields are missing: the {field1}, {field2}, {field3} and {more} more',
    'action.field.address': 'address',
    'action.field.phone': 'phone',
    'action.field.industry': 'industry',
    'action.field.businessProfile': 'business profile',
    'action.field.industryPosition': 'industry position and influence',
    'action.field.distributionCapacity': 'distribution capacity',
    'action.field.capitalStrength': 'capital strength',
    'action.field.commercialCredit': 'commercial credit',
    'action.field.cooperationIntent': 'cooperation intent',

    'action.winBack.title': 'Win back {account}',
    'action.winBack.reasonLost':
      'no order in {days} days; an account is lost after {limit} days without one',
    'action.winBack.reasonLostNoOrders': 'marked as lost',
    'action.winBack.reasonInterrupted':
      'orders stopped: the last was {days} days ago, and they usually order every {interval} days',
    'action.winBack.reasonInterruptedNoOrders': 'the relationship is interrupted',

    'action.notYetTiered.title': 'Add revenue or potential for {account}',
    'action.notYetTiered.reason':
      'not yet tiered: with no orders, 12-month revenue or potential revenue on file, the value pyramid cannot place it',

    'action.task.title': '{title}',
    'action.task.reason': 'a task added by hand',
    'action.task.reasonOverdue': 'a task added by hand, {days} days overdue',
  },
  zh_CN: {
    'action.rule.touchCadence': '久未联系',
    'action.rule.missingDecisionMaker': '缺少决策者',
    'action.rule.noChampion': '缺少内线支持者',
    'action.rule.opponentActive': '存在反对者',
    'action.rule.stageStale': '商机停滞',
    'action.rule.reorderDue': '即将复购',
    'action.rule.complaintOverdue': '待处理投诉',
    'action.rule.buyingSignal': '购买信号',
    'action.rule.upgradePlan': '升级计划',
    'action.rule.unprofitable': '无利可图',
    'action.rule.incompleteFile': '档案不完整',
    'action.rule.winBack': '挽回客户',
    'action.rule.notYetTiered': '未分级',
    'action.rule.task': '任务',

    'action.touchCadence.title': '联系 {account}',
    'action.touchCadence.reason': '已 {days} 天未联系；{tier}：每 {cadence} 天联系一次',
    'action.touchCadence.reasonNever':
      '建档 {days} 天以来从未联系；{tier}：每 {cadence} 天联系一次',

    'action.missingDecisionMaker.title': '找到 {account} 的决策者',
    'action.missingDecisionMaker.reason':
      '商机“{opportunity}”进行中，{contacts} 位已知联系人中没有决策者',

    'action.noChampion.title': '在 {account} 发展内线支持者',
    'action.noChampion.reason':
      '商机“{opportunity}”进行中，{contacts} 位已知联系人中没有内线支持者',

    'action.opponentActive.title': '化解 {contact}（{account}）的反对意见',
    'action.opponentActive.reason': '{contact}（{role}）反对我们正在推进的商机“{opportunity}”',
    'action.opponentActive.reasonNoRole': '{contact} 反对我们正在推进的商机“{opportunity}”',

    'action.stageStale.title': '推进 {account} 的商机“{opportunity}”',
    'action.stageStale.reason':
      '停留在“{stage}”阶段已 {days} 天，没有进展；客户超过 {limit} 天未承诺下一步，即视为停滞',

    'action.reorderDue.title': '在 {account} 复购前联系对方',
    'action.reorderDue.reasonUpcoming': '通常每 {interval} 天订货一次；预计 {days} 天后再次订货',
    'action.reorderDue.reasonToday': '通常每 {interval} 天订货一次；预计今天再次订货',
    'action.reorderDue.reasonOverdue': '通常每 {interval} 天订货一次；下次订货已逾期 {days} 天',

    'action.complaintOverdue.title': '处理 {account} 的投诉',
    'action.complaintOverdue.reason': '投诉已 {hours} 小时未解决；{tier}：应在 {limit} 小时内响应',
    'action.complaintOverdue.reasonOpen':
      '投诉已记录 {hours} 小时；{tier}：应在 {limit} 小时内响应',
    'action.complaintOverdue.reasonJustLogged':
      '投诉记录不到 1 小时；{tier}：应在 {limit} 小时内响应',

    'action.buyingSignal.title': '向 {account} 提议下一步',
    'action.buyingSignal.reason':
      '{days} 天前出现购买信号“{signal}”，之后未跟进：可提议产品演示、与更高层决策者会面、试用或先落实部分预算',
    'action.buyingSignal.reasonToday':
      '今天出现购买信号“{signal}”：可提议产品演示、与更高层决策者会面、试用或先落实部分预算',

    'action.upgradePlan.title': '制定 {account} 升级为大客户的计划',
    'action.upgradePlan.reason': '{tier}，有升级潜力（B）：潜在价值 {potential}',
    'action.upgradePlan.reasonFlagged': '{tier}，标记为 B（有升级潜力）',

    'action.unprofitable.title': '重新评估与 {account} 的合作条件',
    'action.unprofitable.titlePhaseOut': '重新评估与 {account} 的合作条件或逐步淘汰',
    'action.unprofitable.reason': '收入 {revenue} 带来的毛利 {margin} 低于服务成本 {cost}',
    'action.unprofitable.reasonFlagged': '标记为 D（无利润）',

    'action.incompleteFile.title': '完善 {account} 的客户档案',
    'action.incompleteFile.reason1': '{tier}；档案缺少{field1}',
    'action.incompleteFile.reason2': '{tier}；档案缺少{field1}和{field2}',
    'action.incompleteFile.reason3': '{tier}；档案缺少{field1}、{field2}和{field3}',
    'action.incompleteFile.reasonMany':
      '{tier}；档案 {total} 项中缺少 {count} 项：{field1}、{field2}、{field3}及其他 {more} 项',
    'action.field.address': '地址',
    'action.field.phone': '电话',
    'action.field.industry': '行业',
    'action.field.businessProfile': '经营特色',
    'action.field.industryPosition': '行业地位和影响力',
    'action.field.distributionCapacity': '分销能力',
    'action.field.capitalStrength': '资金实力',
    'action.field.commercialCredit': '商业信誉',
    'action.field.cooperationIntent': '合作意向',

    'action.winBack.title': '挽回 {account}',
    'action.winBack.reasonLost': '已 {days} 天未下单；超过 {limit} 天未下单即为流失客户',
    'action.winBack.reasonLostNoOrders': '已标记为流失客户',
    'action.winBack.reasonInterrupted':
      '订货中断：上次订货在 {days} 天前，通常每 {interval} 天订货一次',
    'action.winBack.reasonInterruptedNoOrders': '合作关系已间断',

    'action.notYetTiered.title': '补充 {account} 的收入或潜在收入',
    'action.notYetTiered.reason':
      '未分级：没有订单、近 12 个月收入或潜在收入，客户金字塔无法为其定级',

    'action.task.title': '{title}',
    'action.task.reason': '手动添加的任务',
    'action.task.reasonOverdue': '手动添加的任务，已逾期 {days} 天',
  },
};
