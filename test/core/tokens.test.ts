import { randomBytes } from 'node:crypto';
import { issueToken, TOKEN_TTL_SECONDS, verifyToken } from '../../functions/core/tokens';

const secret = randomBytes(32);
const now = new Date('2026-11-25T10:00:00Z');

test('a token round-trips for its subscriber, purpose and version', () => {
  const t = issueToken(secret, { subscriberId: 'abc', purpose: 'manage', version: 3 }, now);
  expect(verifyToken(secret, t, 'manage', now)).toEqual({ ok: true, subscriberId: 'abc', version: 3 });
});

test('a token signed with another secret is forged', () => {
  const t = issueToken(randomBytes(32), { subscriberId: 'abc', purpose: 'confirm', version: 0 }, now);
  expect(verifyToken(secret, t, 'confirm', now)).toEqual({ ok: false, reason: 'forged' });
});

test('a payload edited after signing is forged', () => {
  const t = issueToken(secret, { subscriberId: 'abc', purpose: 'confirm', version: 0 }, now);
  const [, mac] = t.split('.');
  const other = Buffer.from(JSON.stringify({ sub: 'xyz', pur: 'confirm', ver: 0, exp: 9e9 })).toString(
    'base64url',
  );
  expect(verifyToken(secret, `${other}.${mac}`, 'confirm', now)).toEqual({ ok: false, reason: 'forged' });
});

test('a confirm token expires after 48 hours', () => {
  const t = issueToken(secret, { subscriberId: 'abc', purpose: 'confirm', version: 0 }, now);
  const later = new Date(now.getTime() + TOKEN_TTL_SECONDS.confirm * 1000);
  expect(TOKEN_TTL_SECONDS.confirm).toBe(48 * 3600);
  expect(verifyToken(secret, t, 'confirm', new Date(later.getTime() - 1000)).ok).toBe(true);
  expect(verifyToken(secret, t, 'confirm', later)).toEqual({ ok: false, reason: 'expired-confirm' });
});

test('a token for one purpose does not serve another', () => {
  const t = issueToken(secret, { subscriberId: 'abc', purpose: 'confirm', version: 0 }, now);
  expect(verifyToken(secret, t, 'manage', now)).toEqual({ ok: false, reason: 'wrong-purpose' });
});

test.each([undefined, '', 'x', 'a.b.c', '.', 'abc.', `${'a'.repeat(600)}.b`])('malformed token %p', (t) => {
  expect(verifyToken(secret, t, 'confirm', now)).toEqual({
    ok: false,
    reason: expect.stringMatching(/malformed|forged/),
  });
});

test('one canonical spelling: a last character that decodes to the same MAC bytes is refused', () => {
  const t = issueToken(secret, { subscriberId: 'abc', purpose: 'manage', version: 1 }, now);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const [body, mac] = t.split('.') as [string, string];
  const siblings = [...alphabet].filter(
    (c) =>
      c !== mac.at(-1) &&
      Buffer.from(`${mac.slice(0, -1)}${c}`, 'base64url').equals(Buffer.from(mac, 'base64url')),
  );
  expect(siblings).toHaveLength(3); // 43 characters for 32 bytes: 2 unused bits in the last one
  for (const c of siblings)
    expect(verifyToken(secret, `${body}.${mac.slice(0, -1)}${c}`, 'manage', now)).toEqual({
      ok: false,
      reason: 'forged',
    });
  expect(verifyToken(secret, `${body}.${mac}=`, 'manage', now).ok).toBe(false);
  expect(verifyToken(secret, t, 'manage', now).ok).toBe(true);
});

test('during a rotation the previous key still verifies; a retired one only unsubscribes', () => {
  const previous = randomBytes(32);
  const retired = randomBytes(32);
  const keys = { current: secret, previous, retired: [retired] };
  const byPrevious = issueToken(previous, { subscriberId: 'abc', purpose: 'manage', version: 1 }, now);
  const byRetired = issueToken(retired, { subscriberId: 'abc', purpose: 'manage', version: 1 }, now);
  expect(verifyToken(keys, byPrevious, 'manage', now).ok).toBe(true);
  expect(verifyToken(keys, byRetired, 'manage', now)).toEqual({ ok: false, reason: 'forged' });
  expect(verifyToken(keys, byRetired, 'manage', now, { unsubscribeOnly: true }).ok).toBe(true);
  // New tokens are signed with the current key only.
  const fresh = issueToken(keys, { subscriberId: 'abc', purpose: 'manage', version: 1 }, now);
  expect(verifyToken(secret, fresh, 'manage', now).ok).toBe(true);
  expect(verifyToken(previous, fresh, 'manage', now).ok).toBe(false);
});

test('unsubscribing ignores expiry; every other use keeps it', () => {
  const old = issueToken(secret, { subscriberId: 'abc', purpose: 'manage', version: 1 }, now);
  const twoYearsLater = new Date(now.getTime() + 2 * 365 * 86400 * 1000);
  expect(verifyToken(secret, old, 'manage', twoYearsLater)).toEqual({ ok: false, reason: 'expired-manage' });
  expect(verifyToken(secret, old, 'manage', twoYearsLater, { unsubscribeOnly: true }).ok).toBe(true);
});
