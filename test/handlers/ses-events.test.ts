import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { deliveryTags } from '../../functions/core/delivery-key';
import { slotShardOf } from '../../functions/core/delivery-slot';
import { subscriberIdFor } from '../../functions/core/subscriber-id';
import type { Root } from '../../functions/roots/compose';
import { snsNotification } from '../../infra/local/ses-events';
import { startTestApp } from '../support/app';
import { sesEventFixture } from '../support/fixtures';
import { uniqueEmail } from '../support/inbox';
import { inSlotIndex, putSubscriber } from '../support/seed';
import { sqsEvent } from '../support/sqs-event';

const fixture = (name: string, address: string, patch: (e: Record<string, unknown>) => void = () => {}) => {
  const event = JSON.parse(sesEventFixture(name).replaceAll('recipient@example.com', address)) as Record<
    string,
    unknown
  >;
  patch(event);
  return event;
};

/** A transient bounce (AWS's bounce record, `Transient`/`MailboxFull`) of the email `messageId`. */
const transientBounce = (address: string, messageId: string) =>
  fixture('bounce-permanent', address, (e) => {
    (e.bounce as Record<string, unknown>).bounceType = 'Transient';
    (e.bounce as Record<string, unknown>).bounceSubType = 'MailboxFull';
    (e.mail as Record<string, unknown>).messageId = messageId;
  });

/** As Lambda's SQS event source hands the `ses-events` queue's records over (one record per body). */
const viaSqs = (...bodies: unknown[]): SQSEvent =>
  sqsEvent(bodies, 'arn:aws:sqs:us-east-1:123456789012:ses-events');

/** SES → SNS → SQS (raw delivery off): the body is the SNS notification, the SES record in `Message`. */
const viaSns = (...records: unknown[]) => viaSqs(...records.map((r) => snsNotification(r)));

/** As an EventBridge rule delivers SES events to an SQS target. */
const viaEventBridge = (record: { eventType: string }, detailType: string) =>
  viaSqs({
    version: '0',
    id: 'c3d4e5f6-a7b8-9012-cdef-123456789012',
    'detail-type': detailType,
    source: 'aws.ses',
    account: '123456789012',
    time: '2017-08-05T00:41:03Z',
    region: 'us-east-1',
    resources: [],
    detail: record,
  });

let app: Awaited<ReturnType<typeof startTestApp>>;
let deps: Root;
let handler: ReturnType<typeof import('../../functions/handlers/ses-events').createSesEventsHandler>;
beforeAll(async () => {
  app = await startTestApp();
  deps = app.deps;
  handler = (await import('../../functions/handlers/ses-events')).createSesEventsHandler(deps);
});
afterAll(() => app.stop());

const stored = async (email: string) =>
  (
    await deps.aws.doc.send(
      new GetCommand({ TableName: deps.config.tables.subscribers, Key: { id: subscriberIdFor(email) } }),
    )
  ).Item;

test('a permanent bounce (SNS) suppresses the reader', async () => {
  const to = uniqueEmail('hard');
  await putSubscriber(deps, to);
  const out = await handler(viaSns(fixture('bounce-permanent', to)));
  expect(out.outcomes).toEqual(['suppressed']);
  expect(await stored(to)).toMatchObject({ status: 'active', suppressed: { reason: 'bounce' } });
});

test('a complaint (EventBridge) unsubscribes and suppresses; the address is matched case-insensitively', async () => {
  const to = uniqueEmail('complains');
  const id = subscriberIdFor(to);
  await putSubscriber(deps, to, { nextSlot: '2027-01-05T06:00:00.000Z', slotShard: slotShardOf(id) });
  expect(await inSlotIndex(deps, id)).toBe(true);
  const out = await handler(
    viaEventBridge(fixture('complaint', to.toUpperCase()) as never, 'Email Complaint Received'),
  );
  expect(out.outcomes).toEqual(['unsubscribed']);
  const item = await stored(to);
  expect(item).toMatchObject({ status: 'unsubscribed', suppressed: { reason: 'complaint' } });
  expect(item?.unsubscribedAt).toBeDefined();
  // Out of the slot index in the same write: no tick reads this reader again.
  expect(item?.nextSlot).toBeUndefined();
  expect(item?.slotShard).toBeUndefined();
  expect(await inSlotIndex(deps, id)).toBe(false);
});

