import type { TableName } from '../schema/index.ts';
import { compareHlc, HlcFormatError, isHlc } from './hlc.ts';

/**
 * The stored form of one synced row: every field's value with the clock stamp it was written at.
 * `null` is a value ("cleared"); the tombstone is the field `deleted`, merged like any other.
 */
export interface StoredRow {
  id: string;
  fields: Record<string, unknown>;
  stamps: Record<string, string>;
  /** For kept fields: the stamp the current value's writer had seen when it edited. */
  bases?: Record<string, string>;
  /** For kept fields: which text versions exist and which were edited further. See mergeMutation. */
  history?: Record<string, FieldHistory>;
}

/**
 * What a kept field remembers of its past, as sorted stamp lists; the text itself is not kept
 * here. A note body edited 100 times carries about 100 stamps (~4 KB) in `builtOn`.
 */
export interface FieldHistory {
  /** Stamps of applied versions whose value was non-empty text and that nobody built on. */
  texts: string[];
  /** Stamps some applied version was written on top of (its `base`). */
  builtOn: string[];
}

/** Text that lost and that nobody edited further: keep it as a revision. */
export interface LosingValue {
  field: string;
  value: unknown;
  hlc: string;
}

/**
 * A value reported as losing earlier that a later-arriving edit turns out to have been written
 * on top of: its text lives on in that edit, so its revision can be withdrawn.
 */
export interface RetractedValue {
  field: string;
  hlc: string;
}

export interface MergeResult {
  /** The merged row; the input row itself (same object) when the mutation changed nothing. */
  row: StoredRow;
  /** Fields whose value or stamp changed. */
  changed: string[];
  losing: LosingValue[];
  retracted: RetractedValue[];
}

export interface MergeInput {
  id: string;
  hlc: string;
  fields: Record<string, unknown>;
  base?: Record<string, string>;
}

/** Fields whose losing text is kept as a revision, per table. */
export const KEEP_LOSING_FIELDS: Readonly<Partial<Record<TableName, readonly string[]>>> = {
  notes: ['body'],
};

/**
 * A value and its stamp, one field's candidate. Versions are totally ordered: by stamp; equal
 * stamps (a broken client reusing one) by canonical JSON of the value; then by base. Taking the
 * greater of two versions is therefore commutative, associative and idempotent, so replicas that
 * see the same versions in any order end up with the same row.
 */
function compareVersions(
  stampA: string,
  valueA: unknown,
  baseA: string | undefined,
  stampB: string,
  valueB: unknown,
  baseB: string | undefined,
): number {
  const byStamp = compareHlc(stampA, stampB);
  if (byStamp !== 0) return byStamp;
  if (valueA !== valueB) {
    const a = canonicalJson(valueA);
    const b = canonicalJson(valueB);
    if (a !== b) return a < b ? -1 : 1;
  }
  if (baseA === baseB) return 0;
  if (baseA === undefined) return -1;
  if (baseB === undefined) return 1;
  return compareHlc(baseA, baseB);
}

/** JSON with object keys sorted, so equal values have one spelling whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

function has(sorted: readonly string[], stamp: string): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const s = sorted[mid] as string;
    if (s === stamp) return true;
    if (s < stamp) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

function withStamp(sorted: readonly string[], stamp: string): string[] {
  let i = sorted.length;
  while (i > 0 && (sorted[i - 1] as string) > stamp) i--;
  if (sorted[i - 1] === stamp) return sorted as string[];
  return [...sorted.slice(0, i), stamp, ...sorted.slice(i)];
}

function union(a: readonly string[], b: readonly string[]): string[] {
  if (b.length === 0) return a as string[];
  if (a.length === 0) return b as string[];
  return [...new Set([...a, ...b])].sort();
}

const EMPTY_HISTORY: FieldHistory = { texts: [], builtOn: [] };

/**
 * A field's entry in one of a row's maps. Own keys only: a field named `constructor` or
 * `toString` must read as absent, not as the function every object inherits.
 */
const own = <T>(map: Readonly<Record<string, T>> | undefined, field: string): T | undefined =>
  map !== undefined && Object.hasOwn(map, field) ? map[field] : undefined;

const PROTO_FIELD = 'a field cannot be named __proto__';

