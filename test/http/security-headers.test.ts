import type { HttpRequest } from '../../functions/http/request';
import { crossSiteReason, securityHeaders } from '../../functions/http/security-headers';
import { startTestApp } from '../support/app';

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

let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

const expectSecurityHeaders = (res: Response) => {
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("form-action 'self'");
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
};

test.each([
  ['the signup page', 'GET', '/'],
  ['a JSON route', 'GET', '/healthz'],
  ['a 404', 'GET', '/no-such-page'],
  ['a 405', 'POST', '/healthz'],
  ['the stylesheet', 'GET', '/assets/style.css'],
])('every answer carries the security headers: %s', async (_name, method, path) => {
  expectSecurityHeaders(await fetch(`${app.url}${path}`, { method }));
});

const form = { 'content-type': 'application/x-www-form-urlencoded' };

test('a form posted from another site is refused with a 403 page that says why', async () => {
  const res = await fetch(`${app.url}/healthz`, {
    method: 'POST',
    headers: { ...form, accept: 'text/html', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    body: 'email=victim%40example.com',
  });
  expect(res.status).toBe(403);
  expect(res.headers.get('content-type')).toMatch(/text\/html/);
  const page = await res.text();
  expect(page).toContain('Request refused');
  expect(page).toContain('Sec-Fetch-Site: cross-site');
  expectSecurityHeaders(res);
});

test.each([
  ['Origin of another host', { origin: 'https://evil.example' }],
  ['Origin null (sandboxed frame)', { origin: 'null' }],
  ['Sec-Fetch-Site same-site', { 'sec-fetch-site': 'same-site' }],
  ['Sec-Fetch-Site cross-site with our Origin', { 'sec-fetch-site': 'cross-site', origin: 'OWN' }],
])('an API caller is refused with a JSON reason: %s', async (_name, headers: Record<string, string>) => {
  const h = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v === 'OWN' ? app.url : v]));
  const res = await fetch(`${app.url}/healthz`, {
    method: 'POST',
    headers: { ...h, 'content-type': 'application/json' },
    body: '{}',
  });
  expect(res.status).toBe(403);
  expect(((await res.json()) as { error: string }).error).toMatch(/cross-site request refused/);
});

test.each([
  ['our own Origin', { origin: 'OWN' }],
  ['Sec-Fetch-Site same-origin', { 'sec-fetch-site': 'same-origin', origin: 'OWN' }],
  ['neither header: an RFC 8058 one-click POST from a mail provider', {}],
])(
  'a POST passes the guard (and reaches the router: 405 here): %s',
  async (_name, headers: Record<string, string>) => {
    const h = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v === 'OWN' ? app.url : v]));
    const res = await fetch(`${app.url}/healthz`, {
      method: 'POST',
      headers: { ...h, ...form },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(405);
  },
);

test('GET is never refused, whatever site it comes from (links in emails and on other sites work)', async () => {
  const res = await fetch(`${app.url}/`, { headers: { 'sec-fetch-site': 'cross-site' } });
  expect(res.status).toBe(200);
});
