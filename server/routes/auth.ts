import { Hono } from 'hono';
import { JoinRequest, type JoinResponse, parseOrThrow } from '../../shared/index.ts';
import { type AppDeps, type AppEnv, readJson } from '../context.ts';
import { HttpFailure } from '../errors.ts';
import { newToken, sha256 } from '../secrets.ts';
import { InviteError, redeemInvite } from '../store/identity.ts';

export function authRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // Join a team with an invite code: the device token in the reply is shown this once.
  app.post('/join', async (c) => {
    const body = parseOrThrow(JoinRequest, await readJson(c));
    const token = newToken();
    try {
      const joined = redeemInvite(
        deps.db,
        {
          inviteHash: sha256(body.inviteCode),
          tokenHash: sha256(token),
          deviceName: body.deviceName,
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
      if (error instanceof InviteError) {
        throw new HttpFailure(
          error.problem === 'unknown' ? 400 : 409,
          `invite_${error.problem}`,
          error.message,
          'inviteCode',
        );
      }
      throw error;
    }
  });

  return app;
}
