import { createHmac } from 'node:crypto';
import {
  FEEDBACK_TOKEN_TTL_SECONDS,
  issueFeedbackToken,
  packFeedbackBody,
  verifyFeedbackToken,
} from '../../functions/core/feedback-token';
import { asQueryToken } from '../../functions/core/links';
import { subscriberIdFor } from '../../functions/core/subscriber-id';

const secret = Buffer.from('a-secret-of-some-length-0123456789');
const claims = {
  subscriberId: subscriberIdFor('reader@example.com'),
  paperId: '2504.16656',
  editionId: 'daily#2026-11-30',
  version: 1764460800000,
};
const issuedAt = new Date('2026-12-01T07:00:00Z');
const dayAfter = new Date('2026-12-02T07:00:00Z');
const expiry = new Date(issuedAt.getTime() + FEEDBACK_TOKEN_TTL_SECONDS * 1000);
const base64url = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A format-2 body signed as the issuer does, with the MAC made in the test (bodies no issuer makes). */
const signedPacked = (body: Buffer) => {
  const b = body.toString('base64url');
  return `${b}.${createHmac('sha256', secret).update(`feedback2:${b}`).digest('base64url').slice(0, 22)}`;
};

test('a feedback token is base64url and a dot: a QueryToken as issued, so digests insert it as it is', () => {
  for (let version = 0; version < 50; version++) {
    // Act
    const token = issueFeedbackToken(secret, { ...claims, subscriberId: 'x'.repeat(43), version });

    // Assess
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(asQueryToken(token)).toBe(token);
    expect(verifyFeedbackToken(secret, token)).toMatchObject({ ok: true, version });
  }
});

test('a token gives back its claims until it expires, 180 days after it was issued', () => {
  // Act
  const token = issueFeedbackToken(secret, claims, issuedAt);

  // Assess
  expect(token.length).toBeLessThanOrEqual(120); // format 1 of the same claims: 207
  expect(verifyFeedbackToken(secret, token, dayAfter)).toEqual({ ok: true, ...claims });
  expect(verifyFeedbackToken(secret, token, new Date(expiry.getTime() - 1000))).toMatchObject({ ok: true });
  expect(verifyFeedbackToken(secret, token, expiry)).toEqual({ ok: false, reason: 'expired' });
});

test('any one character changed, anywhere in the token, is refused', () => {
  // Prepare
  const token = issueFeedbackToken(secret, claims, issuedAt);

  for (let i = 0; i < token.length; i++) {
    if (token[i] === '.') continue;
    // Act: the next base64url letter in place of this one (a MAC's last letter included, whose low bits
    // decode to nothing)
    const next = base64url[(base64url.indexOf(token[i] as string) + 1) % 64] as string;
    const altered = token.slice(0, i) + next + token.slice(i + 1);

    // Assess
    expect(verifyFeedbackToken(secret, altered, dayAfter)).toMatchObject({ ok: false });
  }
});

test('another secret, a shortened or padded MAC, and garbage are refused', () => {
  // Prepare
  const token = issueFeedbackToken(secret, claims, issuedAt);
  const [body, mac] = token.split('.') as [string, string];

  // Act, Assess
  expect(verifyFeedbackToken(Buffer.from('another-secret'), token, dayAfter)).toEqual({
    ok: false,
    reason: 'forged',
  });
  expect(verifyFeedbackToken(secret, `${body}.${mac.slice(0, -1)}`, dayAfter)).toMatchObject({ ok: false });
  expect(verifyFeedbackToken(secret, `${body}.${mac}A`, dayAfter)).toMatchObject({ ok: false });
  expect(verifyFeedbackToken(secret, `${body}.${mac}!`, dayAfter)).toMatchObject({ ok: false });
  expect(verifyFeedbackToken(secret, `${body}.${mac}.x`, dayAfter)).toEqual({
    ok: false,
    reason: 'malformed',
  });
  expect(verifyFeedbackToken(secret, 'garbage', dayAfter)).toEqual({ ok: false, reason: 'malformed' });
  expect(verifyFeedbackToken(secret, `${'A'.repeat(600)}.x`, dayAfter)).toEqual({
    ok: false,
    reason: 'malformed',
  });
  expect(verifyFeedbackToken(secret, '', dayAfter)).toEqual({ ok: false, reason: 'missing' });
});

