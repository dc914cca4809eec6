import type { HttpRequest } from '../../functions/http/request';
import { crossSiteReason, securityHeaders } from '../../functions/http/security-headers';

const BASE = 'https://papers.example.com';
const req = (method: string, headers: Record<string, string>): HttpRequest => ({
  method,
  path: '/subscriptions',
  query: {},
  params: {},
  headers,
  body: '',
  sourceIp: '203.0.113.7',
  userAgent: 'test',
});

test.each([
  ['GET from another site', 'GET', { 'sec-fetch-site': 'cross-site' }, false],
  ['HEAD from another site', 'HEAD', { origin: 'https://evil.example' }, false],
  ['POST, same origin by Fetch Metadata', 'POST', { 'sec-fetch-site': 'same-origin' }, false],
  ['POST typed into the address bar (none)', 'POST', { 'sec-fetch-site': 'none' }, false],
  ['POST, Origin = PUBLIC_BASE_URL', 'POST', { origin: BASE }, false],
  [
    'POST, Origin = the Host it was sent to',
    'POST',
    { origin: 'https://api.example.net', host: 'api.example.net' },
    false,
  ],
  ['POST without Origin or Sec-Fetch-Site (RFC 8058, curl)', 'POST', {}, false],
  ['POST, cross-site', 'POST', { 'sec-fetch-site': 'cross-site', origin: BASE }, true],
  ['POST, same-site (a sibling subdomain)', 'POST', { 'sec-fetch-site': 'same-site' }, true],
  ['POST, another Origin', 'POST', { origin: 'https://evil.example', host: 'papers.example.com' }, true],
  ['POST, Origin null', 'POST', { origin: 'null' }, true],
  ['POST, Origin not a URL', 'POST', { origin: '%%%' }, true],
  ['PUT, another Origin', 'PUT', { origin: 'https://evil.example' }, true],
  ['DELETE, cross-site', 'DELETE', { 'sec-fetch-site': 'cross-site' }, true],
])('%s → refused: %s', (_name, method, headers, refused) => {
  const reason = crossSiteReason(req(method, headers as Record<string, string>), BASE);
  expect(reason !== undefined).toBe(refused);
  if (refused) expect(reason).toMatch(/from another site/);
});

test('HSTS only when the service is served over https', () => {
  expect(securityHeaders('https://papers.example.com')['strict-transport-security']).toBe('max-age=31536000');
  expect(securityHeaders('http://127.0.0.1:3000')['strict-transport-security']).toBeUndefined();
});
