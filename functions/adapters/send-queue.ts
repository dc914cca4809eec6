import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { backOff } from 'exponential-backoff';
import { chunk } from '../lib/chunk';
import { type SendPage, sendPageSchema } from '../schemas/delivery';

/** The send queue, written by the planner: SendMessageBatch of at most 10 pages per call. */
export interface SendQueue {
  enqueue(pages: SendPage[]): Promise<void>;
}

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