test('a correctly signed body whose bytes do not add up is malformed, never read past its end', () => {
  // Prepare
  const whole = packFeedbackBody({
    sub: claims.subscriberId,
    pap: claims.paperId,
    ed: claims.editionId,
    ver: 1,
    exp: 2e9,
  });
  const bad = [
    whole.subarray(0, whole.length - 1), // cut short
    Buffer.concat([whole, Buffer.from([0])]), // a byte too many
    Buffer.from([2, 200, 1, 2, 3]), // a length past the end
    packFeedbackBody({
      sub: claims.subscriberId,
      pap: 'not-a-paper',
      ed: claims.editionId,
      ver: 1,
      exp: 2e9,
    }),
  ];

  // Act, Assess
  expect(verifyFeedbackToken(secret, signedPacked(whole), dayAfter)).toMatchObject({ ok: true, version: 1 });
  for (const body of bad)
    expect(verifyFeedbackToken(secret, signedPacked(body), dayAfter)).toEqual({
      ok: false,
      reason: 'malformed',
    });
});

describe('format 1 (JSON, whole MAC), issued until 2026-12-02', () => {
  // Issued by the code of a70baf6 with `secret`, `claims` and `issuedAt`: links in digests already
  // delivered carry this format for 180 days.
  const recorded =
    'eyJzdWIiOiJvSWVXWXRyT3Y4RFpLRm53dHJ6c1BhWXZuSGNWZjlHUCIsInBhcCI6IjI1MDQuMTY2NTYiLCJlZCI6ImRhaWx5IzIwMjYtMTEtMzAiLCJ2ZXIiOjE3NjQ0NjA4MDAwMDAsImV4cCI6MTgxMTY2MDQwMH0.8nv0QlZ08hRi9eo2pEM27YhZT7OAXxSNUjugqii7TSs';

  test('is still verified, with the same claims and expiry', () => {
    expect(verifyFeedbackToken(secret, recorded, dayAfter)).toEqual({ ok: true, ...claims });
    expect(verifyFeedbackToken(secret, recorded, expiry)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyFeedbackToken(Buffer.from('another-secret'), recorded, dayAfter)).toEqual({
      ok: false,
      reason: 'forged',
    });
  });

  test('takes no MAC made for format 2 (each format signs under its own prefix)', () => {
    // Prepare
    const [body] = recorded.split('.') as [string];
    const packedStyle = createHmac('sha256', secret).update(`feedback2:${body}`).digest('base64url');

    // Act, Assess
    for (const mac of [packedStyle, packedStyle.slice(0, 22)])
      expect(verifyFeedbackToken(secret, `${body}.${mac}`, dayAfter)).toEqual({
        ok: false,
        reason: 'forged',
      });
  });
});

test('a claim past the 255 bytes its length byte holds is refused at issue, never cut', () => {
  // Prepare
  const long = (n: number) => ({ ...claims, editionId: 'é'.repeat(n) }); // 2 bytes a letter

  // Act, Assess
  expect(() => issueFeedbackToken(secret, long(128))).toThrow(RangeError);
  for (const at of ['subscriberId', 'paperId', 'editionId'] as const)
    expect(() => issueFeedbackToken(secret, { ...claims, [at]: 'x'.repeat(256) })).toThrow(RangeError);
  // 254 bytes fit the format; the schema's 64 characters then refuse it as a claim.
  expect(verifyFeedbackToken(secret, issueFeedbackToken(secret, long(127)))).toEqual({
    ok: false,
    reason: 'malformed',
  });
});
