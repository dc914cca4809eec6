import { subscriberIdFor } from '../../functions/core/subscriber-id';
import { issueToken } from '../../functions/core/tokens';
import { startTestApp } from '../support/app';
import { uniqueEmail, waitForEmail } from '../support/inbox';
import { confirmAt, confirmLinkIn, postJson, subscribeAndConfirm, tokenOf } from '../support/reader';

let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp({ SIGNUP_LIMIT_PER_IP_PER_HOUR: '1000' });
});
afterAll(() => app.stop());

const stored = (email: string) => app.deps.subscriberStore.get(subscriberIdFor(email));
const HOUR = 3600 * 1000;

async function pendingSignup(tag: string) {
  const email = uniqueEmail(tag);
  await postJson(`${app.url}/subscriptions`, { email });
  return { email, link: confirmLinkIn(await waitForEmail(email)) };
}

/** Swaps the payload of a token for another while keeping its signature. */
function withPayload(token: string, change: (p: Record<string, unknown>) => void): string {
  const [body, mac] = token.split('.') as [string, string];
  const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  change(payload);
  return `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${mac}`;
}

test('an expired confirm link is a 400 page that says so and how to get a new one', async () => {
  const { email } = await pendingSignup('expired');
  const secret = await app.deps.signingSecret();
  const old = issueToken(
    secret,
    {
      subscriberId: subscriberIdFor(email),
      purpose: 'confirm',
      version: (await stored(email))?.tokenVersion ?? -1,
    },
    new Date(Date.now() - 49 * HOUR),
  );
  const res = await fetch(`${app.url}/subscriptions/confirm?token=${old}`);
  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toMatch(/text\/html/);
  const page = await res.text();
  expect(page).toContain('This confirmation link has expired: confirmation links last 48 hours.');
  expect(page).toContain('Sign up again');
  // The button's POST is refused the same way.
  const pressed = await confirmAt(`${app.url}/subscriptions/confirm?token=${old}`);
  expect(pressed.status).toBe(400);
  expect((await stored(email))?.status).toBe('pending');
});

test('an expired manage link is refused on preferences, saying which link and how long it lasted', async () => {
  const email = uniqueEmail('expired-manage');
  await subscribeAndConfirm(app.url, email);
  const secret = await app.deps.signingSecret();
  const old = issueToken(
    secret,
    {
      subscriberId: subscriberIdFor(email),
      purpose: 'manage',
      version: (await stored(email))?.tokenVersion ?? -1,
    },
    new Date(Date.now() - 181 * 24 * HOUR),
  );
  const prefs = await fetch(`${app.url}/preferences?token=${old}`);
  expect(prefs.status).toBe(400);
  const page = await prefs.text();
  expect(page).toContain('This preferences link has expired');
  expect(page).toContain('last 180 days');
  expect(page).not.toContain('48 hours');
  expect((await stored(email))?.status).toBe('active');
});

test("a two-year-old email's one-click unsubscribe (RFC 8058) unsubscribes, through the real HTTP path", async () => {
  const email = uniqueEmail('two-years');
  await subscribeAndConfirm(app.url, email);
  const twoYearsAgo = new Date(Date.now() - 2 * 365 * 24 * HOUR);
  // Minted two years back, as the digest then did: a manage token in List-Unsubscribe and the footer.
  const old = issueToken(
    await app.deps.signingSecret(),
    {
      subscriberId: subscriberIdFor(email),
      purpose: 'manage',
      version: (await stored(email))?.tokenVersion ?? -1,
    },
    twoYearsAgo,
  );
  // The unsubscribe page still opens (and changes nothing).
  const shown = await fetch(`${app.url}/unsubscribe?token=${old}`);
  expect(shown.status).toBe(200);
  expect((await stored(email))?.status).toBe('active');
  const res = await fetch(`${app.url}/unsubscribe?token=${old}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
  expect(res.status).toBe(200);
  expect(await res.text()).toBe('Unsubscribed.\n');
  expect((await stored(email))?.status).toBe('unsubscribed');
});

test('a signature spelled with the sibling of its last base64url character is refused', async () => {
  const { email, link } = await pendingSignup('sibling');
  const token = tokenOf(link);
  const last = token.at(-1) as string;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  // A 32-byte MAC is 43 characters: the last one carries 4 bits and 2 unused ones, so 3 siblings decode alike.
  const siblings = [...alphabet].filter(
    (c) =>
      c !== last &&
      Buffer.from(`${token.split('.')[1]?.slice(0, -1)}${c}`, 'base64url').equals(
        Buffer.from(token.split('.')[1] as string, 'base64url'),
      ),
  );
  expect(siblings.length).toBeGreaterThan(0);
  for (const c of siblings) {
    const res = await confirmAt(`${app.url}/subscriptions/confirm?token=${token.slice(0, -1)}${c}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('This link is not valid');
  }
  expect((await stored(email))?.status).toBe('pending');
  expect((await confirmAt(link)).status).toBe(200);
});

