import { startTestApp } from '../support/app';

let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

test('an unknown path is a 404 with a reason, a wrong method a 405 with Allow', async () => {
  const notFound = await fetch(`${app.url}/nope`);
  expect(notFound.status).toBe(404);
  expect(((await notFound.json()) as { error: string }).error).toMatch(/no such resource/);
  const wrong = await fetch(`${app.url}/healthz`, { method: 'POST' });
  expect(wrong.status).toBe(405);
  expect(wrong.headers.get('allow')).toBe('GET');
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