/**
 * Apply one mutation to a row, field by field: the version with the greater stamp wins; equal
 * stamp and equal value is a replay and changes nothing. Never mutates its inputs.
 *
 * For fields in `keep` (KEEP_LOSING_FIELDS), text that loses is reported in `losing` so it can be
 * kept as a revision. The rule, and why it is not "the winner had not seen it":
 *
 *   A version is lost iff it is not the current value and no applied mutation was written on
 *   top of it (no mutation's `base` for the field is its stamp).
 *
 * A version somebody edited further is not lost: its text lives on in that edit, which is
 * itself the current value, lost (and kept), or edited further. So sequential edits keep
 * nothing, concurrent edits keep every loser, and no text is silently dropped.
 *
 * Comparing the loser's stamp with the winner's base ("had the winner seen a stamp this late?")
 * is what the first design said, and it drops text: Alice offline writes P; Bob writes Q, then
 * Q′ on top of Q; Alice's P arrives last and loses to Q′, whose base Q is later than P, yet Bob
 * never saw P. It also depends on arrival order, so a team's revisions would differ by timing.
 *
 * The rule above is order-independent as a final set, but one fact can arrive late: a mutation
 * written on top of a version already reported as lost (Alice edits P again before pulling, and
 * her edit arrives after Q). Then that version's stamp is listed in `retracted`; a store that
 * does not withdraw revisions merely keeps a redundant one. Every order of the same mutations
 * (with replays) ends with the same row, and reported-minus-retracted is the same set; each
 * version is reported at most once and retracted at most once, after being reported.
 *
 * Versions are identified by stamp. Two different values under one stamp come only from a broken
 * client; they are ordered by value (see compareVersions) and the loser is not kept.
 *
 * `m.hlc` and the bases used must be well-formed stamps (the Mutation schema checks them); a base
 * that is not earlier than `m.hlc` cannot be something the writer saw, and is ignored.
 */
export function mergeMutation(
  row: StoredRow | undefined,
  m: MergeInput,
  keep: readonly string[] = [],
): MergeResult {
  if (row !== undefined && row.id !== m.id) {
    throw new Error(`mutation for row ${m.id} applied to row ${row.id}`);
  }
  if (!isHlc(m.hlc)) throw new HlcFormatError(m.hlc);
  const base: StoredRow = row ?? { id: m.id, fields: {}, stamps: {} };
  let fields = base.fields;
  let stamps = base.stamps;
  let bases = base.bases;
  let history = base.history;
  let copiedFields = false;
  let copiedStamps = false;
  let copiedBases = false;
  let copiedHistory = false;
  const changed: string[] = [];
  const losing: LosingValue[] = [];
  const retracted: RetractedValue[] = [];

  for (const field of Object.keys(m.fields)) {
    // Assigning it would replace the copied object's prototype instead of storing a field.
    if (field === '__proto__') throw new Error(PROTO_FIELD);
    const value = m.fields[field];
    const kept = keep.includes(field);
    let incomingBase: string | undefined;
    if (kept) {
      const b = own(m.base, field);
      if (b !== undefined) {
        if (!isHlc(b)) throw new HlcFormatError(b);
        if (compareHlc(b, m.hlc) < 0) incomingBase = b;
      }
    }
    const curStamp = own(stamps, field);
    const curValue = own(fields, field);
    const curBase = kept ? own(bases, field) : undefined;
    const order =
      curStamp === undefined
        ? 1
        : compareVersions(m.hlc, value, incomingBase, curStamp, curValue, curBase);

    if (kept) {
      const past = own(history, field) ?? EMPTY_HISTORY;
      const newlyBuiltOn = incomingBase !== undefined && !has(past.builtOn, incomingBase);
      const builtOn = newlyBuiltOn ? withStamp(past.builtOn, incomingBase as string) : past.builtOn;
      // A version somebody built on can never be reported again, so it leaves `texts`: the list
      // stays as short as the current value plus the kept revisions.
      const replay = isText(value) && (has(past.texts, m.hlc) || has(builtOn, m.hlc));
      let texts = isText(value) && !replay ? withStamp(past.texts, m.hlc) : past.texts;
      if (newlyBuiltOn && has(texts, incomingBase as string)) {
        texts = texts.filter((t) => t !== incomingBase);
      }

      if (order > 0 && curStamp !== undefined && curStamp !== m.hlc && isText(curValue)) {
        if (!has(builtOn, curStamp)) losing.push({ field, value: curValue, hlc: curStamp });
      } else if (order < 0 && curStamp !== m.hlc && isText(value) && !replay) {
        if (!has(builtOn, m.hlc)) losing.push({ field, value, hlc: m.hlc });
      }
      // The base was reported when it lost (it is a text version, not the current value, and
      // nobody had built on it); now somebody has.
      if (newlyBuiltOn && incomingBase !== curStamp && has(past.texts, incomingBase as string)) {
        retracted.push({ field, hlc: incomingBase as string });
      }

      if (texts !== past.texts || builtOn !== past.builtOn) {
        if (!copiedHistory) {
          history = { ...history };
          copiedHistory = true;
        }
        (history as Record<string, FieldHistory>)[field] = { texts, builtOn };
      }
      if (order > 0 && curBase !== incomingBase) {
        if (!copiedBases) {
          bases = { ...bases };
          copiedBases = true;
        }
        const b = bases as Record<string, string>;
        if (incomingBase === undefined) delete b[field];
        else b[field] = incomingBase;
      }
    }

    if (order <= 0) continue;
    if (!copiedFields) {
      fields = { ...fields };
      copiedFields = true;
    }
    fields[field] = value;
    if (curStamp !== m.hlc) {
      if (!copiedStamps) {
        stamps = { ...stamps };
        copiedStamps = true;
      }
      stamps[field] = m.hlc;
    }
    if (curStamp !== m.hlc || canonicalJson(curValue) !== canonicalJson(value)) changed.push(field);
  }

  if (row !== undefined && !copiedFields && !copiedStamps && !copiedBases && !copiedHistory) {
    return { row, changed, losing, retracted };
  }
  return { row: assemble(base.id, fields, stamps, bases, history), changed, losing, retracted };
}

