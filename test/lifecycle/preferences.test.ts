import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { subscriberIdFor } from '../../functions/core/subscriber-id';
import { startTestApp } from '../support/app';
import { uniqueEmail } from '../support/inbox';
import { postForm, postJson, subscribeAndConfirm } from '../support/reader';

let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp({ SIGNUP_LIMIT_PER_IP_PER_HOUR: '1000' });
});
afterAll(() => app.stop());

/** The profile fields of issue 10, as a reader who never set them reads them (defaults). */
const NO_PROFILE = {
  excludes: [],
  followedAuthors: [],
  followedOrganizations: [],
  digestSize: 10,
  feedback: [],
};

const stored = (email: string) => app.deps.subscriberStore.get(subscriberIdFor(email));

/** Delivery-ledger items as the digest writes them: one per (reader, edition). */
async function addDeliveries(email: string, count: number) {
  const subscriberId = subscriberIdFor(email);
  const items = Array.from({ length: count }, (_, i) => ({
    subscriberId,
    editionId: `daily#2026-10-${String(i + 1).padStart(2, '0')}`,
    status: 'sent',
    expiresAt: Math.floor(Date.now() / 1000) + 86400,
  }));
  for (let i = 0; i < items.length; i += 25)
    await app.deps.aws.doc.send(
      new BatchWriteCommand({
        RequestItems: {
          [app.deps.config.tables.deliveries]: items
            .slice(i, i + 25)
            .map((Item) => ({ PutRequest: { Item } })),
        },
      }),
    );
}

const deliveriesOf = async (email: string) =>
  (
    await app.deps.aws.doc.send(
      new QueryCommand({
        TableName: app.deps.config.tables.deliveries,
        KeyConditionExpression: 'subscriberId = :id',
        ExpressionAttributeValues: { ':id': subscriberIdFor(email) },
        ConsistentRead: true,
      }),
    )
  ).Items ?? [];

test('the preferences page shows the choices as a labelled form', async () => {
  const email = uniqueEmail('prefs-page');
  const { preferences } = await subscribeAndConfirm(app.url, email, { topics: ['llm', 'graph nets'] });
  const res = await fetch(preferences);
  expect(res.status).toBe(200);
  const page = await res.text();
  expect(page).toContain(email);
  expect(page).toMatch(/<input type="checkbox" name="topics" value="llm" checked>/);
  expect(page).toMatch(/<input id="keywords" type="text" name="topics" value="graph nets"/);
  expect(page).toMatch(/<label for="keywords">/);
  expect(page).toMatch(/value="daily" checked/);
  expect(page).not.toMatch(/<script|style=/);
});

test('a browser form changes topics and frequency and gets the page back', async () => {
  const email = uniqueEmail('prefs-form');
  const { preferences } = await subscribeAndConfirm(app.url, email, { topics: ['llm'] });
  const res = await postForm(preferences, [
    ['topics', 'vision'],
    ['topics', 'robotics'],
    ['topics', 'world models, llm'],
    ['frequency', 'weekly'],
    ['action', 'update'],
  ]);
  expect(res.status).toBe(200);
  expect(await res.text()).toContain('Your preferences are saved.');
  expect(await stored(email)).toMatchObject({
    status: 'active',
    topics: ['vision', 'robotics', 'world models', 'llm'],
    frequency: 'weekly',
  });

  const bad = await postForm(preferences, [
    ['topics', '<b>'],
    ['frequency', 'weekly'],
    ['action', 'update'],
  ]);
  expect(bad.status).toBe(400);
  expect(await bad.text()).toContain('Nothing was saved');
  expect((await stored(email))?.topics).toEqual(['vision', 'robotics', 'world models', 'llm']);
});

