/**
 * `npm run server -- settings`: show a team's settings, or change them from the command line,
 * checked with the same schema and the same patch rules as `PUT /v1/team/settings`
 * (shared/schema/settings.ts): a bad or unknown field is refused by name and nothing is written.
 */
import { readFileSync } from 'node:fs';
import { applySettingsPatch, type TeamSettings, TIERS } from '../shared/index.ts';
import { UsageError } from './cli.ts';
import type { Store } from './store/store.ts';

/** A value the schema refused: names the field; exit code 2, nothing written. */
export class SettingsInputError extends Error {
  override readonly name = 'SettingsInputError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(field === '' ? message : `${field}: ${message}`);
  }
}

/** `--team` by id or by exact name; a name two teams share must be given as an id. */
export async function findTeam(
  store: Store,
  raw: string | undefined,
): Promise<{ id: string; name: string }> {
  if (raw === undefined) throw new UsageError('--team ID|NAME is required');
  const wanted = raw.trim();
  const teams = await store.listTeams();
  const byId = teams.find((t) => t.id === wanted);
  if (byId) return byId;
  const byName = teams.filter((t) => t.name === wanted);
  if (byName.length === 1 && byName[0]) return byName[0];
  if (byName.length > 1)
    throw new UsageError(
      `--team: ${byName.length} teams are named "${wanted}"; give the team id (${byName.map((t) => t.id).join(', ')})`,
    );
  throw new UsageError(`--team: no team "${wanted}" on this server`);
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** "19" → 19, "true" → true, '{"a":1}' → an object, anything else stays a string. */
function parseValue(raw: string): unknown {
  const trimmed = raw.trim();
  try {
    return JSON.parse(trimmed);
  } catch {
    return trimmed;
  }
}

/**
 * One `--set NAME=VALUE` into the patch. NAME is a setting's dotted path (`cadenceDays.small`,
 * `staleStageDays`, `tierShares.key`), or `cutoffs.TIER`, the tier's share of the book in
 * percent (`cutoffs.key=19` is `tierShares.key=0.19`).
 */
function addSet(patch: Record<string, unknown>, assignment: string): void {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new UsageError(`--set: "${assignment}" is not NAME=VALUE`);
  let path = assignment.slice(0, eq).trim().split('.');
  let value = parseValue(assignment.slice(eq + 1));
  const name = path.join('.');
  if (path[0] === 'cutoffs') {
    const tier = path[1];
    if (path.length !== 2 || tier === undefined || !(TIERS as readonly string[]).includes(tier))
      throw new SettingsInputError(
        name,
        `unknown setting (cutoffs are ${TIERS.map((t) => `cutoffs.${t}`).join(', ')})`,
      );
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new SettingsInputError(name, 'must be a number (percent of the book)');
    path = ['tierShares', tier];
    value = Math.round(value * 10_000) / 1_000_000;
  }
  if (path.some((p) => p === '')) throw new SettingsInputError(name, 'unknown setting');
  // Own properties by definition, never by assignment: `__proto__` must be a key like any
  // other (and refused as unknown), not the patch's prototype.
  const put = (obj: Record<string, unknown>, key: string, v: unknown) =>
    Object.defineProperty(obj, key, {
      value: v,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  let node = patch;
  for (const key of path.slice(0, -1)) {
    const next = Object.hasOwn(node, key) ? node[key] : undefined;
    if (next !== undefined && !isRecord(next))
      throw new SettingsInputError(name, 'set twice, as a value and as a group');
    const child = isRecord(next) ? next : {};
    put(node, key, child);
    node = child;
  }
  put(node, path[path.length - 1] ?? '', value);
}

/** The patch from `--file` (a JSON object in the API's units) and the `--set`s over it. */
export function buildPatch(
  file: string | undefined,
  sets: readonly string[],
): Record<string, unknown> {
  let patch: Record<string, unknown> = {};
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new UsageError(
        `--file: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new SettingsInputError(
        '',
        `--file ${file} is not JSON: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    if (!isRecord(parsed))
      throw new SettingsInputError('', `--file ${file} must hold a JSON object of settings`);
    patch = parsed;
  }
  for (const s of sets) addSet(patch, s);
  return patch;
}

/** The patch over the team's settings, checked as a whole. Throws SettingsInputError. */
export function patchedSettings(current: TeamSettings, patch: unknown): TeamSettings {
  const result = applySettingsPatch(current, patch);
  if (!result.ok) throw new SettingsInputError(result.field, result.message);
  return result.settings;
}

const percent = (fraction: number) => `${Math.round(fraction * 10_000) / 100}%`;

/** The settings as lines: the cutoffs in percent first, then every setting by its dotted name. */
export function describeSettings(team: { id: string; name: string }, s: TeamSettings): string[] {
  const lines = [`team: ${team.name} (${team.id})`, ''];
  lines.push('cutoffs (share of the book, top down):');
  for (const tier of TIERS) lines.push(`  cutoffs.${tier} = ${percent(s.tierShares[tier])}`);
  lines.push('', 'cadence (days without a touch before an account goes cold):');
  for (const tier of TIERS) lines.push(`  cadenceDays.${tier} = ${s.cadenceDays[tier]}`);
  lines.push('', 'other settings:');
  const walk = (value: unknown, path: string) => {
    if (isRecord(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, path === '' ? k : `${path}.${k}`);
      return;
    }
    if (path.startsWith('tierShares.') || path.startsWith('cadenceDays.')) return;
    lines.push(`  ${path} = ${JSON.stringify(value)}`);
  };
  walk(s, '');
  return lines;
}

/**
 * `settings --team T` shows; with `--set` or `--file` it changes them, all or nothing. A
 * running server reads the new numbers on its next request; its tiers follow at its next
 * segmentation (a push, its periodic refresh, or a restart).
 */
export async function settingsCommand(
  store: Store,
  options: { team: string | undefined; sets: readonly string[]; file: string | undefined },
  out: (line?: string) => void,
): Promise<number> {
  const { id, name } = await findTeam(store, options.team);
  const team = await store.getTeam(id);
  if (!team) throw new UsageError(`--team: no team "${id}" on this server`);
  if (options.sets.length === 0 && options.file === undefined) {
    for (const line of describeSettings({ id, name }, team.settings)) out(line);
    return 0;
  }
  const settings = patchedSettings(team.settings, buildPatch(options.file, options.sets));
  await store.setTeamSettings(id, settings);
  out(`settings of ${name} (${id}) changed:`);
  for (const line of describeSettings({ id, name }, settings).slice(2)) out(line);
  out('');
  out(
    "A running server answers with them at once; its tiers follow at its next segmentation (after the next change to an account's value data, or within six hours).",
  );
  return 0;
}
