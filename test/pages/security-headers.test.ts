import { startTestApp } from '../support/app';

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

describe('the stylesheet', () => {
  test('the page links a content-hashed URL cached for a year; /assets/style.css is the same file, cached briefly', async () => {
    const page = await (await fetch(`${app.url}/`)).text();
    const href = page.match(/<link rel="stylesheet" href="([^"]+)">/)?.[1];
    expect(href).toMatch(/^\/assets\/style\.[0-9a-f]{12}\.css$/);
    const hashed = await fetch(`${app.url}${href}`);
    expect(hashed.status).toBe(200);
    expect(hashed.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(hashed.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const plain = await fetch(`${app.url}/assets/style.css`);
    expect(plain.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await plain.text()).toBe(await hashed.text());
  });

  test('a matching If-None-Match gets a 304 with no body; an unknown asset is a 404 with a reason', async () => {
    const first = await fetch(`${app.url}/assets/style.css`);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[0-9a-f]{12}"$/);
    const again = await fetch(`${app.url}/assets/style.css`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const missing = await fetch(`${app.url}/assets/style.0000.css`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toBe('no such asset');
  });
});

test('a browser asking for an unknown page gets a 404 page; an API caller still gets JSON', async () => {
  const page = await fetch(`${app.url}/no-such-page`, { headers: { accept: 'text/html,*/*;q=0.8' } });
  expect(page.status).toBe(404);
  expect(page.headers.get('content-type')).toMatch(/text\/html/);
  expect(await page.text()).toContain('Page not found');
  const api = await fetch(`${app.url}/no-such-page`);
  expect(api.status).toBe(404);
  expect(((await api.json()) as { error: string }).error).toBe('no such resource');
});
