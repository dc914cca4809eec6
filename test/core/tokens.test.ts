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
  expect(verifyToken(secret, t, 'confirm', later)).toEqual({ ok: false, reason: 'expired' });
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