test('transient bounces suppress after 3 in a row; a delivery resets the run', async () => {
  const to = uniqueEmail('soft');
  await putSubscriber(deps, to);
  // Each bounce is a different email: its own SES message id.
  const transient = () => transientBounce(to, randomUUID());
  expect((await handler(viaSns(transient()))).outcomes).toEqual(['counted']);
  expect((await handler(viaEventBridge(transient() as never, 'Email Bounced'))).outcomes).toEqual([
    'counted',
  ]);
  expect((await handler(viaSns(fixture('delivery', to)))).outcomes).toEqual(['reset']);
  expect((await stored(to))?.transientBounces).toBeUndefined();
  for (const expected of ['counted', 'counted', 'suppressed'])
    expect((await handler(viaSns(transient()))).outcomes).toEqual([expected]);
  expect(await stored(to)).toMatchObject({ status: 'active', suppressed: { reason: 'transient-bounces' } });
});

test('a redelivered transient bounce (same SES message id) counts once; its third bounce still suppresses on redelivery', async () => {
  const to = uniqueEmail('soft-again');
  await putSubscriber(deps, to);
  const first = transientBounce(to, 'ses-first');
  // An SNS duplicate in one batch, then SQS redeliveries of the same record in later batches.
  expect((await handler(viaSns(first, first))).outcomes.sort()).toEqual(['counted', 'unchanged']);
  expect((await handler(viaSns(first))).outcomes).toEqual(['unchanged']);
  expect((await handler(viaEventBridge(first as never, 'Email Bounced'))).outcomes).toEqual(['unchanged']);
  expect((await stored(to))?.transientBounces).toBe(1);
  expect((await handler(viaSns(transientBounce(to, 'ses-second')))).outcomes).toEqual(['counted']);
  expect((await stored(to))?.transientBounces).toBe(2);
  // The third bounce's first delivery counted it and the handler died before suppressing: the
  // redelivery counts nothing more, and suppresses.
  expect(await deps.subscribers.countTransientBounce(subscriberIdFor(to), 'ses-third')).toEqual({
    count: 3,
    counted: true,
  });
  expect((await handler(viaSns(transientBounce(to, 'ses-third')))).outcomes).toEqual(['suppressed']);
  expect(await stored(to)).toMatchObject({
    transientBounces: 3,
    suppressed: { reason: 'transient-bounces' },
  });
});

test('unknown addresses and malformed events are skipped, never thrown', async () => {
  expect((await handler(viaSns(fixture('bounce-permanent', uniqueEmail('nobody'))))).outcomes).toEqual([
    'unknown-address',
  ]);
  const broken = { ...snsNotification({}), Message: 'not json' };
  const out = await handler(viaSqs(broken, 'not json either', { hello: 'world' }));
  expect(out).toMatchObject({ outcomes: [], batchItemFailures: [] });
  expect((await handler(viaSns({ eventType: 'Bounce' }))).outcomes).toEqual([]);
});

test('a suppressed reader is left out of the next fan-out', async () => {
  const { scanActiveReaders } = await import('../../functions/adapters/reader-scan');
  const to = uniqueEmail('gone');
  await putSubscriber(deps, to);
  await handler(viaSns(fixture('bounce-permanent', to)));
  const ids: string[] = [];
  for await (const page of scanActiveReaders(deps.aws.doc, deps.config, 0, 1))
    ids.push(...page.map((r) => r.id));
  expect(ids).not.toContain(subscriberIdFor(to));
});

