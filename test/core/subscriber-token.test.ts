import { matchTokenToSubscriber } from '../../functions/core/subscriber-token';
import type { Subscriber } from '../../functions/schemas/subscriber';

const subscriber = (over: Partial<Subscriber> = {}): Subscriber => ({
  id: 'abc',
  email: 'a@example.com',
  status: 'active',
  topics: [],
  frequency: 'daily',
  tokenVersion: 5,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

test('matchTokenToSubscriber: unknown or other subscriber reads as forged, older version as revoked', () => {
  const ok = { ok: true as const, subscriberId: 'abc', version: 5 };
  expect(matchTokenToSubscriber(ok, undefined)).toEqual({ ok: false, reason: 'forged' });
  expect(matchTokenToSubscriber(ok, subscriber({ id: 'xyz' }))).toEqual({ ok: false, reason: 'forged' });
  expect(matchTokenToSubscriber({ ...ok, version: 4 }, subscriber())).toEqual({
    ok: false,
    reason: 'revoked',
  });
  expect(matchTokenToSubscriber({ ok: false, reason: 'expired' }, subscriber())).toEqual({
    ok: false,
    reason: 'expired',
  });
  expect(matchTokenToSubscriber(ok, subscriber())).toMatchObject({ ok: true });
});
