import { isOpen, lastProgressAt } from '../pipeline/index.ts';
import { coverageGaps } from '../roles/index.ts';
import {
  type Account,
  type ActionDecision,
  type Contact,
  type Flag,
  type Note,
  type Opportunity,
  type Task,
  type TeamSettings,
  TOUCH_KINDS,
} from '../schema/index.ts';
import { segmentAccounts, shownTier } from '../segmentation/index.ts';
import { RULES } from './registry.ts';
import { taskAction } from './rules/task.ts';
import type { AccountContext, Action, Rule, RuleId, Snapshot } from './types.ts';

export interface NextActionsOptions {
  /** The rules to run; the registry by default. */
  readonly rules?: readonly Rule[];
  /**
   * Told about a rule that threw on an account. That rule's actions for that account are
   * missing; every other rule and account is unaffected. Silent by default (shared/ does no I/O).
   */
  readonly onRuleError?: (error: unknown, rule: RuleId, accountId: string | undefined) => void;
}

export interface PreparedSnapshot {
  readonly contexts: readonly AccountContext[];
  /** Open tasks attached to no account the snapshot holds, with the account id they name, if any. */
  readonly looseTasks: readonly { readonly task: Task; readonly accountId: string | undefined }[];
}

// Shared by every account that has none of a kind of row; contexts are read-only to rules.
const NONE: never[] = [];

/** Append to a per-account list, allocating it only for the first row. */
function add<T>(lists: T[][], slot: number, item: T): void {
  const list = lists[slot] as T[];
  if (list === NONE) lists[slot] = [item];
  else list.push(item);
}

/**
 * Every account's context at once, as the rules see them: for tests and tools. The engine
 * itself streams them (visitContexts).
 */
export function prepareSnapshot(
  snapshot: Snapshot,
  settings: TeamSettings,
  now: number,
): PreparedSnapshot {
  const contexts: AccountContext[] = [];
  const looseTasks = visitContexts(snapshot, settings, now, (ctx) => {
    contexts.push(ctx);
  });
  return { contexts, looseTasks };
}

type LooseTask = { readonly task: Task; readonly accountId: string | undefined };

/**
 * Index the snapshot by account in one pass over each array, so the engine is linear in the
 * snapshot and every rule reads one account's rows. A note or task without an account id
 * belongs to the account of its opportunity, else of its contacts; a deleted contact or
 * opportunity still says which account a live note was about (the visit happened). A task
 * that names an account keeps it, even one the snapshot does not hold (a loose task).
 *
 * Built for 10k accounts and 100k notes in a few tens of milliseconds on a small machine:
 * accounts get a slot number, per-account facts accumulate in columns (typed arrays for times,
 * so no number is boxed on the way), and each context is built once, whole, and handed to
 * `visit` at once: the engine runs the rules on it and lets it go, so 10k contexts are never
 * alive together (young garbage is nearly free; survivors are what the collector pays for).
 * Returns the loose tasks.
 */
