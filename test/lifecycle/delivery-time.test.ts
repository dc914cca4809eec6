import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { slotShardOf } from '../../functions/core/delivery-slot';
import { subscriberIdFor } from '../../functions/core/subscriber-id';
import { localTimeText } from '../../functions/core/time-zones';
import { issueToken } from '../../functions/core/tokens';
import { startTestApp } from '../support/app';
import { uniqueEmail } from '../support/inbox';
import { postForm, postJson, subscribeAndConfirm, tokenOf } from '../support/reader';
import { inSlotIndex } from '../support/seed';

let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp({ SIGNUP_LIMIT_PER_IP_PER_HOUR: '1000', DEFAULT_TIME_ZONE: 'Europe/Berlin' });
});
afterAll(() => app.stop());

const stored = (email: string) => app.deps.subscribers.get(subscriberIdFor(email));

test('signup keeps zone, hour and weekday; confirming files the reader under their next local hour', async () => {
  const email = uniqueEmail('zone');
  await subscribeAndConfirm(app.url, email, {
    frequency: 'weekly',
    timeZone: 'asia/kolkata',
    deliveryHour: 8,
    weeklyDay: 3,
  });
  const s = await stored(email);
  expect(s).toMatchObject({ timeZone: 'Asia/Kolkata', deliveryHour: 8, weeklyDay: 3 });
  const slot = Date.parse(s?.nextSlot as string);
  expect(slot).toBeGreaterThan(Date.now());
  expect(slot - Date.now()).toBeLessThanOrEqual(7 * 86_400_000);
  // A Wednesday at 08:00 in Kolkata.
  expect(localTimeText(slot, 'Asia/Kolkata').slice(11)).toBe('08:00');
  expect(new Date(slot + 330 * 60_000).getUTCDay()).toBe(3);
  expect(s?.slotShard).toBe(slotShardOf(s?.id as string));
});

