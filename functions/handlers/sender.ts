import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { Ports } from '../ports';
import { onLambda } from '../roots/lambda';
import { senderDepsOnce } from '../roots/sender';
import { sendPageSchema } from '../schemas/delivery';
import { sendDigestPage } from '../use-cases/send-digest';

/** SQS event source mapping (ReportBatchItemFailures on): one page per message, failures redelivered. */
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
    const results = await Promise.all(
      event.Records.map(async (record) => {
        try {
          const page = sendPageSchema.parse(JSON.parse(record.body));
          const result = await sendDigestPage(deps, page, { deadline });
          root.log.info('sender: page done', {
            messageId: record.messageId,
            editionId: page.editionId,
            outcomes: result.outcomes,
          });
          root.metrics.count({ DigestsSent: result.outcomes.sent + result.outcomes.resent });
          return result.ok ? undefined : record.messageId;
        } catch (err) {
          // A malformed message or an edition that cannot load: left for redelivery, then the DLQ.
          root.log.error('sender: message failed', { messageId: record.messageId, error: String(err) });
          return record.messageId;
        }
      }),
    );
    return { batchItemFailures: results.flatMap((id) => (id ? [{ itemIdentifier: id }] : [])) };
  };
}

export const handler = onLambda(createSenderHandler);