function assemble(
  id: string,
  fields: Record<string, unknown>,
  stamps: Record<string, string>,
  bases: Record<string, string> | undefined,
  history: Record<string, FieldHistory> | undefined,
): StoredRow {
  const row: StoredRow = { id, fields, stamps };
  if (bases !== undefined && Object.keys(bases).length > 0) row.bases = bases;
  if (history !== undefined && Object.keys(history).length > 0) row.history = history;
  return row;
}

/**
 * Two copies of one row merged field by field, each field taking the greater version (see
 * compareVersions); history is the union of both. Commutative, associative and idempotent: a
 * client can apply pulled rows in any order, any number of times. Reports nothing: revisions
 * are decided where mutations are applied (the server).
 */
export function mergeRows(a: StoredRow, b: StoredRow): StoredRow {
  if (a.id !== b.id) throw new Error(`cannot merge row ${a.id} with row ${b.id}`);
  const fields: Record<string, unknown> = {};
  const stamps: Record<string, string> = {};
  const bases: Record<string, string> = {};
  const names = new Set([...Object.keys(a.stamps), ...Object.keys(b.stamps)]);
  for (const field of [...names].sort()) {
    if (field === '__proto__') throw new Error(PROTO_FIELD);
    const sa = own(a.stamps, field);
    const sb = own(b.stamps, field);
    const ba = own(a.bases, field);
    const bb = own(b.bases, field);
    const va = own(a.fields, field);
    const vb = own(b.fields, field);
    const takeB =
      sa === undefined || (sb !== undefined && compareVersions(sb, vb, bb, sa, va, ba) > 0);
    const [stamp, value, base] = takeB ? [sb, vb, bb] : [sa, va, ba];
    if (stamp === undefined) continue;
    fields[field] = value;
    stamps[field] = stamp;
    if (base !== undefined) bases[field] = base;
  }
  const history: Record<string, FieldHistory> = {};
  for (const field of new Set([...Object.keys(a.history ?? {}), ...Object.keys(b.history ?? {})])) {
    if (field === '__proto__') throw new Error(PROTO_FIELD);
    const ha = own(a.history, field) ?? EMPTY_HISTORY;
    const hb = own(b.history, field) ?? EMPTY_HISTORY;
    const builtOn = union(ha.builtOn, hb.builtOn);
    const texts = union(ha.texts, hb.texts).filter((t) => !has(builtOn, t));
    history[field] = { texts, builtOn };
  }
  return assemble(a.id, fields, stamps, bases, history);
}
