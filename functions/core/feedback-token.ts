import { timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { hmacSha256 } from './hmac';
import type { QueryToken } from './links';

/**
 * The token of a digest's "More like this" / "Less like this" links: it names the reader, the paper and
 * the edition that carried it, and expires. `base64url(payload).base64url(HMAC-SHA256)`, with the MAC
 * over a `feedback:` prefix so that no other token of ours (manage, confirm) can ever pass for one.
 * One token per paper and reader serves both links; the choice travels as `kind` and is only
 * recorded by the page's form POST (so a scanner's GET cannot record anything).
 */
const payloadSchema = z.object({
  sub: z.string().min(1).max(64),
  pap: z.string().regex(/^\d{4}\.\d{4,5}$/),
  ed: z.string().min(1).max(64),
  ver: z.number().int().nonnegative(),
  exp: z.number().int().positive(),
});

export const FEEDBACK_TOKEN_TTL_SECONDS = 180 * 24 * 3600;
const MAX_TOKEN_LENGTH = 512;
const hmac = (secret: Buffer, body: string) => hmacSha256(secret, `feedback:${body}`);

export interface FeedbackClaims {
  subscriberId: string;
  paperId: string;
  editionId: string;
  version: number;
}

export function issueFeedbackToken(secret: Buffer, claims: FeedbackClaims, now = new Date()): QueryToken {
  const body = Buffer.from(
    JSON.stringify({
      sub: claims.subscriberId,
      pap: claims.paperId,
      ed: claims.editionId,
      ver: claims.version,
      exp: Math.floor(now.getTime() / 1000) + FEEDBACK_TOKEN_TTL_SECONDS,
    }),
  ).toString('base64url');
  // base64url, a dot, base64url: a QueryToken by construction (test/core/feedback-token.test.ts).
  // The sender signs one token per paper shown: digest straight to base64url spares a Buffer (~2 µs each).
  return `${body}.${hmac(secret, body).digest('base64url')}` as QueryToken;
}

export type FeedbackTokenCheck =
  | ({ ok: true } & FeedbackClaims)
  | { ok: false; reason: 'missing' | 'malformed' | 'forged' | 'expired' };

/** Signature (constant time) and expiry; the caller checks the reader and version against the store. */
export function verifyFeedbackToken(secret: Buffer, token: unknown, now = new Date()): FeedbackTokenCheck {
  if (token === undefined || token === '') return { ok: false, reason: 'missing' };
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return { ok: false, reason: 'malformed' };
  const [body, given] = parts as [string, string];
  const a = Buffer.from(given, 'base64url');
  const b = hmac(secret, body).digest();
  if (a.length !== b.length || !timingSafeEqual(a, b)) return { ok: false, reason: 'forged' };
  let p: z.infer<typeof payloadSchema>;
  try {
    p = payloadSchema.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (p.exp * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, subscriberId: p.sub, paperId: p.pap, editionId: p.ed, version: p.ver };
}