test('unsubscribing takes the reader out of the slot index in the same write; erasing deletes them', async () => {
  const email = uniqueEmail('leaves');
  const id = subscriberIdFor(email);
  const { unsubscribe } = await subscribeAndConfirm(app.url, email);
  expect(await inSlotIndex(app.deps, id)).toBe(true);
  const res = await fetch(unsubscribe, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
  expect(res.status).toBe(200);
  const left = await stored(email);
  expect(left).toMatchObject({ status: 'unsubscribed' });
  expect(left?.nextSlot).toBeUndefined();
  expect(left?.slotShard).toBeUndefined();
  expect(await inSlotIndex(app.deps, id)).toBe(false);

  const other = uniqueEmail('erases');
  const { preferences } = await subscribeAndConfirm(app.url, other);
  expect(await inSlotIndex(app.deps, subscriberIdFor(other))).toBe(true);
  const erased = await postJson(preferences, { action: 'erase', confirm: 'yes' });
  expect(erased.status).toBe(200);
  expect(await stored(other)).toBeUndefined();
  expect(await inSlotIndex(app.deps, subscriberIdFor(other))).toBe(false);
});

test('bad zone, hour or weekday: 400 with every reason, nothing stored', async () => {
  const email = uniqueEmail('bad-zone');
  const res = await postJson(`${app.url}/subscriptions`, {
    email,
    timeZone: 'Mars/Olympus_Mons',
    deliveryHour: 24,
    weeklyDay: 7,
  });
  expect(res.status).toBe(400);
  const { details } = (await res.json()) as { details: string[] };
  expect(details).toEqual([
    'timeZone "Mars/Olympus_Mons" is not a known IANA time zone (such as Europe/Berlin or Asia/Kolkata)',
    'deliveryHour must be a whole hour from 0 to 23 (local time)',
    'weeklyDay must be a weekday from 0 (Sunday) to 6 (Saturday)',
  ]);
  expect(await stored(email)).toBeUndefined();
});

test('the form: zone list without JavaScript; a refused post comes back with everything typed', async () => {
  const home = await (await fetch(`${app.url}/`)).text();
  expect(home).toMatch(/<select id="timeZone" name="timeZone"/);
  expect(home).toContain('<option value="Asia/Kathmandu">');
  // The configured default zone and hour are preselected.
  expect(home).toContain('<option value="Europe/Berlin" selected>');
  expect(home).toContain('<option value="7" selected>07:00</option>');

  const email = uniqueEmail('form-zone');
  const res = await postForm(`${app.url}/subscriptions`, [
    ['email', email],
    ['topics', 'llm'],
    ['topics', 'protein folding'],
    ['frequency', 'weekly'],
    ['timeZone', 'Nowhere/Land'],
    ['deliveryHour', '6'],
    ['weeklyDay', '5'],
  ]);
  expect(res.status).toBe(400);
  const page = await res.text();
  expect(page).toContain('is not a known IANA time zone');
  expect(page).toContain(
    '<option value="Nowhere/Land" selected>Nowhere/Land (not a known time zone)</option>',
  );
  expect(page).toContain('<option value="6" selected>06:00</option>');
  expect(page).toContain('<option value="5" selected>Friday</option>');
  expect(page).toContain(`value="${email}"`);
  expect(page).toContain('value="protein folding"');
  expect(page).toMatch(/value="weekly" checked/);
  expect(await stored(email)).toBeUndefined();
});

test('preferences: change the hour and zone, see the next delivery; bad values are refused with the form kept', async () => {
  const email = uniqueEmail('prefs-zone');
  const { preferences } = await subscribeAndConfirm(app.url, email, { timeZone: 'America/New_York' });
  const page = await (await fetch(preferences)).text();
  expect(page).toContain('<option value="America/New_York" selected>');
  expect(page).toContain('Your next digest: <strong>');
  expect(page).toContain('07:00</strong> (America/New_York)');

  const saved = await postJson(preferences, {
    action: 'update',
    timeZone: 'Asia/Kathmandu',
    deliveryHour: 6,
  });
  expect(saved.status).toBe(200);
  const view = (await saved.json()) as Record<string, unknown>;
  expect(view).toMatchObject({ timeZone: 'Asia/Kathmandu', deliveryHour: 6, frequency: 'daily' });
  const s = await stored(email);
  const slot = Date.parse(s?.nextSlot as string);
  // At 06:00 in Kathmandu; or, when Kathmandu's 06:00 has passed on the day the reader was still due
  // (their New York slot fell on the same Kathmandu day), at the next tick: one digest that day, not none.
  if (localTimeText(slot, 'Asia/Kathmandu').slice(11) !== '06:00')
    expect(slot - Date.now()).toBeLessThanOrEqual(15 * 60_000);
  expect(view.nextDelivery).toBe(s?.nextSlot);

  const refused = await postForm(preferences, [
    ['action', 'update'],
    ['frequency', 'weekly'],
    ['timeZone', 'Asia/Kolkata'],
    ['deliveryHour', '25'],
    ['weeklyDay', '2'],
  ]);
  expect(refused.status).toBe(400);
  const again = await refused.text();
  expect(again).toContain('deliveryHour must be a whole hour from 0 to 23');
  expect(again).toContain('<option value="Asia/Kolkata" selected>');
  expect(again).toContain('<option value="25" selected>25 (not an hour)</option>');
  expect(again).toContain('<option value="2" selected>Tuesday</option>');
  expect(again).toMatch(/value="weekly" checked/);
  expect(await stored(email)).toMatchObject({
    timeZone: 'Asia/Kathmandu',
    deliveryHour: 6,
    frequency: 'daily',
  });
});

test('a reader item written before zones existed reads with the configured defaults', async () => {
  const email = uniqueEmail('old-item');
  const id = subscriberIdFor(email);
  const at = new Date().toISOString();
  // Exactly the shape items had before this change: no zone, hour, weekday, slot or seen-set.
  await app.deps.aws.doc.send(
    new PutCommand({
      TableName: app.deps.config.tables.subscribers,
      Item: {
        id,
        email,
        status: 'active',
        topics: [],
        frequency: 'daily',
        tokenVersion: 1,
        createdAt: at,
        updatedAt: at,
      },
    }),
  );
  const token = issueToken(await app.deps.signingSecret(), {
    subscriberId: id,
    purpose: 'manage',
    version: 1,
  });
  const res = await fetch(`${app.url}/preferences?token=${token}`, {
    headers: { accept: 'application/json' },
  });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({
    timeZone: 'Europe/Berlin',
    deliveryHour: 7,
    weeklyDay: app.deps.config.WEEKLY_DIGEST_WEEKDAY,
  });
  const page = await (await fetch(`${app.url}/preferences?token=${token}`)).text();
  expect(page).toContain('07:00</strong> (Europe/Berlin)');
  expect(tokenOf(`${app.url}/preferences?token=${token}`)).toBe(token);
});
