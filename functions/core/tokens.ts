import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Signed tokens for links in emails and pages: `base64url(payload).base64url(HMAC-SHA256)`.
 * A token is bound to one subscriber and one purpose, expires, and (for manage tokens) names the
 * subscriber's token version, so bumping the version revokes every manage token issued before.
 */
export const tokenPurposeSchema = z.enum(['confirm', 'manage']);
export type TokenPurpose = z.infer<typeof tokenPurposeSchema>;

const payloadSchema = z.object({
  sub: z.string().min(1).max(64),
  pur: tokenPurposeSchema,
  ver: z.number().int().nonnegative(),
  exp: z.number().int().positive(),
});
export type TokenPayload = z.infer<typeof payloadSchema>;

export const TOKEN_TTL_SECONDS: Record<TokenPurpose, number> = {
  confirm: 48 * 3600,
  /** Long enough for any email still in an inbox; every new email carries a fresh one. */
  manage: 180 * 24 * 3600,
};

const MAX_TOKEN_LENGTH = 512;

const sign = (secret: Buffer, body: string) => createHmac('sha256', secret).update(body).digest();

export function issueToken(
  secret: Buffer,
  claims: { subscriberId: string; purpose: TokenPurpose; version: number },
  now = new Date(),
): string {
  const payload: TokenPayload = {
    sub: claims.subscriberId,
    pur: claims.purpose,
    ver: claims.version,
    exp: Math.floor(now.getTime() / 1000) + TOKEN_TTL_SECONDS[claims.purpose],
  };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${sign(secret, body).toString('base64url')}`;
}

export type TokenCheck =
  | { ok: true; subscriberId: string; version: number }
  | { ok: false; reason: 'malformed' | 'forged' | 'expired' | 'wrong-purpose' };

/** Verifies signature (constant time), purpose and expiry. The caller compares `version` with the stored one. */
export function verifyToken(
  secret: Buffer,
  token: unknown,
  purpose: TokenPurpose,
  now = new Date(),
): TokenCheck {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return { ok: false, reason: 'malformed' };
  const [body, mac] = parts as [string, string];
  const given = Buffer.from(mac, 'base64url');
  const expected = sign(secret, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'forged' };
  let payload: TokenPayload;
  try {
    payload = payloadSchema.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (payload.pur !== purpose) return { ok: false, reason: 'wrong-purpose' };
  if (payload.exp * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, subscriberId: payload.sub, version: payload.ver };
}
