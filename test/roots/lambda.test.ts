import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Ports } from '../../functions/ports';
import { onLambda } from '../../functions/roots/lambda';
import { uniqueEmail, waitForEmail } from '../support/inbox';

/**
 * The Lambda root builds its SES mailer and SQS send queue on first use (their code is a chunk a cold
 * start loads only when it sends): the same ports, against the emulators, through `onLambda` itself.
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
