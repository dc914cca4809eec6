import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { subscriberIdFor } from '../../functions/core/subscriber-id';
import { startTestApp } from '../support/app';
import { emailsTo, uniqueEmail, waitForEmail } from '../support/inbox';
import {
  confirmAt,
  confirmLinkIn,
  linkInPage,
  postForm,
  postJson,
  subscribeAndConfirm,
} from '../support/reader';

let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp({ SIGNUP_LIMIT_PER_IP_PER_HOUR: '1000' });
});
afterAll(() => app.stop());

const stored = (email: string) => app.deps.subscriberStore.get(subscriberIdFor(email));

test('the whole journey: subscribe, confirm from the email, one-click unsubscribe (RFC 8058)', async () => {
  const email = uniqueEmail('journey');
  const res = await postJson(`${app.url}/subscriptions`, {
    email: `  ${email.toUpperCase()} `,
    topics: ['llm', 'Agents', 'graph neural nets'],
    frequency: 'weekly',
  });
  expect(res.status).toBe(202);
  expect(await res.json()).toMatchObject({ status: 'accepted' });

  const pending = await stored(email);
  expect(pending).toMatchObject({
    email,
    status: 'pending',
    topics: ['llm', 'agents', 'graph neural nets'],
    frequency: 'weekly',
  });
  expect(pending?.signup?.ip).toBe('127.0.0.1');
  expect(pending?.signup?.userAgent).toBeTruthy();
  expect(pending?.expiresAt).toBeGreaterThan(Date.now() / 1000 + 6 * 86400);

  const mail = await waitForEmail(email);
  expect(mail.subject).toBe('Confirm your Papers Inbox subscription');
  const link = confirmLinkIn(mail);
  expect(link.startsWith(`${app.url}/subscriptions/confirm?token=`)).toBe(true);
  expect(mail.body.html).toContain(`href="${link}"`);
  expect(mail.body.html).not.toMatch(/\{\{/);
  expect(mail.body.text).toContain(email);

  // Opening the link (what a mail scanner does) shows a page with one button and activates no one.
  const opened = await fetch(link, { headers: { 'user-agent': 'mail-scanner/1.0' } });
  expect(opened.status).toBe(200);
  const confirmPage = await opened.text();
  expect(confirmPage).toContain('Confirm subscription');
  expect(confirmPage).toMatch(/<form method="post" action="\/subscriptions\/confirm\?token=[\w.-]+">/);
  expect((await stored(email))?.status).toBe('pending');
  expect((await stored(email))?.confirmation).toBeUndefined();

  const confirmed = await confirmAt(link, { 'user-agent': 'journey-browser/1.0' });
  expect(confirmed.status).toBe(200);
  expect(confirmed.headers.get('content-type')).toMatch(/text\/html/);
  const page = await confirmed.text();
  expect(page).toContain('Subscription confirmed');
  const active = await stored(email);
  expect(active).toMatchObject({
    status: 'active',
    confirmation: { ip: '127.0.0.1', userAgent: 'journey-browser/1.0' },
  });
  expect(active?.expiresAt).toBeUndefined();

  // Following the link again, or pressing the button again, changes nothing.
  const again = await fetch(link);
  expect(again.status).toBe(200);
  expect(await again.text()).toContain('Already confirmed');
  const pressedAgain = await confirmAt(link);
  expect(await pressedAgain.text()).toContain('Already confirmed');
  expect((await stored(email))?.confirmation).toEqual(active?.confirmation);

  const unsubscribeUrl = linkInPage(page, '/unsubscribe');
  // A GET (what mail scanners do) shows one button and changes nothing.
  const shown = await fetch(unsubscribeUrl);
  expect(shown.status).toBe(200);
  const form = await shown.text();
  expect(form.match(/<button/g)).toHaveLength(1);
  expect(form).toContain('method="post"');
  expect((await stored(email))?.status).toBe('active');

  const oneClick = await fetch(unsubscribeUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
  expect(oneClick.status).toBe(200);
  expect(await oneClick.text()).toMatch(/unsubscribed/i);
  const gone = await stored(email);
  expect(gone?.status).toBe('unsubscribed');
  expect(gone?.unsubscribedAt).toBeTruthy();

  // Idempotent: a second one-click is a 200 and keeps the first time.
  const twice = await fetch(unsubscribeUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
  expect(twice.status).toBe(200);
  expect((await stored(email))?.unsubscribedAt).toBe(gone?.unsubscribedAt);
  expect(await emailsTo(email)).toHaveLength(1);
});

test('the unsubscribe page form unsubscribes and answers with a page', async () => {
  const email = uniqueEmail('form-unsub');
  const { unsubscribe } = await subscribeAndConfirm(app.url, email);
  const res = await postForm(unsubscribe, [['confirm', 'yes']]);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/html/);
  expect(await res.text()).toContain('Unsubscribed');
  expect((await stored(email))?.status).toBe('unsubscribed');
});

test('known and unknown addresses get the identical answer; an active one gets its manage link, not a confirmation', async () => {
  const active = uniqueEmail('known-active');
  await subscribeAndConfirm(app.url, active);
  const pending = uniqueEmail('known-pending');
  await postJson(`${app.url}/subscriptions`, { email: pending });
  const unsubscribed = uniqueEmail('known-unsub');
  const { unsubscribe } = await subscribeAndConfirm(app.url, unsubscribed);
  const firstVersion = (await stored(unsubscribed))?.tokenVersion as number;
  await postForm(unsubscribe, [['List-Unsubscribe', 'One-Click']]);
  const unknown = uniqueEmail('unknown');

  const answers = [];
  for (const email of [unknown, pending, active, unsubscribed]) {
    const res = await postJson(`${app.url}/subscriptions`, { email });
    answers.push({ status: res.status, body: await res.text(), type: res.headers.get('content-type') });
  }
  for (const a of answers) expect(a).toEqual(answers[0]);
  expect(answers[0]?.status).toBe(202);

  // The active reader stays active (the request is recorded) and gets no confirmation link, but their manage link.
  const activeNow = await stored(active);
  expect(activeNow?.status).toBe('active');
  expect(activeNow?.lastSignupRequest?.at).toEqual(expect.any(String));
  const note = await waitForEmail(active, 2);
  expect(note.subject).toBe('You are already subscribed to Papers Inbox');
  expect(note.body.text).not.toMatch(/\/subscriptions\/confirm/);
  expect(note.body.html).not.toMatch(/\{\{/);
  const manage = note.body.text?.match(/http\S+\/preferences\?token=[\w.-]+/)?.[0] as string;
  expect(note.body.html).toContain(`href="${manage}"`);
  expect((await fetch(manage)).status).toBe(200);
  // The pending one got a second, the unsubscribed one is back to double opt-in.
  expect(await emailsTo(pending)).toHaveLength(2);
  const restarted = await stored(unsubscribed);
  expect(restarted).toMatchObject({ status: 'pending', tokenVersion: firstVersion + 1 });
  expect(restarted?.confirmation).toBeUndefined();
  const second = await waitForEmail(unsubscribed, 2);
  const reconfirmed = await confirmAt(confirmLinkIn(second));
  expect(reconfirmed.status).toBe(200);
  expect((await stored(unsubscribed))?.status).toBe('active');
  // The first subscription's manage links were revoked by the new opt-in; its unsubscribe link was in
  // emails we sent to this address, so it still unsubscribes (the unsubscribe link always works).
  const oldPrefs = await fetch(unsubscribe.replace('/unsubscribe?', '/preferences?'));
  expect(oldPrefs.status).toBe(400);
  expect(await oldPrefs.text()).toContain('replaced by a newer one');
  const old = await fetch(unsubscribe);
  expect(old.status).toBe(200);
  expect((await stored(unsubscribed))?.status).toBe('active');
});

test('browser form posts get pages: 202 "check your inbox" for every address, 400 page for bad input', async () => {
  const res = await postForm(`${app.url}/subscriptions`, [
    ['email', uniqueEmail('form')],
    ['topics', 'llm'],
    ['topics', 'vision,robotics'],
    ['frequency', 'daily'],
    ['website', ''],
  ]);
  expect(res.status).toBe(202);
  expect(res.headers.get('content-type')).toMatch(/text\/html/);
  expect(await res.text()).toContain('Check your inbox');

  const bad = await postForm(`${app.url}/subscriptions`, [['email', 'not-an-address']]);
  expect(bad.status).toBe(400);
  expect(await bad.text()).toContain('email is not a valid address');

  const asJson = await postForm(`${app.url}/subscriptions`, [['email', 'nope']], {
    accept: 'application/json',
  });
  expect(asJson.status).toBe(400);
  expect(((await asJson.json()) as { error: string }).error).toMatch(/email/);
});

test('form topics may repeat or be a comma list', async () => {
  const email = uniqueEmail('topics');
  await postForm(`${app.url}/subscriptions`, [
    ['email', email],
    ['topics', 'llm'],
    ['topics', 'vision, robotics,llm'],
  ]);
  expect((await stored(email))?.topics).toEqual(['llm', 'vision', 'robotics']);
});

test('a filled honeypot answers the same 202 and does nothing', async () => {
  const email = uniqueEmail('bot');
  const human = await postJson(`${app.url}/subscriptions`, { email: uniqueEmail('human') });
  const bot = await postJson(`${app.url}/subscriptions`, { email, website: 'http://spam.example' });
  expect(bot.status).toBe(202);
  expect(await bot.text()).toBe(await human.text());
  expect(await stored(email)).toBeUndefined();
  await new Promise((r) => setTimeout(r, 300));
  expect(await emailsTo(email)).toHaveLength(0);
});

test('a concurrent double signup leaves exactly one item and at most the daily allowance of emails', async () => {
  const email = uniqueEmail('race');
  const answers = await Promise.all(
    Array.from({ length: 6 }, () => postJson(`${app.url}/subscriptions`, { email, topics: ['llm'] })),
  );
  expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202, 202]);
  const scan = await app.deps.aws.doc.send(
    new ScanCommand({
      TableName: app.deps.config.tables.subscribers,
      FilterExpression: 'email = :e',
      ExpressionAttributeValues: { ':e': email },
      ConsistentRead: true,
    }),
  );
  expect(scan.Items).toHaveLength(1);
  await waitForEmail(email);
  await new Promise((r) => setTimeout(r, 300));
  const mails = await emailsTo(email);
  expect(mails.length).toBeGreaterThanOrEqual(1);
  expect(mails.length).toBeLessThanOrEqual(app.deps.config.CONFIRM_EMAILS_PER_ADDRESS_PER_DAY);
  // Every link sent during the race confirms that one subscriber.
  for (const m of mails) expect((await confirmAt(confirmLinkIn(m))).status).toBe(200);
  expect((await stored(email))?.status).toBe('active');
});

test('browser form posts also get one identical page for known and unknown addresses', async () => {
  const active = uniqueEmail('form-known');
  await subscribeAndConfirm(app.url, active);
  const pages = [];
  for (const email of [uniqueEmail('form-unknown'), active]) {
    const res = await postForm(`${app.url}/subscriptions`, [
      ['email', email],
      ['topics', 'llm'],
    ]);
    pages.push({ status: res.status, body: await res.text() });
  }
  expect(pages[1]).toEqual(pages[0]);
  expect(pages[0]?.status).toBe(202);
});

test('a suppressed address (hard bounce, complaint) gets the same 202 and no email', async () => {
  const email = uniqueEmail('suppressed');
  const { unsubscribe } = await subscribeAndConfirm(app.url, email);
  await postForm(unsubscribe, [['List-Unsubscribe', 'One-Click']]);
  const id = subscriberIdFor(email);
  const before = await app.deps.subscriberStore.get(id);
  await app.deps.subscriberStore.updateIf(id, before?.tokenVersion as number, {
    suppressed: { reason: 'complaint', at: new Date().toISOString() },
  });
  const mailsBefore = (await emailsTo(email)).length;
  const res = await postJson(`${app.url}/subscriptions`, { email });
  expect(res.status).toBe(202);
  const unknown = await postJson(`${app.url}/subscriptions`, { email: uniqueEmail('unknown-s') });
  expect(await res.text()).toBe(await unknown.text());
  await new Promise((r) => setTimeout(r, 300));
  expect(await emailsTo(email)).toHaveLength(mailsBefore);
});
