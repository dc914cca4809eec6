import { startTestApp } from '../../support/app';

let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

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
