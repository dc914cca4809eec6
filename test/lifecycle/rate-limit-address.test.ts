import { startTestApp } from '../support/app';
import { emailsTo, uniqueEmail, waitForEmail } from '../support/inbox';
import { postJson } from '../support/reader';

let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp({ SIGNUP_LIMIT_PER_IP_PER_HOUR: '1000', CONFIRM_EMAILS_PER_ADDRESS_PER_DAY: '2' });
});
afterAll(() => app.stop());

test('confirmation emails per address per day: beyond the limit, the same 202 and no email', async () => {
  const email = uniqueEmail('mailbomb');
  const bodies = new Set<string>();
  for (let i = 0; i < 5; i++) {
    const res = await postJson(`${app.url}/subscriptions`, { email });
    expect(res.status).toBe(202);
    bodies.add(await res.text());
  }
  expect(bodies.size).toBe(1);
  await waitForEmail(email, 2);
  await new Promise((r) => setTimeout(r, 300));
  expect(await emailsTo(email)).toHaveLength(2);

  // Another address is not affected.
  const other = uniqueEmail('mailbomb-other');
  await postJson(`${app.url}/subscriptions`, { email: other });
  await waitForEmail(other);
});

test('address case and spaces do not buy extra emails', async () => {
  const email = uniqueEmail('case');
  for (const variant of [email, email.toUpperCase(), ` ${email} `])
    await postJson(`${app.url}/subscriptions`, { email: variant });
  await waitForEmail(email, 2);
  await new Promise((r) => setTimeout(r, 300));
  expect(await emailsTo(email)).toHaveLength(2);
});