test('a forged token (altered signature) is a 400 page naming it; nothing changes', async () => {
  const { email, link } = await pendingSignup('forged');
  const token = tokenOf(link);
  const flipped = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
  const res = await fetch(`${app.url}/subscriptions/confirm?token=${flipped}`);
  expect(res.status).toBe(400);
  expect(await res.text()).toContain('This link is not valid');
  const wrongSecret = issueToken(Buffer.from('not the secret'), {
    subscriberId: subscriberIdFor(email),
    purpose: 'confirm',
    version: 0,
  });
  const res2 = await fetch(`${app.url}/subscriptions/confirm?token=${wrongSecret}`);
  expect(res2.status).toBe(400);
  expect((await stored(email))?.status).toBe('pending');
});

test('cross-subscriber: a token re-pointed at another subscriber is forged; a token only acts on its own', async () => {
  const a = uniqueEmail('cross-a');
  const b = uniqueEmail('cross-b');
  const linksA = await subscribeAndConfirm(app.url, a);
  await subscribeAndConfirm(app.url, b);
  const stolen = withPayload(tokenOf(linksA.unsubscribe), (p) => {
    p.sub = subscriberIdFor(b);
  });
  const res = await fetch(`${app.url}/unsubscribe?token=${stolen}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
  expect(res.status).toBe(400);
  expect((await stored(b))?.status).toBe('active');
  expect((await stored(a))?.status).toBe('active');
  // A's own link unsubscribes A and only A.
  await fetch(linksA.unsubscribe, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
  expect((await stored(a))?.status).toBe('unsubscribed');
  expect((await stored(b))?.status).toBe('active');
});

test('a token for one purpose does not work for another', async () => {
  const { email, link } = await pendingSignup('purpose');
  const res = await fetch(`${app.url}/unsubscribe?token=${tokenOf(link)}`);
  expect(res.status).toBe(400);
  expect(await res.text()).toContain('made for a different page');
  const linksOf = await subscribeAndConfirm(app.url, uniqueEmail('purpose-manage'));
  const back = await fetch(`${app.url}/subscriptions/confirm?token=${tokenOf(linksOf.preferences)}`);
  expect(back.status).toBe(400);
  expect((await stored(email))?.status).toBe('pending');
});

test('a revoked manage token (older version) is refused', async () => {
  const email = uniqueEmail('revoked');
  const links = await subscribeAndConfirm(app.url, email);
  const s = await stored(email);
  // Revocation is a bump of the stored version; every token naming the old one stops working.
  const version = s?.tokenVersion as number;
  expect(
    await app.deps.subscriberStore.updateIf(s?.id as string, version, { tokenVersion: version + 1 }),
  ).toBe(true);
  const res = await fetch(links.preferences);
  expect(res.status).toBe(400);
  expect(await res.text()).toContain('replaced by a newer one');
  const fresh = issueToken(await app.deps.signingSecret(), {
    subscriberId: s?.id as string,
    purpose: 'manage',
    version: version + 1,
  });
  expect((await fetch(`${app.url}/preferences?token=${fresh}`)).status).toBe(200);
});

test('a valid token for an unknown subscriber answers exactly like a forged one', async () => {
  const secret = await app.deps.signingSecret();
  const nobody = issueToken(secret, {
    subscriberId: subscriberIdFor(uniqueEmail('nobody')),
    purpose: 'manage',
    version: 0,
  });
  const { link } = await pendingSignup('forged-compare');
  const forged = withPayload(tokenOf(link), (p) => {
    p.pur = 'manage';
  });
  const unknown = await fetch(`${app.url}/preferences?token=${nobody}`);
  const fake = await fetch(`${app.url}/preferences?token=${forged}`);
  expect(unknown.status).toBe(400);
  expect(fake.status).toBe(400);
  expect(await unknown.text()).toBe(await fake.text());
});

test('missing and damaged tokens get a 400 page with a reason on every link route', async () => {
  for (const path of ['/subscriptions/confirm', '/unsubscribe', '/preferences', '/preferences/export']) {
    const missing = await fetch(`${app.url}${path}`);
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('This link has no token');
    const damaged = await fetch(`${app.url}${path}?token=abc`);
    expect(damaged.status).toBe(400);
    expect(await damaged.text()).toContain('This link is damaged');
  }
});

test('an old confirm link after unsubscribing does not sign the reader up again', async () => {
  const { email, link } = await pendingSignup('confirm-after-unsub');
  const confirmed = await (await confirmAt(link)).text();
  const unsubscribe = confirmed.match(/href="([^"]+\/unsubscribe\?token=[^"]+)"/)?.[1] as string;
  await fetch(unsubscribe.replace(/&amp;/g, '&'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
  const res = await fetch(link);
  expect(res.status).toBe(400);
  expect(await res.text()).toContain('You unsubscribed after confirming');
  expect((await stored(email))?.status).toBe('unsubscribed');
});
