import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { subscriberIdFor } from '../../functions/core/subscriber-id';
import type { Root } from '../../functions/roots/compose';
import { startTestApp } from '../support/app';
import { sesEventFixture } from '../support/fixtures';
import { uniqueEmail } from '../support/inbox';
import { putSubscriber } from '../support/seed';

const fixture = (name: string, address: string, patch: (e: Record<string, unknown>) => void = () => {}) => {
  const event = JSON.parse(sesEventFixture(name).replaceAll('recipient@example.com', address)) as Record<
    string,
    unknown
  >;
  patch(event);
  return event;
};

/** As Lambda receives an SNS notification (see the Lambda developer guide's SNS event example). */
const viaSns = (record: unknown) => ({
  Records: [
    {
      EventVersion: '1.0',
      EventSubscriptionArn:
        'arn:aws:sns:us-east-1:123456789012:ses-events:21be56ed-a058-49f5-8c98-aedd2564c486',
      EventSource: 'aws:sns',
      Sns: {
        SignatureVersion: '1',
        Timestamp: '2017-08-05T00:41:03.000Z',
        Signature: 'EXAMPLE',
        SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-EXAMPLE.pem',
        MessageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
        Message: JSON.stringify(record),
        MessageAttributes: {},
        Type: 'Notification',
        UnsubscribeUrl: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:ses-events',
        Subject: null,
      },
    },
  ],
});

/** As an EventBridge rule on the default bus delivers SES events. */
const viaEventBridge = (record: { eventType: string }, detailType: string) => ({
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
  await putSubscriber(deps, to);
  const out = await handler(
    viaEventBridge(fixture('complaint', to.toUpperCase()) as never, 'Email Complaint Received'),
  );
  expect(out.outcomes).toEqual(['unsubscribed']);
  const item = await stored(to);
  expect(item).toMatchObject({ status: 'unsubscribed', suppressed: { reason: 'complaint' } });
  expect(item?.unsubscribedAt).toBeDefined();
});

test('transient bounces suppress after 3 in a row; a delivery resets the run', async () => {
  const to = uniqueEmail('soft');
  await putSubscriber(deps, to);
  const transient = () =>
    fixture('bounce-permanent', to, (e) => {
      (e.bounce as Record<string, unknown>).bounceType = 'Transient';
      (e.bounce as Record<string, unknown>).bounceSubType = 'MailboxFull';
    });
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

test('unknown addresses and malformed events are skipped, never thrown', async () => {
  expect((await handler(viaSns(fixture('bounce-permanent', uniqueEmail('nobody'))))).outcomes).toEqual([
    'unknown-address',
  ]);
  const broken = viaSns({});
  (broken.Records[0] as { Sns: { Message: string } }).Sns.Message = 'not json';
  expect((await handler(broken)).outcomes).toEqual([]);
  expect((await handler({ hello: 'world' })).outcomes).toEqual([]);
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
