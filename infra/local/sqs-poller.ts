import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Log } from '../../functions/ports';

type SqsHandler = (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;

export interface PollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  handler: SqsHandler;
  region: string;
  /** Messages per invocation, like the event source mapping's BatchSize (SQS allows at most 10 per receive). */
  batchSize?: number;
  /** Long-poll wait per receive. */
  waitTimeSeconds?: number;
  log?: Log;
}

const toRecord = (m: Message, arn: string, region: string): SQSRecord => ({
  messageId: m.MessageId ?? '',
  receiptHandle: m.ReceiptHandle ?? '',
  body: m.Body ?? '',
  attributes: {
    ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
    SentTimestamp: m.Attributes?.SentTimestamp ?? String(Date.now()),
    SenderId: m.Attributes?.SenderId ?? 'local',
    ApproximateFirstReceiveTimestamp: m.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
  },
  messageAttributes: {},
  md5OfBody: m.MD5OfBody ?? '',
  eventSource: 'aws:sqs',
  eventSourceARN: arn,
  awsRegion: region,
});

/**
 * Lambda's SQS event source mapping, locally: long-polls the queue, hands each batch to the handler as the
 * SQS event Lambda builds, deletes the messages that succeeded (all of them, minus `batchItemFailures`),
 * and leaves the failures (or the whole batch, if the handler throws) to come back after the visibility
 * timeout, and to the dead-letter queue after the redrive policy's receive count.
 */
export function createSqsPoller(opts: PollerOptions) {
  const log = opts.log;
  let cachedArn: string | undefined;
  const queueArn = async () => {
    cachedArn ??= (
      await opts.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: opts.queueUrl, AttributeNames: ['QueueArn'] }),
      )
    ).Attributes?.QueueArn as string;
    return cachedArn;
  };

  /** One receive → one invocation. Returns how many messages it handled (0 when the queue was empty). */
  async function pollOnce(
    waitTimeSeconds = opts.waitTimeSeconds ?? 1,
    abortSignal?: AbortSignal,
  ): Promise<number> {
    const out = await opts.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: opts.queueUrl,
        MaxNumberOfMessages: Math.min(10, opts.batchSize ?? 10),
        WaitTimeSeconds: waitTimeSeconds,
        MessageSystemAttributeNames: ['All'],
      }),
      { abortSignal },
    );
    const messages = out.Messages ?? [];
    if (messages.length === 0) return 0;
    const arn = await queueArn();
    const records = messages.map((m) => toRecord(m, arn, opts.region));
    let failed: Set<string>;
    try {
      const res = await opts.handler({ Records: records });
      failed = new Set((res?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (err) {
      log?.error('sqs-poller: handler threw, the whole batch returns after the visibility timeout', {
        error: String(err),
      });
      return messages.length;
    }
    const done = records.filter((r) => !failed.has(r.messageId));
    if (done.length)
      await opts.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: opts.queueUrl,
          Entries: done.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
        }),
      );
    if (failed.size) log?.warn('sqs-poller: messages failed, left for redelivery', { failed: failed.size });
    return messages.length;
  }

  /** Messages visible or in flight: zero means the queue is drained. */
  async function backlog(): Promise<number> {
    const out = await opts.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: opts.queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return (
      Number(out.Attributes?.ApproximateNumberOfMessages ?? 0) +
      Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
    );
  }

  /** Polls until stopped, one batch at a time (the local stack's reserved concurrency is 1). */
  function start() {
    const abort = new AbortController();
    let running = true;
    const loop = (async () => {
      while (running) {
        try {
          await pollOnce(opts.waitTimeSeconds ?? 5, abort.signal);
        } catch (err) {
          if (!running) break;
          log?.error('sqs-poller: receive failed', { error: String(err) });
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    })();
    return {
      stop: async () => {
        running = false;
        abort.abort();
        await loop;
      },
    };
  }

  return { pollOnce, backlog, start };
}
