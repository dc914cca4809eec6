import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { processSqsBatch } from '../lib/sqs-batch';
import type { Ports } from '../ports';
import { onLambda } from '../roots/lambda';
import { senderDepsOnce } from '../roots/sender';
import { type SendPage, sendPageSchema } from '../schemas/delivery';
import { sendDigestPage } from '../use-cases/send-digest';

/** A page that ended with readers left for a retry (deadline, throttling, an in-flight claim). */
class PageUnfinished extends Error {}

/**
 * SQS event source mapping (ReportBatchItemFailures on): one page per message, failures redelivered.
 * Powertools' BatchProcessor (lib/sqs-batch.ts) runs the pages side by side and reports those that threw.
 */
export function createSenderHandler(root: Ports) {
  // Built once per process: the prepared-edition cache and the rate limiter outlive one invocation.
  const sender = senderDepsOnce(root);
  return async (
    event: SQSEvent,
    context?: Pick<Context, 'getRemainingTimeInMillis'>,
  ): Promise<SQSBatchResponse> => {
    const deps = await sender();
    // Stop starting readers while there is still time to finish the ones started: a safety margin plus the
    // longest a send can wait for its token (the batch's messages share this instance's rate).
    const deadline = context
      ? Date.now() +
        context.getRemainingTimeInMillis() -
        10_000 -
        (event.Records.length / deps.ratePerSecond) * 1000
      : undefined;
    const sendPage = async (record: SQSRecord) => {
      let page: SendPage;
      let result: Awaited<ReturnType<typeof sendDigestPage>>;
      try {
        page = sendPageSchema.parse(JSON.parse(record.body));
        result = await sendDigestPage(deps, page, { deadline });
      } catch (err) {
        // A malformed message or an edition that cannot load: left for redelivery, then the DLQ.
        root.log.error('sender: message failed', { messageId: record.messageId, error: String(err) });
        throw err;
      }
      root.log.info('sender: page done', {
        messageId: record.messageId,
        editionId: page.editionId,
        outcomes: result.outcomes,
      });
      root.metrics.count({ DigestsSent: result.outcomes.sent + result.outcomes.resent });
      if (!result.ok) throw new PageUnfinished(record.messageId);
    };
    return processSqsBatch(event, sendPage);
  };
}

export const handler = onLambda(createSenderHandler);
