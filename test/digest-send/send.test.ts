import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { subscriberIdFor } from '../../functions/core/subscriber-id';
import { verifyToken } from '../../functions/core/tokens';
import type { Root } from '../../functions/roots/compose';
import { type DigestApp, startDigestApp } from '../support/digest-app';
import { emailsTo, header, uniqueEmail, waitForEmail } from '../support/inbox';
import { makePaper, putPapers, putSubscriber } from '../support/seed';
import { sqsEvent } from '../support/sqs-event';

/** Wednesday: its digest goes out on Thursday, the weekly day in this file. */
const DATE = '2026-07-29';

/** The planner and sender handlers as Lambda runs them, built from this file's root (`onLambda` builds them from the Lambda root). */
let app: DigestApp;
let deps: Root;
let queueUrl: string;

beforeAll(async () => {
  app = await startDigestApp({
    SEND_VISIBILITY_TIMEOUT_SECONDS: '2',
    SEND_GRACE_SECONDS: '60',
    WEEKLY_DIGEST_WEEKDAY: '4',
    PLANNER_SCAN_SEGMENTS: '3',
    SEND_PAGE_SIZE: '2',
    UNSUBSCRIBE_MAILTO: 'unsubscribe@papers-inbox.local',
  });
  deps = app.deps;
  queueUrl = app.queueUrl;
  await putPapers(deps, [
    makePaper(DATE, { title: 'Agents that plan <and> reason', upvotes: 50, aiKeywords: ['agents'] }),
    makePaper(DATE, { title: 'Diffusion for video', upvotes: 30, aiKeywords: ['diffusion', 'video'] }),
    makePaper(DATE, { title: 'Speech at scale', upvotes: 10, aiKeywords: ['speech'] }),
    makePaper('2026-07-27', { title: 'Monday agents', upvotes: 99, aiKeywords: ['agents'] }),
  ]);
});
afterAll(() => app.stop());

const runDigest = () => app.runDigest(DATE);

