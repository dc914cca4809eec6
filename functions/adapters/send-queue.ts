import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { backOff } from 'exponential-backoff';
import type { Config } from '../config';
import { chunk } from '../lib/chunk';
import type { SendQueue } from '../ports';
import { sendPageSchema } from '../schemas/delivery';
import { clientOptions } from './client-options';

/** The `sendQueue` port, written by the planner: SendMessageBatch of at most 10 pages per call. */
export function createSendQueue(sqs: SQSClient, queueUrl: string | undefined): SendQueue {
  return {
    async enqueue(pages) {
      if (!queueUrl)
        throw new Error('SEND_QUEUE_URL is not set: the planner has no queue to fan readers out to');
      for (const batch of chunk(pages, 10)) {
        let pending = batch.map((page, i) => ({
          Id: String(i),
          MessageBody: JSON.stringify(sendPageSchema.parse(page)),
        }));
        // SendMessageBatch can accept some entries and refuse others: resend only the refused ones.
        await backOff(
          async () => {
            const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending }));
            const failed = new Set((out.Failed ?? []).map((f) => f.Id));
            pending = pending.filter((e) => failed.has(e.Id));
            if (pending.length) {
              const first = out.Failed?.[0];
              throw new Error(
                `SQS refused ${pending.length} message(s): ${first?.Code} ${first?.Message ?? ''}`,
              );
            }
          },
          { numOfAttempts: 5, startingDelay: 100, jitter: 'full' },
        );
      }
    },
  };
}

/** The send queue on an SQS client of its own, from config (a Lambda loads it on first use: roots/lazy-adapters.ts). */
export const sqsSendQueueFor = (config: Config): SendQueue =>
  createSendQueue(new SQSClient(clientOptions(config, config.SQS_ENDPOINT)), config.SEND_QUEUE_URL);
