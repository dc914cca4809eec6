import * as z from 'zod';
import { hmacSha256 } from './hmac';
import type { QueryToken } from './links';
import { decodeCanonical, type SigningKeys, signedByOneOf } from './tokens';

/**
 * The token of a digest's "More like this" / "Less like this" links: it names the reader, the paper and
 * the edition that carried it, and expires. One token per paper and reader serves both links; the choice
 * travels as `kind` and is only recorded by the page's form POST (so a scanner's GET cannot record
 * anything). `base64url(body).base64url(MAC)`, the MAC under a prefix of its own (`feedback…:`) so that no
 * other token of ours (manage, confirm) can ever pass for one.
 *
 * Two formats, told apart by the body's first byte:
 * - **2** (issued since 2026-12-03): the claims packed in bytes, and the HMAC-SHA256 cut to its first
 *   22 base64url characters (132 bits; RFC 2104 asks for at least half the hash): ~120 characters. A
 *   digest carries four per paper (More and Less, in the HTML and the text), so that is ~3.5 KB less a
 *   digest than format 1, and that much less to copy per reader.
 * - **1** (`{`, JSON) with the whole HMAC, ~205 characters: still verified, as links live 180 days.
 */
const payloadSchema = z.object({
  sub: z.string().min(1).max(64),
  pap: z.string().regex(/^\d{4}\.\d{4,5}$/),
  ed: z.string().min(1).max(64),
  ver: z.number().int().nonnegative(),
  exp: z.number().int().positive(),
});
type Payload = z.infer<typeof payloadSchema>;

export const FEEDBACK_TOKEN_TTL_SECONDS = 180 * 24 * 3600;
const MAX_TOKEN_LENGTH = 512;
const FORMAT_PACKED = 2;
const JSON_OPEN = 0x7b; // `{`: a format-1 body is JSON
/** Format 2's MAC: the first 22 characters (132 bits) of the HMAC's base64url, under its own prefix. */
const PACKED_MAC_CHARS = 22;
const PACKED_MAC = /^[A-Za-z0-9_-]{22}$/;
// Straight to base64url: a Buffer per digest costs 0.8 µs on Node 22, and the sender signs 10 a reader.
const packedMac = (secret: Buffer, body: string) =>
  hmacSha256(secret, `feedback2:${body}`).digest('base64url').slice(0, PACKED_MAC_CHARS);
const jsonMac = (secret: Buffer, body: string) => hmacSha256(secret, `feedback:${body}`).digest();

export interface FeedbackClaims {
  subscriberId: string;
  paperId: string;
  editionId: string;
  version: number;
}

/** Room for the longest body the schema allows (each string at most 255 bytes, as its length byte says). */
const scratch = Buffer.alloc(1 + 3 * 256 + 10);

/**
 * Format 2's body: the format byte, then sub, pap and ed each as a length byte and its UTF-8, then ver
 * (6 bytes: ms since 1970 stays below 2^48 until the year 10889) and exp (4 bytes: seconds, until 2106).
 */
export function packFeedbackBody(p: Payload): Buffer {
  const n = packInto(scratch, p);
  return Buffer.from(scratch.subarray(0, n));
}

/** Writes the body into `out`; how many bytes. Throws on a string past 255 bytes or an out-of-range number. */
function packInto(out: Buffer, p: Payload): number {
  let at = out.writeUInt8(FORMAT_PACKED, 0);
  for (const s of [p.sub, p.pap, p.ed]) {
    // `write` stops at the buffer's end, but with 256 bytes of room per string (scratch's size) a string
    // of at most 255 bytes always fits whole and a longer one writes more than 255: refused either way.
    const n = out.write(s, at + 1, 'utf8');
    if (n > 255) throw new RangeError(`a feedback token's claim is over 255 bytes: ${s.slice(0, 40)}…`);
    out.writeUInt8(n, at);
    at += 1 + n;
  }
  at = out.writeUIntBE(p.ver, at, 6);
  return out.writeUInt32BE(p.exp, at);
}

/** The claims of a format-2 body, or undefined when its bytes do not add up exactly. */
function unpack(raw: Buffer): Record<keyof Payload, unknown> | undefined {
  let at = 1;
  const strings: string[] = [];
  for (let i = 0; i < 3; i++) {
    const n = raw[at];
    if (n === undefined || at + 1 + n > raw.length) return undefined;
    strings.push(raw.toString('utf8', at + 1, at + 1 + n));
    at += 1 + n;
  }
  if (at + 10 !== raw.length) return undefined;
  const [sub, pap, ed] = strings;
  return { sub, pap, ed, ver: raw.readUIntBE(at, 6), exp: raw.readUInt32BE(at + 6) };
}

export function issueFeedbackToken(secret: Buffer, claims: FeedbackClaims, now = new Date()): QueryToken {
  // Not parsed here: the sender signs one per paper shown, and its claims come from our own items.
  // Packed in a scratch buffer (synchronous, so never shared) and encoded from it: no Buffer per token.
  const n = packInto(scratch, {
    sub: claims.subscriberId,
    pap: claims.paperId,
    ed: claims.editionId,
    ver: claims.version,
    exp: Math.floor(now.getTime() / 1000) + FEEDBACK_TOKEN_TTL_SECONDS,
  });
  const body = scratch.toString('base64url', 0, n);
  // base64url, a dot, base64url: a QueryToken by construction (test/core/feedback-token.test.ts).
  return `${body}.${packedMac(secret, body)}` as QueryToken;
}

export type FeedbackTokenCheck =
  | ({ ok: true } & FeedbackClaims)
  | { ok: false; reason: 'missing' | 'malformed' | 'forged' | 'expired' };

/**
 * Signature (constant time) and expiry; the caller checks the reader and version against the store.
 * Verified against the current and the previous key, as manage links are (`core/tokens`): a key
 * rotation must not break the More/Less links of the digests already delivered.
 */
export function verifyFeedbackToken(
  keys: Buffer | SigningKeys,
  token: unknown,
  now = new Date(),
): FeedbackTokenCheck {
  if (token === undefined || token === '') return { ok: false, reason: 'missing' };
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return { ok: false, reason: 'malformed' };
  const [body, mac] = parts as [string, string];
  // Canonical spellings only (core/tokens): a link altered in any character is refused.
  const raw = decodeCanonical(body);
  if (!raw) return { ok: false, reason: 'forged' };
  const format = raw[0] === FORMAT_PACKED ? 2 : raw[0] === JSON_OPEN ? 1 : undefined;
  if (format === undefined) return { ok: false, reason: 'malformed' };
  // Format 2's MAC is compared as the characters it is; format 1's as the bytes it spells.
  const given = format === 2 ? (PACKED_MAC.test(mac) ? Buffer.from(mac) : undefined) : decodeCanonical(mac);
  if (!given) return { ok: false, reason: 'forged' };
  const macOf =
    format === 2 ? (key: Buffer) => Buffer.from(packedMac(key, body)) : (key: Buffer) => jsonMac(key, body);
  if (!signedByOneOf(keys, given, macOf)) return { ok: false, reason: 'forged' };
  let p: Payload;
  try {
    p = payloadSchema.parse(format === 2 ? unpack(raw) : JSON.parse(raw.toString('utf8')));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (p.exp * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, subscriberId: p.sub, paperId: p.pap, editionId: p.ed, version: p.ver };
}
