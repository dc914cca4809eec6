import { matchTokenToSubscriber } from '../../functions/core/subscriber-token';
import type { Subscriber } from '../../functions/schemas/subscriber';
import { aSubscriber } from '../support/seed';

const subscriber = (over: Partial<Subscriber> = {}) =>
  aSubscriber({ id: 'abc', email: 'a@example.com', tokenVersion: 5, ...over });

test('matchTokenToSubscriber: unknown or other subscriber reads as forged, older version as revoked', () => {
  const ok = { ok: true as const, subscriberId: 'abc', version: 5 };
  expect(matchTokenToSubscriber(ok, undefined)).toEqual({ ok: false, reason: 'forged' });
  expect(matchTokenToSubscriber(ok, subscriber({ id: 'xyz' }))).toEqual({ ok: false, reason: 'forged' });
  expect(matchTokenToSubscriber({ ...ok, version: 4 }, subscriber())).toEqual({
    ok: false,
    reason: 'revoked',
  });
  expect(matchTokenToSubscriber({ ok: false, reason: 'expired-manage' }, subscriber())).toEqual({
    ok: false,
    reason: 'expired-manage',
  });
  expect(matchTokenToSubscriber(ok, subscriber())).toMatchObject({ ok: true });
});

test('unsubscribing accepts any version of this subscription, none from before it was created', () => {
  const created = Date.parse('2026-01-01T00:00:00Z');
  const s = subscriber({ createdAt: '2026-01-01T00:00:00.000Z', tokenVersion: created + 2 });
  const at = (version: number) => ({ ok: true as const, subscriberId: s.id, version });
  const unsub = { unsubscribeOnly: true };
  expect(matchTokenToSubscriber(at(created), s, unsub)).toMatchObject({ ok: true });
  expect(matchTokenToSubscriber(at(created + 2), s, unsub)).toMatchObject({ ok: true });
  expect(matchTokenToSubscriber(at(created), s)).toEqual({ ok: false, reason: 'revoked' });
  // An erased earlier subscription of the address: its versions are older than this item.
  expect(matchTokenToSubscriber(at(created - 1), s, unsub)).toEqual({ ok: false, reason: 'revoked' });
  expect(matchTokenToSubscriber(at(created + 3), s, unsub)).toEqual({ ok: false, reason: 'revoked' });
});
