import { subscriberIdFor } from '../../functions/core/subscriber-id';
import { startTestApp } from '../support/app';
import { uniqueEmail } from '../support/inbox';
import { postForm, postJson } from '../support/reader';

let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp({ SIGNUP_LIMIT_PER_IP_PER_HOUR: '3' });
});
afterAll(() => app.stop());

test('signups per IP per hour: over the limit is a 429 with Retry-After, and nothing is stored', async () => {
  // Bad input and honeypot hits are answered before the counter and do not use up the allowance.
  expect((await postJson(`${app.url}/subscriptions`, { email: 'nope' })).status).toBe(400);
  expect((await postJson(`${app.url}/subscriptions`, { email: uniqueEmail(), website: 'x' })).status).toBe(
    202,
  );

  for (let i = 0; i < 3; i++)
    expect((await postJson(`${app.url}/subscriptions`, { email: uniqueEmail('ip') })).status).toBe(202);

  const email = uniqueEmail('ip-over');
  const over = await postJson(`${app.url}/subscriptions`, { email });
  expect(over.status).toBe(429);
  const retryAfter = Number(over.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(3600);
  expect(((await over.json()) as { error: string }).error).toMatch(/too many sign-ups/);
  expect(await app.deps.subscriberStore.get(subscriberIdFor(email))).toBeUndefined();

  const page = await postForm(`${app.url}/subscriptions`, [['email', email]]);
  expect(page.status).toBe(429);
  expect(page.headers.get('retry-after')).toBeTruthy();
  const text = await page.text();
  expect(text).toMatch(/too many sign-ups from your network/);
  expect(text).toContain(`value="${email}"`);
});

test('the counter is an expiring item in the throttles table', async () => {
  const { ScanCommand } = await import('@aws-sdk/lib-dynamodb');
  const out = await app.deps.aws.doc.send(new ScanCommand({ TableName: app.deps.config.tables.throttles }));
  const ip = (out.Items ?? []).filter((i) => String(i.key).startsWith('signup-ip:'));
  expect(ip).toHaveLength(1);
  expect(ip[0]?.count).toBeGreaterThan(3);
  expect(ip[0]?.key).not.toContain('127.0.0.1'); // the address is hashed
  expect(ip[0]?.expiresAt).toBeGreaterThan(Date.now() / 1000);
  expect(ip[0]?.expiresAt).toBeLessThanOrEqual(Date.now() / 1000 + 3600);
});