function visitContexts(
  snapshot: Snapshot,
  settings: TeamSettings,
  now: number,
  visit: (ctx: AccountContext) => void,
): LooseTask[] {
  const slotOf = new Map<string, number>();
  const deletedAccounts = new Set<string>();
  const live: Account[] = [];
  for (const account of snapshot.accounts) {
    if (account.deleted) deletedAccounts.add(account.id);
    else {
      slotOf.set(account.id, live.length);
      live.push(account);
    }
  }
  const n = live.length;
  const contactsOf: Contact[][] = new Array<Contact[]>(n).fill(NONE);
  const opportunitiesOf: Opportunity[][] = new Array<Opportunity[]>(n).fill(NONE);
  const openOf: Opportunity[][] = new Array<Opportunity[]>(n).fill(NONE);
  const tasksOf: Task[][] = new Array<Task[]>(n).fill(NONE);
  const complaintsOf: Note[][] = new Array<Note[]>(n).fill(NONE);
  const signalsOf: Note[][] = new Array<Note[]>(n).fill(NONE);
  const lastTouch = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  const lastProgress = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);

  const openAccountIds = new Set<string>();
  const opportunities = snapshot.opportunities;
  for (let i = 0; i < opportunities.length; i++) {
    const o = opportunities[i] as Opportunity;
    if (o.deleted) continue;
    const slot = slotOf.get(o.accountId);
    if (slot === undefined) continue;
    add(opportunitiesOf, slot, o);
    if (o.lostAt !== undefined) continue;
    const progress = lastProgressAt(o);
    if (progress > (lastProgress[slot] as number)) lastProgress[slot] = progress;
    if (isOpen(o)) {
      add(openOf, slot, o);
      openAccountIds.add(o.accountId);
    }
  }

  const addNote = (slot: number, note: Note): void => {
    const kind = note.kind;
    if (TOUCH_KINDS.has(kind)) {
      if (note.at > (lastTouch[slot] as number)) lastTouch[slot] = note.at;
    } else if (kind === 'complaint') {
      if (note.resolvedAt === undefined) add(complaintsOf, slot, note);
    } else if (kind === 'buyingSignal') {
      add(signalsOf, slot, note);
    }
  };

  // Rows that name no account are set aside and resolved through their opportunity or contacts
  // afterwards, indexing only the opportunities and contacts they name: most rows name their
  // account, and an index of every contact would cost more than all the rest.
  const pendingNotes: Note[] = [];
  const notes = snapshot.notes;
  for (let i = 0; i < notes.length; i++) {
    const note = notes[i] as Note;
    // Plain notes feed no rule: skip them before paying for the account lookup.
    if (note.deleted || note.kind === 'note') continue;
    if (note.accountId === undefined) {
      pendingNotes.push(note);
      continue;
    }
    const slot = slotOf.get(note.accountId);
    if (slot !== undefined) addNote(slot, note);
  }
  const pendingTasks: Task[] = [];
  const looseTasks: LooseTask[] = [];
  const placeTask = (t: Task, accountId: string | undefined): void => {
    if (accountId !== undefined && deletedAccounts.has(accountId)) return;
    const slot = accountId === undefined ? undefined : slotOf.get(accountId);
    if (slot !== undefined) add(tasksOf, slot, t);
    else looseTasks.push({ task: t, accountId });
  };
  for (const t of snapshot.tasks) {
    if (t.deleted || t.doneAt !== undefined) continue;
    if (t.accountId === undefined) pendingTasks.push(t);
    else placeTask(t, t.accountId);
  }

  // Deleted rows are scanned too: a deleted contact still says whom a live note was about.
  const pending = pendingNotes.length > 0 || pendingTasks.length > 0;
  const opportunityAccount = new Map<string, string | undefined>();
  const contactAccount = new Map<string, string | undefined>();
  for (const note of pendingNotes) {
    if (note.opportunityId !== undefined) opportunityAccount.set(note.opportunityId, undefined);
    for (const id of note.contactIds) contactAccount.set(id, undefined);
  }
  for (const t of pendingTasks) {
    if (t.opportunityId !== undefined) opportunityAccount.set(t.opportunityId, undefined);
    if (t.contactId !== undefined) contactAccount.set(t.contactId, undefined);
  }
  if (opportunityAccount.size > 0) {
    for (const o of opportunities) {
      if (opportunityAccount.has(o.id)) opportunityAccount.set(o.id, o.accountId);
    }
  }
  const resolveContacts = contactAccount.size > 0;
  const contacts = snapshot.contacts;
  for (let i = 0; i < contacts.length; i++) {
    const c = contacts[i] as Contact;
    if (resolveContacts && contactAccount.has(c.id)) contactAccount.set(c.id, c.accountId);
    if (c.deleted) continue;
    const slot = slotOf.get(c.accountId);
    if (slot !== undefined) add(contactsOf, slot, c);
  }

  if (pending) {
    for (const note of pendingNotes) {
      const viaOpportunity =
        note.opportunityId === undefined ? undefined : opportunityAccount.get(note.opportunityId);
      if (viaOpportunity !== undefined) {
        const slot = slotOf.get(viaOpportunity);
        if (slot !== undefined) addNote(slot, note);
        continue;
      }
      // One note about contacts of several accounts counts once for each of them.
      const seen: number[] = [];
      for (const contactId of note.contactIds) {
        const accountId = contactAccount.get(contactId);
        const slot = accountId === undefined ? undefined : slotOf.get(accountId);
        if (slot === undefined || seen.includes(slot)) continue;
        seen.push(slot);
        addNote(slot, note);
      }
    }
    for (const t of pendingTasks) {
      placeTask(
        t,
        (t.opportunityId === undefined ? undefined : opportunityAccount.get(t.opportunityId)) ??
          (t.contactId === undefined ? undefined : contactAccount.get(t.contactId)),
      );
    }
  }

  const insights =
    snapshot.insights ??
    segmentAccounts(live, settings, now, { openOpportunityAccountIds: openAccountIds });

  for (let slot = 0; slot < n; slot++) {
    const account = live[slot] as Account;
    const raw = insights.get(account.id);
    const insight = raw?.deleted ? undefined : raw;
    const open = openOf[slot] as Opportunity[];
    if (open.length > 1) open.sort(byId);
    const accountContacts = contactsOf[slot] as Contact[];
    const touch = lastTouch[slot] as number;
    const progress = lastProgress[slot] as number;
    visit({
      account,
      insight,
      // Not segmented yet means new: the rep's tier if any, else not yet tiered without value
      // data, else small until the book-wide pyramid places it.
      tier: shownTier(account, insight) ?? 'small',
      flags: mergeFlags(insight?.flags, account.manualFlags),
      status: insight?.status ?? account.statusOverride,
      relationshipStage: insight?.relationshipStage,
      contacts: accountContacts,
      opportunities: opportunitiesOf[slot] as Opportunity[],
      openOpportunities: open,
      tasks: tasksOf[slot] as Task[],
      openComplaints: complaintsOf[slot] as Note[],
      buyingSignals: signalsOf[slot] as Note[],
      coverageGaps: open.length > 0 ? coverageGaps(accountContacts, true) : NONE,
      lastTouchAt: touch === Number.NEGATIVE_INFINITY ? undefined : touch,
      lastProgressAt: progress === Number.NEGATIVE_INFINITY ? undefined : progress,
      settings,
      now,
    });
  }
  return looseTasks;
}

