import { startTestApp } from '../support/app';
import { header, waitForEmail } from '../support/inbox';

let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

test('the mailer sends through SES v2 with our own headers, and rejects header injection', async () => {
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