describe('planner → queue → sender', () => {
  const all = uniqueEmail('all');
  const agents = uniqueEmail('agents');
  const robotics = uniqueEmail('robotics');
  const pending = uniqueEmail('pending');
  const unsubscribed = uniqueEmail('unsub');
  const suppressed = uniqueEmail('suppressed');
  const weekly = uniqueEmail('weekly');
  let summary: Awaited<ReturnType<typeof runDigest>>;

  beforeAll(async () => {
    await putSubscriber(deps, all);
    await putSubscriber(deps, agents, { topics: ['agents'] });
    await putSubscriber(deps, robotics, { topics: ['robotics'] });
    await putSubscriber(deps, pending, { status: 'pending' });
    await putSubscriber(deps, unsubscribed, { status: 'unsubscribed' });
    await putSubscriber(deps, suppressed, { suppressed: { reason: 'bounce', at: new Date().toISOString() } });
    await putSubscriber(deps, weekly, { frequency: 'weekly' });
    summary = await runDigest();
  });

  test('stores the daily and the weekly edition and fans out only active, unsuppressed readers', async () => {
    expect(summary.editions.map((e) => [e.editionId, e.papers, e.stored])).toEqual([
      [`daily#${DATE}`, 3, 'new'],
      ['weekly#2026-07-30', 4, 'new'],
    ]);
    expect(summary.readers).toBe(4);
    const week = await deps.editions.getEdition('weekly#2026-07-30');
    expect(week).toMatchObject({ kind: 'weekly', date: '2026-07-30' });
    expect(await deps.editions.getEdition(`daily#${DATE}`)).toMatchObject({ kind: 'daily', date: DATE });
  });

  test('a reader gets the digest with the list headers, a text part and a working manage token', async () => {
    const email = await waitForEmail(all);
    expect(email.subject).toContain('Agents that plan');
    expect(email.body.text?.length).toBeGreaterThan(0);
    expect(email.body.html).toContain('Speech at scale');
    const unsubscribe = header(email, 'List-Unsubscribe') as string;
    expect(unsubscribe).toMatch(
      new RegExp(
        `^<${app.url}/unsubscribe\\?token=[^>]+>, <mailto:unsubscribe@papers-inbox\\.local\\?subject=unsubscribe>$`,
      ),
    );
    expect(header(email, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(header(email, 'List-Id')).toBe(deps.config.LIST_ID);
    const token = new URL(unsubscribe.slice(1, unsubscribe.indexOf('>'))).searchParams.get('token');
    const check = verifyToken(await deps.signingSecret(), token, 'manage');
    expect(check).toMatchObject({ ok: true, version: 0 });
  });

  test("the digest carries its delivery key, so SES's Send and Delivery events land on its ledger record", async () => {
    const email = await waitForEmail(all);
    await app.sesEventsSettled();
    const record = await deps.deliveries.get(subscriberIdFor(all), `daily#${DATE}`);
    expect(record).toMatchObject({
      status: 'sent',
      messageId: email.messageId,
      sesMessageIds: [email.messageId],
    });
    expect(record?.sesSendAt).toBeDefined();
    expect(record?.sesDeliveryAt).toBeDefined();
    expect(record?.claimId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('topics narrow the papers; a reader with nothing matching gets no email', async () => {
    const email = await waitForEmail(agents);
    expect(email.body.html).toContain('Agents that plan');
    expect(email.body.html).not.toContain('Diffusion for video');
    expect(await emailsTo(robotics)).toHaveLength(0);
  });

  test('pending, unsubscribed and suppressed readers get nothing; the weekly reader gets the week', async () => {
    for (const to of [pending, unsubscribed, suppressed]) expect(await emailsTo(to)).toHaveLength(0);
    const got = await emailsTo(weekly);
    expect(got).toHaveLength(1);
    expect(got[0]?.body.html).toContain('Monday agents');
    expect(await emailsTo(all)).toHaveLength(1);
  });

  test('an operator re-running the date plans the same day again, and sends nothing', async () => {
    const again = await app.planner({ date: DATE });
    await app.drain();
    expect(again.date).toBe(DATE);
    expect(again.editions.every((e) => e.stored === 'existing')).toBe(true);
    for (const to of [all, agents, weekly]) expect(await emailsTo(to)).toHaveLength(1);
  });
});

test('after a one-click unsubscribe from the digest, the next digest skips that reader', async () => {
  const to = uniqueEmail('one-click');
  const control = uniqueEmail('stays');
  const reader = await putSubscriber(deps, to);
  await putSubscriber(deps, control);
  const next = '2026-07-30';
  await putPapers(deps, [makePaper(next, { title: 'Thursday paper', upvotes: 4 })]);
  await app.sender(sqsEvent([JSON.stringify({ editionId: `daily#${DATE}`, subscriberIds: [reader.id] })]));
  const first = await waitForEmail(to);
  const target = (header(first, 'List-Unsubscribe') as string).match(/^<([^>]+)>/)?.[1] as string;
  // Exactly what a mailbox provider sends for RFC 8058 one-click.
  const res = await fetch(target, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
  expect(res.status).toBe(200);
  await app.planner({ date: next });
  await app.drain();
  expect((await waitForEmail(control)).body.html).toContain('Thursday paper');
  expect(await emailsTo(to)).toHaveLength(1);
});

describe('never twice', () => {
  const page = (ids: string[]) => JSON.stringify({ editionId: `daily#${DATE}`, subscriberIds: ids });

  test('duplicate messages for one reader send once', async () => {
    const to = uniqueEmail('dup');
    const s = await putSubscriber(deps, to);
    for (let i = 0; i < 3; i++)
      await deps.aws.sqs.send(
        new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: page([s.id, s.id]) }),
      );
    await app.drain();
    expect(await emailsTo(to)).toHaveLength(1);
  });

  test('a message redelivered after the sender died before acknowledging sends once', async () => {
    const to = uniqueEmail('redelivered');
    const s = await putSubscriber(deps, to);
    await deps.aws.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: page([s.id]) }));
    let invocations = 0;
    // The first invocation sends, then dies before Lambda could delete the message.
    await app.drain(async (event: SQSEvent) => {
      invocations++;
      const res = await app.sender(event);
      if (invocations === 1) throw new Error('process died');
      return res;
    });
    expect(invocations).toBeGreaterThanOrEqual(2);
    expect(await emailsTo(to)).toHaveLength(1);
    const record = await deps.deliveries.get(s.id, `daily#${DATE}`);
    expect(record).toMatchObject({ status: 'sent' });
  });

  test('claims settle by SES: in flight, settling, settled by a Send event, or sent once more', async () => {
    const editionId = `daily#${DATE}`;
    const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString();
    const claimAt = async (tag: string, seconds: number) => {
      const to = uniqueEmail(tag);
      const s = await putSubscriber(deps, to);
      const claim = { subscriberId: s.id, editionId, claimId: `c-${tag}`, claimedAt: ago(seconds) };
      await deps.deliveries.claim({ ...claim, expiresAt: 2e9 });
      return { to, s, claim };
    };
    // Window 2 s, grace 60 s (beforeAll).
    const fresh = await claimAt('fresh', 0);
    const settling = await claimAt('settling', 30);
    const seen = await claimAt('seen', 3600);
    const lost = await claimAt('lost', 3600);
    // SES's Send event for `seen` arrived: SES took that email although the sender never heard.
    await deps.deliveries.recordSesEvent({
      key: seen.claim,
      name: 'send',
      messageId: 'ses-message-1',
      at: ago(3599),
    });
    const res = await app.sender(
      sqsEvent([page([fresh.s.id]), page([settling.s.id]), page([seen.s.id]), page([lost.s.id])]),
    );
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'm0' }, { itemIdentifier: 'm1' }]);
    expect(await emailsTo(fresh.to)).toHaveLength(0);
    expect(await emailsTo(settling.to)).toHaveLength(0);
    expect(await emailsTo(seen.to)).toHaveLength(0);
    // No SES event within the grace window: SES never took it; sent once more, and only once.
    expect(await emailsTo(lost.to)).toHaveLength(1);
    expect(await deps.deliveries.get(lost.s.id, editionId)).toMatchObject({ status: 'sent', attempts: 2 });
    expect((await app.sender(sqsEvent([page([lost.s.id])]))).batchItemFailures).toEqual([]);
    expect(await emailsTo(lost.to)).toHaveLength(1);
  });

  test('a claim written twice by a retried request is recognised as our own', async () => {
    const editionId = `daily#${DATE}`;
    const s = await putSubscriber(deps, uniqueEmail('retried-claim'));
    const claim = {
      subscriberId: s.id,
      editionId,
      claimId: 'c-retried',
      claimedAt: new Date().toISOString(),
    };
    expect(await deps.deliveries.claim({ ...claim, expiresAt: 2e9 })).toEqual({ claimed: true });
    const again = await deps.deliveries.claim({ ...claim, expiresAt: 2e9 });
    expect(again.claimed).toBe(false);
    const { verdictOnExisting } = await import('../../functions/core/delivery-rules');
    const w = { now: new Date(), claimWindowSeconds: 2, graceSeconds: 60 };
    if (again.claimed) throw new Error('unreachable');
    expect(verdictOnExisting(again.existing, { ...w, claimId: 'c-retried' })).toBe('ours');
    expect(verdictOnExisting(again.existing, { ...w, claimId: 'c-other' })).toBe('in-flight');
  });

  test('an address SES cannot take is rejected once, logged, and does not hold up the page', async () => {
    const bad = await putSubscriber(deps, 'not-an-address');
    const good = uniqueEmail('beside-bad');
    const s = await putSubscriber(deps, good);
    const res = await app.sender(sqsEvent([page([bad.id, s.id])]));
    expect(res.batchItemFailures).toEqual([]);
    expect(await emailsTo(good)).toHaveLength(1);
    expect(await deps.deliveries.get(bad.id, `daily#${DATE}`)).toBeUndefined();
  });

  test('near the Lambda time limit no reader is started: nothing claimed, the page comes back', async () => {
    const to = uniqueEmail('late');
    const s = await putSubscriber(deps, to);
    const res = await app.sender(sqsEvent([page([s.id])]), { getRemainingTimeInMillis: () => 5_000 });
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'm0' }]);
    expect(await deps.deliveries.get(s.id, `daily#${DATE}`)).toBeUndefined();
    const inTime = await app.sender(sqsEvent([page([s.id])]), {
      getRemainingTimeInMillis: () => 300_000,
    });
    expect(inTime.batchItemFailures).toEqual([]);
    expect(await emailsTo(to)).toHaveLength(1);
  });

  test('a reader who unsubscribed after planning is skipped', async () => {
    const to = uniqueEmail('left');
    const s = await putSubscriber(deps, to);
    await putSubscriber(deps, to, { status: 'unsubscribed', tokenVersion: s.tokenVersion });
    const res = await app.sender(sqsEvent([page([s.id])]));
    expect(res.batchItemFailures).toEqual([]);
    expect(await emailsTo(to)).toHaveLength(0);
  });
});

test('partial batch failure: only the bad messages are reported', async () => {
  const to = uniqueEmail('partial');
  const s = await putSubscriber(deps, to);
  const res = await app.sender(
    sqsEvent([
      JSON.stringify({ editionId: `daily#${DATE}`, subscriberIds: [s.id] }),
      JSON.stringify({ editionId: 'daily#1999-01-01', subscriberIds: [s.id] }),
      'not json',
    ]),
  );
  expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }, { itemIdentifier: 'm2' }]);
  expect(await emailsTo(to)).toHaveLength(1);
});

test('the local stack polls the queue into the sender', async () => {
  const { startApp } = await import('../../infra/local/stack');
  const { freePort } = await import('../../infra/local/emulators');
  const local = await startApp({ root: deps, port: await freePort(), pollSendQueue: true });
  try {
    const to = uniqueEmail('polled');
    const s = await putSubscriber(deps, to);
    await deps.aws.sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify({ editionId: `daily#${DATE}`, subscriberIds: [s.id] }),
      }),
    );
    await waitForEmail(to, 1, 10_000);
  } finally {
    await local.stop();
  }
});