test('a JSON client changes preferences and reads them back', async () => {
  const email = uniqueEmail('prefs-json');
  const { preferences } = await subscribeAndConfirm(app.url, email);
  const res = await postJson(preferences, { action: 'update', topics: ['agents'], frequency: 'weekly' });
  expect(res.status).toBe(200);
  // The schedule reads with the configured defaults (UTC, 07:00, WEEKLY_DIGEST_WEEKDAY) when never chosen.
  const schedule = { timeZone: 'UTC', deliveryHour: 7, weeklyDay: 1, nextDelivery: expect.any(String) };
  expect(await res.json()).toEqual({
    saved: true,
    email,
    status: 'active',
    topics: ['agents'],
    frequency: 'weekly',
    ...NO_PROFILE,
    ...schedule,
  });
  const read = await fetch(preferences, { headers: { accept: 'application/json' } });
  expect(await read.json()).toEqual({
    email,
    status: 'active',
    topics: ['agents'],
    frequency: 'weekly',
    ...NO_PROFILE,
    ...schedule,
  });
});

test('export: everything stored about me, including the delivery ledger, as a JSON download', async () => {
  const email = uniqueEmail('export');
  const { page } = await subscribeAndConfirm(app.url, email, { topics: ['llm'] });
  const preferences = page
    .match(/href="([^"]+\/preferences\?token=[^"]+)"/)?.[1]
    ?.replace(/&amp;/g, '&') as string;
  await addDeliveries(email, 3);
  const prefsPage = await (await fetch(preferences)).text();
  const exportLink = prefsPage.match(/href="([^"]+\/preferences\/export\?token=[^"]+)"/)?.[1] as string;
  const res = await fetch(exportLink.replace(/&amp;/g, '&'));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-disposition')).toMatch(/attachment/);
  const data = (await res.json()) as { subscriber: Record<string, unknown>; deliveries: unknown[] };
  expect(data.subscriber).toMatchObject({
    email,
    status: 'active',
    topics: ['llm'],
    signup: { ip: '127.0.0.1' },
    confirmation: { ip: '127.0.0.1' },
  });
  expect(data.subscriber).toEqual(await stored(email));
  expect(data.deliveries).toHaveLength(3);
});

test('erase asks first, then deletes the subscriber and their deliveries only', async () => {
  const email = uniqueEmail('erase');
  const bystander = uniqueEmail('bystander');
  const { preferences, unsubscribe } = await subscribeAndConfirm(app.url, email);
  await subscribeAndConfirm(app.url, bystander);
  await addDeliveries(email, 30); // more than one BatchWrite
  await addDeliveries(bystander, 2);

  const ask = await postForm(preferences, [['action', 'erase']]);
  expect(ask.status).toBe(200);
  const confirmPage = await ask.text();
  expect(confirmPage).toContain('Erase your data?');
  expect(confirmPage).toContain('name="confirm" value="yes"');
  expect(await stored(email)).toBeDefined();
  expect(await deliveriesOf(email)).toHaveLength(30);

  const done = await postForm(preferences, [
    ['action', 'erase'],
    ['confirm', 'yes'],
  ]);
  expect(done.status).toBe(200);
  expect(await done.text()).toContain('Your data is erased');
  expect(await stored(email)).toBeUndefined();
  expect(await deliveriesOf(email)).toHaveLength(0);
  expect(await stored(bystander)).toBeDefined();
  expect(await deliveriesOf(bystander)).toHaveLength(2);

  // Every old link now answers like a forged one, and signing up again starts from scratch.
  expect((await fetch(preferences)).status).toBe(400);
  expect((await fetch(unsubscribe)).status).toBe(400);
  const again = await subscribeAndConfirm(app.url, email);
  expect(await stored(email)).toMatchObject({ status: 'active', topics: [] });
  expect((await fetch(again.preferences)).status).toBe(200);
  // Links from before the erasure do not come back to life with the new subscription.
  expect((await fetch(preferences)).status).toBe(400);
  expect((await fetch(unsubscribe)).status).toBe(400);
});

test('a JSON client erases with confirm: "yes"', async () => {
  const email = uniqueEmail('erase-json');
  const { preferences } = await subscribeAndConfirm(app.url, email);
  const res = await postJson(preferences, { action: 'erase', confirm: 'yes' });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'erased' });
  expect(await stored(email)).toBeUndefined();
});
