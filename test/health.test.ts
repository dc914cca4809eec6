import { startTestApp } from './support/app';

let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

test('GET /healthz answers 200 when the table is reachable', async () => {
  const res = await fetch(`${app.url}/healthz`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok' });
});

test('an unknown path is a 404 with a reason, a wrong method a 405 with Allow', async () => {
  const notFound = await fetch(`${app.url}/nope`);
  expect(notFound.status).toBe(404);
  expect(((await notFound.json()) as { error: string }).error).toMatch(/no such resource/);
  const wrong = await fetch(`${app.url}/healthz`, { method: 'POST' });
  expect(wrong.status).toBe(405);
  expect(wrong.headers.get('allow')).toBe('GET');
});

test('the mailer sends through SES v2 with our own headers, and rejects header injection', async () => {
  const { waitForEmail, header } = await import('./support/inbox');
  const to = `health-${Date.now()}@example.com`;
  await app.deps.mailer.send({
    to,
    subject: 'Hello',
    html: '<p>hi</p>',
    text: 'hi',
    headers: [{ name: 'List-Id', value: 'test <list.example.com>' }],
  });
  const email = await waitForEmail(to);
  expect(email.subject).toBe('Hello');
  expect(email.body.text).toBe('hi');
  expect(header(email, 'List-Id')).toBe('test <list.example.com>');
  await expect(
    app.deps.mailer.send({ to, subject: 'x\r\nBcc: evil@example.com', html: 'x', text: 'x' }),
  ).rejects.toThrow(/line breaks/);
});
