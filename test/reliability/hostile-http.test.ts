import fc from 'fast-check';
import { startTestApp } from '../support/app';
import { emailsTo, uniqueEmail, waitForEmail } from '../support/inbox';
import { confirmAt, confirmLinkIn, postJson, subscribeAndConfirm, tokenOf } from '../support/reader';

/**
 * Property-based requests (fast-check) against the real HTTP API on the emulators: whatever arrives in
 * the path, query, headers or body, the answer is below 500 and carries no stack trace.
 */
let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  // The per-IP signup limit is raised so that a 429 does not hide what the body validation answers.
  app = await startTestApp({ SIGNUP_LIMIT_PER_IP_PER_HOUR: '1000000000' });
});
afterAll(() => app.stop());

const STACK = /\n\s+at |node_modules|\.ts:\d+|\.js:\d+|TypeError|ReferenceError|SyntaxError: /;
const printable = fc.string({
  unit: fc.constantFrom(...' !"#$%&\'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~'.split('')),
  maxLength: 60,
});
const anyText = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  printable,
);
const token = fc.oneof(
  anyText,
  fc.base64String({ maxLength: 120 }),
  fc
    .tuple(fc.base64String({ maxLength: 60 }), fc.base64String({ maxLength: 44 }))
    .map(([a, b]) => `${a}.${b}`),
  fc.constant('x'.repeat(5000)),
);
const routes: [string, string][] = [
  ['GET', '/health'],
  ['POST', '/subscriptions'],
  ['GET', '/subscriptions/confirm'],
  ['POST', '/subscriptions/confirm'],
  ['GET', '/unsubscribe'],
  ['POST', '/unsubscribe'],
  ['GET', '/preferences'],
  ['POST', '/preferences'],
  ['GET', '/preferences/export'],
  ['GET', '/editions'],
  ['GET', '/editions.atom'],
  ['GET', '/editions/2026-09-01'],
  ['POST', '/editions'],
  ['DELETE', '/subscriptions'],
  ['GET', '/no-such-path'],
];
const contentTypes = fc.constantFrom(
  'application/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'text/plain',
  'application/json; charset=utf-16',
  'text/html',
  '',
);
const body = fc.oneof(
  anyText,
  fc.json(),
  fc
    .record(
      {
        email: fc.oneof(fc.emailAddress(), anyText, fc.constant(`${'a'.repeat(400)}@x.example`)),
        topics: fc.oneof(fc.array(anyText, { maxLength: 5 }), anyText, fc.constant(['llm'])),
        frequency: fc.oneof(fc.constantFrom('daily', 'weekly'), anyText),
        action: fc.oneof(fc.constantFrom('update', 'erase'), anyText),
        confirm: fc.oneof(fc.constant('yes'), anyText),
        website: anyText,
      },
      { requiredKeys: [] },
    )
    .chain((o) =>
      fc.constantFrom(JSON.stringify(o), new URLSearchParams(o as Record<string, string>).toString()),
    ),
  fc.constant('{"email":'.repeat(2000)),
);

test('no request shape gets a 5xx or a stack trace', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...routes),
      fc.dictionary(fc.oneof(fc.constant('token'), fc.constant('kind'), anyText), token, { maxKeys: 3 }),
      contentTypes,
      fc.constantFrom('application/json', 'text/html', '*/*', '', 'text/html;q=0, application/json'),
      fc.dictionary(
        fc.constantFrom('x-forwarded-for', 'user-agent', 'cookie', 'referer', 'origin', 'x-custom'),
        printable,
        { maxKeys: 3 },
      ),
      body,
      async ([method, path], query, contentType, accept, headers, payload) => {
        const qs = new URLSearchParams(query).toString();
        const res = await fetch(`${app.url}${path}${qs ? `?${qs}` : ''}`, {
          method,
          headers: {
            ...headers,
            ...(contentType ? { 'content-type': contentType } : {}),
            ...(accept ? { accept } : {}),
          },
          body: method === 'GET' ? undefined : payload,
          redirect: 'manual',
        });
        const text = await res.text();
        expect(res.status).toBeLessThan(500);
        expect(text).not.toMatch(STACK);
      },
    ),
    { numRuns: 120 },
  );
}, 120_000);

