import { Hono } from 'hono';
import {
  type InvitePreview,
  InvitePreviewRequest,
  JoinRequest,
  type JoinResponse,
  parseOrThrow,
} from '../../shared/index.ts';
import { type AppDeps, type AppEnv, readJson } from '../context.ts';
import { HttpFailure } from '../errors.ts';
import { newToken, sha256 } from '../secrets.ts';
import { InviteError } from '../store/identity.ts';

export function authRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // Join a team with an invite code: the device token in the reply is shown this once.
  app.post('/join', async (c) => {
    const body = parseOrThrow(JoinRequest, await readJson(c));
    const token = newToken();
    try {
      const joined = await deps.store.redeemInvite(
        {
          inviteHash: sha256(body.inviteCode),
          tokenHash: sha256(token),
          deviceName: body.deviceName,
          memberName: body.memberName,
        },
        (deps.now ?? Date.now)(),
      );
      deps.log.info('joined', {
        teamId: joined.teamId,
        memberId: joined.memberId,
        tokenId: joined.tokenId,
      });
      const reply: JoinResponse = { token, teamId: joined.teamId, memberId: joined.memberId };
      return c.json(reply);
    } catch (error) {
      throw inviteFailure(error);
    }
  });

  // What an invite is for, before joining: the form shows the team and fills in the person's
  // name. Spends nothing; limited per address with the rest of /v1/auth, so it is no oracle
  // for guessing codes (24 random characters besides).
  app.post('/invite', async (c) => {
    const body = parseOrThrow(InvitePreviewRequest, await readJson(c));
    try {
      const summary = await deps.store.previewInvite(
        sha256(body.inviteCode),
        (deps.now ?? Date.now)(),
      );
      const reply: InvitePreview = summary;
      return c.json(reply);
    } catch (error) {
      throw inviteFailure(error);
    }
  });

  return app;
}

/** An invite that cannot be used, as the HTTP error naming the field; anything else as it is. */
function inviteFailure(error: unknown): unknown {
  if (!(error instanceof InviteError)) return error;
  return new HttpFailure(
    error.problem === 'unknown' ? 400 : 409,
    `invite_${error.problem}`,
    error.message,
    'inviteCode',
  );
}
