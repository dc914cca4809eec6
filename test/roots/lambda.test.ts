import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createEmailRenderer } from '../../functions/adapters/email-renderer';
import { subscriberIdFor } from '../../functions/core/subscriber-id';
import type { Ports } from '../../functions/ports';
import { onLambda } from '../../functions/roots/lambda';
import { uniqueEmail, waitForEmail } from '../support/inbox';
import { aSubscriber, makePaper } from '../support/seed';

/**
 * The Lambda root builds its SES mailer, SQS send queue, email renderer and the subscriber, delivery
 * and throttle stores on first use (their code is a chunk a cold start loads only when it uses them):
 * the same ports, against the emulators, through `onLambda` itself.
 */
const sqs = new SQSClient({
  region: 'us-east-1',
  endpoint: process.env.SQS_ENDPOINT,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
let queueUrl: string;
let ports: Ports;
let handler: (event: unknown) => Promise<Ports>;

beforeAll(async () => {
  const made = await sqs.send(new CreateQueueCommand({ QueueName: `lambda-root-${Date.now()}` }));
  queueUrl = made.QueueUrl as string;
  // The Lambda root reads process.env on its first invocation, as on Lambda.
  process.env.SEND_QUEUE_URL = queueUrl;
  process.env.TABLE_PREFIX = `lambda-root-${Date.now()}-`;
  handler = onLambda((root) => async () => root);
  ports = await handler({});
});
afterAll(() => sqs.destroy());

test('the lazily loaded mailer sends through SES', async () => {
  const to = uniqueEmail('lambda-root');
  const sent = await ports.mailer.send({
    to,
    subject: 'Lazy',
    html: '<p>hi</p>',
    text: 'hi',
    headers: [],
    tags: [],
  });
  expect(sent.messageId).toEqual(expect.any(String));
  expect((await waitForEmail(to)).subject).toBe('Lazy');
});

test('the lazily loaded send queue enqueues to SQS', async () => {
  await ports.sendQueue.enqueue([{ editionId: 'daily#2026-07-01', subscriberIds: ['s1', 's2'] }]);
  const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 2 }));
  expect(JSON.parse(got.Messages?.[0]?.Body ?? '{}')).toEqual({
    editionId: 'daily#2026-07-01',
    subscriberIds: ['s1', 's2'],
  });
});

test('the lazily loaded email renderer renders as the renderer itself does', async () => {
  const direct = createEmailRenderer(ports.config);
  const values = { email: 'a@example.com', postalAddress: 'Somewhere 1', confirmUrl: 'https://x.test/c?t=1' };
  const mail = await ports.emailRenderer.render('confirm', values);
  expect(mail.html).toContain('https://x.test/c?t=1');
  expect(mail).toEqual(await direct.render('confirm', values));
  const edition = {
    editionId: 'daily#2026-07-01',
    kind: 'daily' as const,
    date: '2026-07-01',
    paperIds: ['2607.00001'],
    createdAt: '2026-07-02T06:00:00.000Z',
  };
  const papers = [makePaper('2026-07-01', { arxivId: '2607.00001', title: 'Lazy papers' })];
  const prepared = await ports.emailRenderer.prepareEdition(edition, papers);
  expect(JSON.stringify(prepared)).toContain('Lazy papers');
  expect(prepared).toEqual(await direct.prepareEdition(edition, papers));
});

test('the lazily loaded stores read and write their tables', async () => {
  const { ensureTables } = await import('../../infra/local/tables');
  const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
  const dynamo = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: process.env.DYNAMODB_ENDPOINT,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTables(dynamo, ports.config.tables);
  dynamo.destroy();
  const email = 'lazy-store@example.com';
  const reader = aSubscriber({ id: subscriberIdFor(email), email });
  expect(await ports.subscribers.create(reader)).toBe(true);
  expect((await ports.subscribers.get(reader.id))?.email).toBe('lazy-store@example.com');
  const scanned: string[] = [];
  for await (const page of ports.subscribers.scanActive(0, 1)) scanned.push(...page.map((r) => r.id));
  expect(scanned).toContain(reader.id);
  expect(await ports.throttles.hit(`lazy:${reader.id}`, Math.floor(Date.now() / 1000) + 60)).toBe(1);
  expect(await ports.deliveries.get(reader.id, 'daily#2026-07-01')).toBeUndefined();
});