function mergeFlags(
  computed: readonly Flag[] | undefined,
  manual: readonly Flag[] | undefined,
): readonly Flag[] {
  if (manual === undefined || manual.length === 0) return computed ?? NONE;
  if (computed === undefined || computed.length === 0) return manual;
  return [...new Set([...computed, ...manual])];
}

const byId = (a: { id: string }, b: { id: string }): number =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** Keys a rep has marked done, and until when each snoozed key sleeps. */
function readDecisions(decisions: readonly ActionDecision[]): {
  done: Set<string>;
  snoozedUntil: Map<string, number>;
} {
  const done = new Set<string>();
  const snoozedUntil = new Map<string, number>();
  for (const d of decisions) {
    if (d.deleted) continue;
    if (d.decision === 'done') done.add(d.actionKey);
    else if (d.snoozedUntil !== undefined) {
      // Two reps snoozing the same action: the later wake-up wins, neither is cut short.
      snoozedUntil.set(d.actionKey, Math.max(snoozedUntil.get(d.actionKey) ?? 0, d.snoozedUntil));
    }
  }
  return { done, snoozedUntil };
}

export function compareActions(a: Action, b: Action): number {
  // -1/0/1 rather than differences: a difference of two times is no small integer, and V8 boxes
  // every such comparator result on the heap (megabytes per sort of 30k actions).
  if (a.priority !== b.priority) return a.priority < b.priority ? -1 : 1;
  if (a.dueAt !== b.dueAt) return a.dueAt < b.dueAt ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const byKey = (a: Action, b: Action): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * Sort by compareActions, fast: (priority, due date, position) are packed into one unsigned
 * 64-bit number per action and sorted natively, then runs of equal priority and due date are
 * ordered by key. A comparator sort of 30k actions costs tens of milliseconds on a small machine,
 * most of it calls back into JavaScript. Falls back to the comparator when the numbers do not
 * pack (due dates that are not whole milliseconds or too far apart: about 2,000 years for 30k
 * actions, a priority outside 0–4, a big-endian machine). Sorts in place and returns the array.
 */
export function sortActions(actions: Action[]): Action[] {
  const n = actions.length;
  if (n < 64 || !LITTLE_ENDIAN) return actions.sort(compareActions);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const { dueAt: due, priority } = actions[i] as Action;
    // A rule outside the registry may break the Priority type at run time; sort it the slow way.
    if (!Number.isInteger(due) || !(priority >= 0 && priority <= 4 && Number.isInteger(priority))) {
      return actions.sort(compareActions);
    }
    if (due < min) min = due;
    if (due > max) max = due;
  }
  // Layout, high bit first: priority (3 bits) | due − min (61 − indexBits bits) | index.
  const indexBits = 32 - Math.clz32(n - 1);
  const lowDueScale = 2 ** (32 - indexBits);
  const indexScale = 2 ** indexBits;
  if (indexBits > 24 || max - min >= lowDueScale * 2 ** 29) return actions.sort(compareActions);
  const words = new Uint32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const a = actions[i] as Action;
    const rel = a.dueAt - min;
    const lowDue = rel % lowDueScale;
    words[2 * i] = lowDue * indexScale + i;
    words[2 * i + 1] = a.priority * 2 ** 29 + (rel - lowDue) / lowDueScale;
  }
  new BigUint64Array(words.buffer).sort();
  const sorted = new Array<Action>(n);
  const indexMask = indexScale - 1;
  let runStart = 0;
  for (let i = 0; i < n; i++) {
    sorted[i] = actions[(words[2 * i] as number) & indexMask] as Action;
    const sameAsPrevious =
      i > 0 &&
      words[2 * i + 1] === words[2 * i - 1] &&
      (words[2 * i] as number) >>> indexBits === (words[2 * i - 2] as number) >>> indexBits;
    if (!sameAsPrevious) {
      if (i - runStart > 1) sortRun(sorted, runStart, i);
      runStart = i;
    }
  }
  if (n - runStart > 1) sortRun(sorted, runStart, n);
  for (let i = 0; i < n; i++) actions[i] = sorted[i] as Action;
  return actions;
}