describe('the delivery ledger', () => {
  const editionId = 'daily#2026-09-02';
  const claimed = async (tag: string) => {
    const to = uniqueEmail(tag);
    const s = await putSubscriber(deps, to);
    const key = { subscriberId: s.id, editionId, claimId: `claim-${tag}` };
    await deps.deliveries.claim({ ...key, claimedAt: new Date().toISOString(), expiresAt: 2e9 });
    const tagged = (name: string, patch: (e: Record<string, unknown>) => void = () => {}) =>
      fixture(name, to, (e) => {
        const mail = e.mail as { tags: Record<string, string[]>; messageId: string };
        for (const t of deliveryTags(key)) mail.tags[t.name] = [t.value];
        mail.messageId = `ses-${tag}`;
        patch(e);
      });
    return { to, s, key, tagged };
  };
  const send = (e: Record<string, unknown>) => {
    const { delivery: _d, ...rest } = e;
    return { ...rest, eventType: 'Send', send: {} };
  };

  test('every event type is recorded once, whatever the order and however often it comes', async () => {
    const { s, tagged } = await claimed('events');
    const delivery = tagged('delivery');
    const kinds = [
      send(delivery),
      delivery,
      {
        ...delivery,
        eventType: 'DeliveryDelay',
        deliveryDelay: { timestamp: '2016-10-19T23:21:00.000Z', delayType: 'MailboxFull' },
      },
      { ...delivery, eventType: 'Reject', reject: { reason: 'Bad content' } },
      { ...delivery, eventType: 'Rendering Failure', failure: { errorMessage: 'x', templateName: 't' } },
    ];
    // Reordered and duplicated: Delivery before Send, everything twice.
    const out = await handler(viaSns(kinds[1], kinds[0], kinds[1], ...kinds.slice(2), ...kinds));
    expect(out.batchItemFailures).toEqual([]);
    expect(out.ledger.every((l) => l === 'recorded')).toBe(true);
    const rec = await deps.deliveries.get(s.id, editionId);
    expect(rec).toMatchObject({
      status: 'sent',
      sesMessageIds: ['ses-events'],
      sesSendAt: '2016-10-19T23:20:52.240Z',
      sesDeliveryAt: '2016-10-19T23:21:04.133Z',
      sesDeliveryDelayAt: '2016-10-19T23:21:00.000Z',
      sesRejectAt: '2016-10-19T23:20:52.240Z',
      sesRenderingFailureAt: '2016-10-19T23:20:52.240Z',
    });
  });

  test('a bounce and a complaint are recorded and still suppress / unsubscribe the reader', async () => {
    const b = await claimed('bounced');
    const c = await claimed('complained');
    const out = await handler(viaSns(b.tagged('bounce-permanent'), c.tagged('complaint')));
    expect(out.outcomes.sort()).toEqual(['suppressed', 'unsubscribed']);
    expect(await deps.deliveries.get(b.s.id, editionId)).toMatchObject({
      status: 'sent',
      sesBounceType: 'Permanent',
    });
    expect((await deps.deliveries.get(c.s.id, editionId))?.sesComplaintAt).toBeDefined();
    expect(await stored(b.to)).toMatchObject({ suppressed: { reason: 'bounce' } });
  });

  test('a second SES message for one copy is reported; untagged mail and missing records change nothing', async () => {
    const { tagged } = await claimed('twice');
    const first = send(tagged('delivery'));
    const second = send(tagged('delivery', (e) => ((e.mail as { messageId: string }).messageId = 'other')));
    // The batch's records run side by side: whichever lands first is recorded, the other is the second copy.
    expect((await handler(viaSns(first, second))).ledger.sort()).toEqual(['recorded', 'second-copy']);
    expect((await handler(viaSns(send(fixture('delivery', uniqueEmail('confirm')))))).ledger).toEqual([
      'untagged',
    ]);
    const gone = fixture('delivery', uniqueEmail('gone'), (e) => {
      const mail = e.mail as { tags: Record<string, string[]> };
      for (const t of deliveryTags({ subscriberId: 'nobody', editionId, claimId: 'c' }))
        mail.tags[t.name] = [t.value];
    });
    expect((await handler(viaSns(gone))).ledger).toEqual(['no-record']);
  });

  test('a storage error fails only its own record, which comes back', async () => {
    const { tagged } = await claimed('storage');
    const original = deps.deliveries.recordSesEvent;
    let calls = 0;
    deps.deliveries.recordSesEvent = async (e) => {
      if (calls++ === 0) throw new Error('DynamoDB unavailable');
      return original(e);
    };
    try {
      const event = viaSns(send(tagged('delivery')), tagged('delivery'));
      const out = await handler(event);
      expect(out.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0]?.messageId }]);
      expect(out.ledger).toEqual(['recorded']);
    } finally {
      deps.deliveries.recordSesEvent = original;
    }
  });
});

describe('local SES events (the stand-in in front of the SES emulator)', () => {
  test('an accepted email becomes Send and Delivery on its ledger record; the simulator bounces and complains', async () => {
    const editionId = 'daily#2026-09-03';
    const readers = ['ok@example.com', 'bounce@simulator.amazonses.com', 'complaint@simulator.amazonses.com'];
    const keys = [];
    for (const to of readers) {
      const s = await putSubscriber(deps, to);
      const key = { subscriberId: s.id, editionId, claimId: randomUUID() };
      await deps.deliveries.claim({ ...key, claimedAt: new Date().toISOString(), expiresAt: 2e9 });
      await deps.mailer.send({
        to,
        subject: 'Digest',
        html: '<p>hi</p>',
        text: 'hi',
        tags: deliveryTags(key),
      });
      keys.push(key);
    }
    await app.sesEventsSettled();
    const [ok, bounced, complained] = await Promise.all(
      keys.map((k) => deps.deliveries.get(k.subscriberId, editionId)),
    );
    expect(ok).toMatchObject({ status: 'sent' });
    expect(ok?.sesSendAt).toBeDefined();
    expect(ok?.sesDeliveryAt).toBeDefined();
    expect(bounced).toMatchObject({ sesBounceType: 'Permanent' });
    expect(bounced?.sesDeliveryAt).toBeUndefined();
    expect(complained?.sesComplaintAt).toBeDefined();
    expect(await stored(readers[1] as string)).toMatchObject({ suppressed: { reason: 'bounce' } });
    expect(await stored(readers[2] as string)).toMatchObject({
      status: 'unsubscribed',
      suppressed: { reason: 'complaint' },
    });
  });
});
