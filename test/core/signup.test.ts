import { rateWindow, signupAction } from '../../functions/core/signup';
import type { Subscriber } from '../../functions/schemas/subscriber';
import { aSubscriber } from '../support/seed';

const subscriber = (over: Partial<Subscriber> = {}) =>
  aSubscriber({ id: 'abc', email: 'a@example.com', tokenVersion: 5, ...over });

test('signupAction: each stored state maps to its action', () => {
  expect(signupAction(undefined)).toBe('create');
  expect(signupAction(subscriber({ status: 'pending' }))).toBe('refresh-pending');
  expect(signupAction(subscriber({ status: 'unsubscribed' }))).toBe('restart-opt-in');
  expect(signupAction(subscriber({ status: 'active' }))).toBe('already-active');
});

test('rateWindow: fixed windows with the seconds left as retry-after', () => {
  const w = rateWindow(new Date('2026-11-25T10:59:30Z'), 3600);
  expect(w.id).toBe(String(Date.parse('2026-11-25T10:00:00Z') / 1000));
  expect(w.retryAfter).toBe(30);
  expect(w.endsAt).toBe(Date.parse('2026-11-25T11:00:00Z') / 1000);
  expect(rateWindow(new Date('2026-11-25T11:00:00Z'), 3600).id).not.toBe(w.id);
});
