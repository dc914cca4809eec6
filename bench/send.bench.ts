import { randomBytes } from 'node:crypto';
import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { aSubscriber, makePaper, putPapers } from '../test/support/seed';
import { createBenchRoot } from './root';
import type { BenchContext } from './run';
import { tickBench } from './support/tick-bench';

/**
 * Sending: the planner's fan-out (parallel Scan → pages → SendMessageBatch) against a plain Scan of the
 * same table, and the sender's cost per reader (ledger, token, assembly, SES, ledger) against a bare
 * SES SendEmail of a small email, both measured here on the same emulators. The rate limit is lifted
 * (MAX_SEND_RATE 100000) so the figures are the pipeline's own.
 */
export default async function sendBench({ log }: BenchContext) {
  const readers = Number(process.env.BENCH_SEND_READERS ?? 1000);
  const date = '2026-07-31';
  const sqsPort = Number(new URL(process.env.SQS_ENDPOINT as string).port);
  const { localQueueUrl, ensureSendQueue } = await import('../infra/local/send-queue');
  const deps = createBenchRoot({
    SEND_QUEUE_URL: localQueueUrl('us-east-1', sqsPort, `b${randomBytes(3).toString('hex')}-send`),
    MAX_SEND_RATE: '100000',
    SENDER_CONCURRENCY: '1',
    PLANNER_SCAN_SEGMENTS: '4',
  });
  const { ensureTables } = await import('../infra/local/tables');
  await ensureTables(deps.aws.dynamo, deps.config.tables);
  const queueUrl = deps.config.SEND_QUEUE_URL as string;
  await ensureSendQueue(deps.aws.sqs, queueUrl, 60);

  await putPapers(
    deps,
    Array.from({ length: 30 }, (_, i) => makePaper(date, { title: `Paper ${i}`, upvotes: 100 - i })),
  );
  const now = new Date().toISOString();
  for (let i = 0; i < readers; i += 25) {
    const items = Array.from({ length: Math.min(25, readers - i) }, (_, j) =>
      aSubscriber({ id: `bench-${i + j}`, email: `bench-${i + j}@example.com` }, now),
    );
    await deps.aws.doc.send(
      new BatchWriteCommand({
        RequestItems: { [deps.config.tables.subscribers]: items.map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  }

  // Baseline 1: one plain sequential Scan of the subscribers table.
  let t = performance.now();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await deps.aws.doc.send(
      new ScanCommand({ TableName: deps.config.tables.subscribers, ExclusiveStartKey: start }),
    );
    start = page.LastEvaluatedKey;
  } while (start);
  const scanMs = performance.now() - t;

  const { planEdition } = await import('../functions/use-cases/plan-edition');
  t = performance.now();
  const plan = await planEdition(deps, date);
  const planMs = performance.now() - t;
  log(
    `planner: ${plan.readers} readers → ${plan.pages} pages in ${planMs.toFixed(0)} ms (${((plan.readers / planMs) * 1000).toFixed(0)} readers/s); plain Scan ${scanMs.toFixed(0)} ms → ${(planMs / scanMs).toFixed(1)}× a bare Scan`,
  );

  // Baseline 2: bare SES SendEmail calls of a small email, one after another.
  const bare = 50;
  t = performance.now();
  for (let i = 0; i < bare; i++)
    await deps.mailer.send({ to: `bare-${i}@example.com`, subject: 'x', html: '<p>x</p>', text: 'x' });
  const bareMs = (performance.now() - t) / bare;

  // The sender handler behind the local stand-in of the SQS event source, as `npm start` runs it.
  const { sendQueuePoller } = await import('../infra/local/stack');
  const poller = sendQueuePoller(deps);
  if (!poller) throw new Error('no send queue');
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  t = performance.now();
  while ((await poller.pollOnce(1)) > 0 || (await poller.backlog()) > 0)
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const sendMs = performance.now() - t;
  const perReader = sendMs / plan.readers;
  log(
    `sender: ${plan.readers} emails in ${(sendMs / 1000).toFixed(1)} s through the queue, batches of 10 pages: ${perReader.toFixed(2)} ms per reader (${((plan.readers / sendMs) * 1000).toFixed(0)}/s); bare SES SendEmail ${bareMs.toFixed(2)} ms each (sequential) → ${(perReader / bareMs).toFixed(2)}× a bare send; peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`,
  );

  // The planner tick over 100,000 readers in many zones (BENCH_TICK_READERS): items read vs readers due and a full Scan.
  await tickBench({ log });
}
