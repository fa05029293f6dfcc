import { createHash, randomBytes } from 'node:crypto';

/** A device token: 32 random bytes, base64url. Shown once; only its hash is stored. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** An invite code: 18 random bytes (24 characters), easy to paste, infeasible to guess. */
export const newInviteCode = (): string => randomBytes(18).toString('base64url');

export const sha256 = (secret: string): Buffer =>
  createHash('sha256').update(secret, 'utf8').digest();

/** Shape of a token as sent by clients; anything else is refused before touching the database. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
