import { fillTemplate } from '../../functions/core/fill-template';
import { rateWindow, signupAction } from '../../functions/core/signup';
import { matchTokenToSubscriber } from '../../functions/core/subscriber-token';
import { wantsPage } from '../../functions/http/negotiate';
import type { HttpRequest } from '../../functions/http/request';
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

test('fillTemplate escapes HTML values, keeps text values, and refuses unknown placeholders', () => {
  expect(fillTemplate('<a href="{{u}}">{{ u }}</a>', { u: 'http://x/?a=1&b="2"' }, 'html')).toBe(
    '<a href="http://x/?a=1&amp;b=&quot;2&quot;">http://x/?a=1&amp;b=&quot;2&quot;</a>',
  );
  expect(fillTemplate('{{u}}', { u: 'a&b' }, 'text')).toBe('a&b');
  expect(() => fillTemplate('{{missing}}', {}, 'html')).toThrow(/missing/);
});

const req = (headers: Record<string, string>): HttpRequest => ({
  method: 'POST',
  path: '/',
  query: {},
  params: {},
  headers,
  body: '',
  sourceIp: '127.0.0.1',
  userAgent: '',
});

test.each([
  [{ 'content-type': 'application/json' }, false],
  [{ 'content-type': 'application/json', accept: '*/*' }, false],
  [{ accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' }, true],
  [{ accept: 'application/json, text/html;q=0.5' }, false],
  [{ 'content-type': 'application/x-www-form-urlencoded' }, true],
  [{ 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', accept: '*/*' }, true],
  [{ 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, false],
])('wantsPage(%j) is %s', (headers, expected) => {
  expect(wantsPage(req(headers))).toBe(expected);
});