function sortRun(list: Action[], from: number, to: number): void {
  const run = list.slice(from, to).sort(byKey);
  for (let i = 0; i < run.length; i++) list[from + i] = run[i] as Action;
}

/**
 * Keys are unique by construction (they name every row that makes the occurrence), but a row
 * stored twice gives the same action twice: same key, priority and due date, so after sorting
 * the copies are neighbours. Keys are compared only between neighbours with the same priority
 * and due date, which most actions do not share.
 */
function dropRepeats(sorted: Action[]): Action[] {
  let kept = 0;
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i] as Action;
    const previous = kept > 0 ? (sorted[kept - 1] as Action) : undefined;
    if (
      previous !== undefined &&
      previous.priority === a.priority &&
      previous.dueAt === a.dueAt &&
      previous.key === a.key
    ) {
      continue;
    }
    sorted[kept++] = a;
  }
  sorted.length = kept;
  return sorted;
}

/**
 * The next actions of a book: every rule over every live account, minus the actions a rep
 * marked done or snoozed (until `snoozedUntil`), sorted by priority, then due date, then key.
 * Pure: the same snapshot, settings and time give the same list, whatever the order of the
 * snapshot's arrays. For one account's overlay, pass a snapshot of that account with the stored
 * insights: the segmentation is book-wide and cannot be computed from one account.
 */
export function nextActions(
  snapshot: Snapshot,
  settings: TeamSettings,
  now: number,
  options: NextActionsOptions = {},
): Action[] {
  const out: Action[] = [];
  const looseTasks = visitContexts(snapshot, settings, now, (ctx) => runRules(ctx, out, options));
  runLooseTasks(looseTasks, now, out, options);
  const decided = readDecisions(snapshot.decisions);
  return dropRepeats(sortActions(withoutDecided(out, decided, now)));
}

/** A generated action a rep's decision hides, with the decisions that hide it. */
export interface DecidedAction {
  readonly action: Action;
  /** The decision in force: a 'done', or else the snooze that wakes last. */
  readonly decision: ActionDecision;
  /** Every live decision on the action's key (reopening it removes them all). */
  readonly decisions: readonly ActionDecision[];
}

/**
 * The actions decisions hide right now, most recently decided first: what "Done" and "Snooze"
 * took off the list, and who did it. Computed by the same rules as nextActions over the same
 * snapshot, so only actions that would otherwise show are listed; a decision whose situation has
 * passed (the action no longer arises) hides nothing and is left out.
 */
