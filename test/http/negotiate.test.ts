import { wantsPage } from '../../functions/http/negotiate';
import type { HttpRequest } from '../../functions/http/request';

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
