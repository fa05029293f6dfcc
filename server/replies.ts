import { z } from 'zod';
import { Id, TeamSettings } from '../shared/index.ts';

/**
 * The replies of the routes that answer with a plain object rather than a shared message
 * (health, about, me, team settings). The routes type their answers with these, so a field
 * added to an answer and not here fails the typecheck; the API's description (openapi.ts) is
 * generated from them.
 */

export const HealthReply = z.object({ ok: z.literal(true), version: z.string() });
export type HealthReply = z.infer<typeof HealthReply>;

export const AboutReply = z.object({
  name: z.string(),
  version: z.string(),
  ok: z.literal(true),
  /** The path of the health check. */
  health: z.string(),
  /** Where the server is documented. */
  docs: z.string(),
  /** How a rep joins, in a sentence. */
  join: z.string(),
});
export type AboutReply = z.infer<typeof AboutReply>;

export const MeReply = z.object({
  member: z.object({ id: Id, name: z.string(), role: z.enum(['admin', 'member']) }),
  team: z.object({ id: Id, name: z.string() }),
  settings: TeamSettings,
  /** Every member of the team, by id and name. */
  members: z.array(z.object({ id: Id, name: z.string() })),
});
export type MeReply = z.infer<typeof MeReply>;

export const SettingsReply = z.object({ settings: TeamSettings });
export type SettingsReply = z.infer<typeof SettingsReply>;

/**
 * A schema's patch: every key optional, objects at any depth too, and no key the schema lacks.
 * What `PUT /v1/team/settings` takes (applySettingsPatch merges it and checks the whole).
 */
function patchOf(schema: z.ZodType): z.ZodType {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodOptional)
    inner = inner.unwrap() as z.ZodType;
  if (!(inner instanceof z.ZodObject)) return inner;
  const shape: Record<string, z.ZodType> = {};
  for (const [key, value] of Object.entries(inner.shape as Record<string, z.ZodType>))
    shape[key] = patchOf(value).optional();
  return z.strictObject(shape);
}

export const SettingsPatch = patchOf(TeamSettings);