export function decidedActions(
  snapshot: Snapshot,
  settings: TeamSettings,
  now: number,
  options: NextActionsOptions = {},
): DecidedAction[] {
  const byKey = new Map<string, ActionDecision[]>();
  for (const d of snapshot.decisions) {
    if (d.deleted) continue;
    const list = byKey.get(d.actionKey);
    if (list) list.push(d);
    else byKey.set(d.actionKey, [d]);
  }
  if (byKey.size === 0) return [];
  const all = nextActions({ ...snapshot, decisions: [] }, settings, now, options);
  const out: DecidedAction[] = [];
  for (const action of all) {
    const decisions = byKey.get(action.key);
    if (decisions === undefined) continue;
    const inForce = decisionInForce(decisions, now);
    if (inForce !== undefined) out.push({ action, decision: inForce, decisions });
  }
  return out.sort((a, b) => b.decision.createdAt - a.decision.createdAt);
}

/** The decision that hides an action now, by the rules readDecisions applies; none if it woke. */
function decisionInForce(
  decisions: readonly ActionDecision[],
  now: number,
): ActionDecision | undefined {
  let done: ActionDecision | undefined;
  let snooze: ActionDecision | undefined;
  for (const d of decisions) {
    if (d.decision === 'done') {
      if (done === undefined || d.createdAt > done.createdAt) done = d;
    } else if ((d.snoozedUntil ?? 0) > (snooze?.snoozedUntil ?? 0)) snooze = d;
  }
  if (done !== undefined) return done;
  return snooze !== undefined && (snooze.snoozedUntil ?? 0) > now ? snooze : undefined;
}

/**
 * The same actions as nextActions, handed over one account at a time with the context the rules
 * read (last touch, open opportunities, tier, ...), so a caller can keep both per account and
 * refresh one account without recomputing the book (the Book page, extension/book/). `ctx` is
 * undefined for the manual tasks attached to no account the snapshot holds. Each account's list
 * is sorted and without decided actions; the accounts come in no particular order.
 */
export function visitNextActions(
  snapshot: Snapshot,
  settings: TeamSettings,
  now: number,
  visit: (ctx: AccountContext | undefined, actions: Action[]) => void,
  options: NextActionsOptions = {},
): void {
  const decided = readDecisions(snapshot.decisions);
  const looseTasks = visitContexts(snapshot, settings, now, (ctx) => {
    const out: Action[] = [];
    runRules(ctx, out, options);
    visit(ctx, dropRepeats(sortActions(withoutDecided(out, decided, now))));
  });
  const loose: Action[] = [];
  runLooseTasks(looseTasks, now, loose, options);
  if (loose.length > 0)
    visit(undefined, dropRepeats(sortActions(withoutDecided(loose, decided, now))));
}

/**
 * Every rule on one account. Per rule and account: one rule tripping on one odd row costs that
 * rule's actions for that account (whatever it appended before throwing is taken back), nothing
 * else.
 */
function runRules(ctx: AccountContext, out: Action[], options: NextActionsOptions): void {
  const rules = options.rules ?? RULES;
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r] as Rule;
    const before = out.length;
    try {
      rule.run(ctx, out);
    } catch (error) {
      out.length = before;
      options.onRuleError?.(error, rule.id, ctx.account.id);
    }
  }
}

function runLooseTasks(
  looseTasks: readonly LooseTask[],
  now: number,
  out: Action[],
  options: NextActionsOptions,
): void {
  if (!(options.rules ?? RULES).some((r) => r.id === 'task')) return;
  for (const { task, accountId } of looseTasks) {
    try {
      out.push(taskAction(task, accountId, now));
    } catch (error) {
      options.onRuleError?.(error, 'task', accountId);
    }
  }
}

/** Drop the actions a rep marked done, or snoozed until after `now`. */
function withoutDecided(
  actions: Action[],
  { done, snoozedUntil }: ReturnType<typeof readDecisions>,
  now: number,
): Action[] {
  if (done.size === 0 && snoozedUntil.size === 0) return actions;
  return actions.filter((a) => {
    if (done.has(a.key)) return false;
    const until = snoozedUntil.get(a.key);
    return until === undefined || until <= now;
  });
}