test('a body over the limit is refused with 413, not read to the end', async () => {
  const big = 'x'.repeat(2 * 1024 * 1024);
  for (const path of ['/subscriptions', '/preferences?token=x', '/unsubscribe?token=x']) {
    const res = await fetch(`${app.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expect(res.status).toBe(413);
  }
});

test('CR/LF in an address (it would reach the To header) is refused, and nothing is mailed', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('\r\n', '\n', '\r', '%0d%0a', '\r\n\t'),
      fc.constantFrom('Bcc: ', 'Subject: ', 'Content-Type: text/html', ''),
      async (eol, header) => {
        const victim = uniqueEmail('victim');
        const bcc = uniqueEmail('injected');
        const email = `${victim}${eol}${header}${bcc}`;
        const json = await postJson(`${app.url}/subscriptions`, { email });
        expect(json.status).toBe(400);
        const form = await fetch(`${app.url}/subscriptions`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: `email=${encodeURIComponent(email)}`,
        });
        expect(form.status).toBe(400);
        expect(await emailsTo(bcc)).toHaveLength(0);
        expect(await emailsTo(victim)).toHaveLength(0);
      },
    ),
    { numRuns: 12 },
  );
});

test('known and unknown addresses get the same status and body, whatever their case or state', async () => {
  const active = uniqueEmail('known-active');
  await subscribeAndConfirm(app.url, active);
  const pending = uniqueEmail('known-pending');
  await postJson(`${app.url}/subscriptions`, { email: pending });
  const left = uniqueEmail('known-left');
  const { unsubscribe } = await subscribeAndConfirm(app.url, left);
  await fetch(unsubscribe, { method: 'POST' });
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(active, pending, left),
      fc.boolean(),
      fc.constantFrom('json', 'form'),
      async (known, upper, as) => {
        const unknown = uniqueEmail('unknown');
        const send = (email: string) =>
          as === 'json'
            ? postJson(`${app.url}/subscriptions`, { email: upper ? email.toUpperCase() : email })
            : fetch(`${app.url}/subscriptions`, {
                method: 'POST',
                headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
                body: new URLSearchParams({ email: upper ? email.toUpperCase() : email }).toString(),
              });
        const [a, b] = await Promise.all([send(known), send(unknown)]);
        expect(a.status).toBe(b.status);
        expect(await a.text()).toBe(await b.text());
      },
    ),
    { numRuns: 10 },
  );
});

describe('tokens', () => {
  const pages = (t: string) => [
    ['GET', `/subscriptions/confirm?token=${encodeURIComponent(t)}`],
    ['POST', `/subscriptions/confirm?token=${encodeURIComponent(t)}`],
    ['GET', `/unsubscribe?token=${encodeURIComponent(t)}`],
    ['POST', `/unsubscribe?token=${encodeURIComponent(t)}`],
    ['GET', `/preferences?token=${encodeURIComponent(t)}`],
    ['GET', `/preferences/export?token=${encodeURIComponent(t)}`],
  ];

  test('forged and tampered tokens are refused with 400 everywhere', async () => {
    const { unsubscribe } = await subscribeAndConfirm(app.url, uniqueEmail('tampered'));
    const real = tokenOf(unsubscribe);
    const [body, mac] = real.split('.') as [string, string];
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          token,
          // the real signature on another payload, and the real payload with another signature
          fc.base64String({ minLength: 8, maxLength: 80 }).map((b) => `${b.replace(/=/g, '')}.${mac}`),
          fc.base64String({ minLength: 8, maxLength: 44 }).map((m) => `${body}.${m.replace(/=/g, '')}`),
          fc
            .nat({ max: real.length - 1 })
            .map((i) => real.slice(0, i) + (real[i] === 'A' ? 'B' : 'A') + real.slice(i + 1)),
        ),
        async (t) => {
          fc.pre(t !== real);
          for (const [method, path] of pages(t)) {
            const res = await fetch(`${app.url}${path}`, { method });
            expect(res.status).toBe(400);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  test("a token's payload switched to another reader is refused and leaves that reader subscribed", async () => {
    const mine = await subscribeAndConfirm(app.url, uniqueEmail('me'));
    const other = uniqueEmail('other');
    const theirs = await subscribeAndConfirm(app.url, other);
    const [, mac] = tokenOf(mine.unsubscribe).split('.') as [string, string];
    const [theirBody] = tokenOf(theirs.unsubscribe).split('.') as [string, string];
    const res = await fetch(`${app.url}/unsubscribe?token=${theirBody}.${mac}`, { method: 'POST' });
    expect(res.status).toBe(400);
    const prefs = await fetch(theirs.preferences, { headers: { accept: 'application/json' } });
    expect(await prefs.json()).toMatchObject({ email: other, status: 'active' });
  });

  test('a confirm link replayed after unsubscribing does not resubscribe', async () => {
    const email = uniqueEmail('replay');
    await postJson(`${app.url}/subscriptions`, { email });
    const confirm = confirmLinkIn(await waitForEmail(email));
    const first = await confirmAt(confirm);
    expect(first.status).toBe(200);
    const { unsubscribe, preferences } = await (async () => {
      const page = await first.text();
      const href = (p: string) =>
        (page.match(new RegExp(`href="(https?://[^"]*${p}\\?token=[^"]+)"`))?.[1] ?? '').replace(
          /&amp;/g,
          '&',
        );
      return { unsubscribe: href('/unsubscribe'), preferences: href('/preferences') };
    })();
    expect((await fetch(unsubscribe, { method: 'POST' })).status).toBe(200);
    const replay = await confirmAt(confirm);
    expect(replay.status).toBe(400);
    expect((await fetch(confirm)).status).toBe(400);
    const prefs = await fetch(preferences, { headers: { accept: 'application/json' } });
    expect(await prefs.json()).toMatchObject({ status: 'unsubscribed' });
  });
});
