import { timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { hmacSha256 } from './hmac';

/**
 * Signed tokens for links in emails and pages: `base64url(payload).base64url(HMAC-SHA256)`.
 * A token is bound to one subscriber and one purpose, expires, and (for manage tokens) names the
 * subscriber's token version, so bumping the version revokes every manage token issued before.
 *
 * Encoding is canonical: each part must be exactly what base64url (no padding) of its bytes gives, so
 * a token differs from a valid one in any character only by being refused (the last character of a
 * base64 string carries unused bits: without the check, its "sibling" decodes to the same MAC).
 *
 * Keys: tokens are signed with the current key and verified against the current and the previous one
 * (a rotation never breaks a link the previous key signed). Unsubscribing alone also accepts retired
 * keys and ignores expiry: the unsubscribe link of any email ever sent keeps working (a retired key
 * that leaked could only unsubscribe readers).
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

/** The signing keys in force: `current` signs; `previous` still verifies; `retired` verifies unsubscribes only. */
export interface SigningKeys {
  current: Buffer;
  previous?: Buffer;
  retired?: readonly Buffer[];
}
const keysOf = (k: Buffer | SigningKeys): SigningKeys => (Buffer.isBuffer(k) ? { current: k } : k);

/**
 * Whether `given` is the MAC one of the keys that verify makes (`macOf`), compared in constant time:
 * the current and the previous key, and the retired ones too where `retiredToo` (unsubscribing only).
 */
export function signedByOneOf(
  keys: Buffer | SigningKeys,
  given: Buffer,
  macOf: (key: Buffer) => Buffer,
  retiredToo = false,
): boolean {
  const k = keysOf(keys);
  const candidates = [
    k.current,
    ...(k.previous ? [k.previous] : []),
    ...(retiredToo ? (k.retired ?? []) : []),
  ];
  return candidates.some((key) => {
    const expected = macOf(key);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** The bytes of `part` only if `part` is their one canonical base64url spelling. */
export function decodeCanonical(part: string): Buffer | undefined {
  if (!BASE64URL.test(part)) return undefined;
  const bytes = Buffer.from(part, 'base64url');
  return bytes.toString('base64url') === part ? bytes : undefined;
}

const sign = (secret: Buffer, body: string) => hmacSha256(secret, body).digest();

export function issueToken(
  keys: Buffer | SigningKeys,
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
  return `${body}.${sign(keysOf(keys).current, body).toString('base64url')}`;
}

/** An expired token says which kind of link it was: the page tells the reader how long that kind lasts. */
export type TokenCheck =
  | { ok: true; subscriberId: string; version: number }
  | { ok: false; reason: 'malformed' | 'forged' | 'wrong-purpose' | `expired-${TokenPurpose}` };

export interface VerifyOptions {
  /**
   * For the unsubscribe link: any key we ever signed with, no expiry. Only unsubscribing may use this,
   * since it is the one action a link from any email must always be able to do.
   */
  unsubscribeOnly?: boolean;
}

/** Verifies signature (constant time), purpose and expiry. The caller compares `version` with the stored one. */
export function verifyToken(
  keys: Buffer | SigningKeys,
  token: unknown,
  purpose: TokenPurpose,
  now = new Date(),
  options: VerifyOptions = {},
): TokenCheck {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return { ok: false, reason: 'malformed' };
  const [body, mac] = parts as [string, string];
  const given = decodeCanonical(mac);
  if (!given || !decodeCanonical(body)) return { ok: false, reason: 'forged' };
  if (!signedByOneOf(keys, given, (key) => sign(key, body), options.unsubscribeOnly))
    return { ok: false, reason: 'forged' };
  let payload: TokenPayload;
  try {
    payload = payloadSchema.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (payload.pur !== purpose) return { ok: false, reason: 'wrong-purpose' };
  if (!options.unsubscribeOnly && payload.exp * 1000 <= now.getTime())
    return { ok: false, reason: `expired-${purpose}` };
  return { ok: true, subscriberId: payload.sub, version: payload.ver };
}
