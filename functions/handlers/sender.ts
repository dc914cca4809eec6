import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { startReadersUntil } from '../core/send-plan';
import { processSqsBatch } from '../lib/sqs-batch';
import type { Ports } from '../ports';
import { onLambda } from '../roots/lambda';
import { type SenderDeps, senderDepsOnce } from '../roots/sender';
import { type SendPage, sendPageSchema } from '../schemas/delivery';
import { sendDigestPage } from '../use-cases/send-digest';

/** A page that ended with readers left for a retry (deadline, throttling, an in-flight claim). */
class PageUnfinished extends Error {}

/**
 * SQS event source mapping (ReportBatchItemFailures on): one page per message, failures redelivered.
 * Powertools' BatchProcessor (lib/sqs-batch.ts) runs the pages side by side and reports those that threw.
 */
export function createSenderHandler(
  root: Ports,
  // Built once per process: the prepared-edition cache and the rate limiter outlive one invocation. A
  // bench or test may hand its own (an SES client with latency or faults injected: roots/sender.ts).
  sender: () => Promise<SenderDeps> = senderDepsOnce(root),
) {
  return async (
    event: SQSEvent,
    context?: Pick<Context, 'getRemainingTimeInMillis'>,
  ): Promise<SQSBatchResponse> => {
    const deps = await sender();
    // The instance's sends in flight (core/send-plan) are lanes shared by this batch's pages: each page may
    // use them all, so a page waiting on its slowest reader leaves the others at full speed.
    const { lanes } = deps;
    const parallel = deps.plan.sendsInFlight;
    const deadline = context
      ? startReadersUntil(Date.now(), context.getRemainingTimeInMillis(), deps.plan, deps.ratePerSecond)
      : undefined;
    const sendPage = async (record: SQSRecord) => {
      let page: SendPage;
      let result: Awaited<ReturnType<typeof sendDigestPage>>;
      try {
        page = sendPageSchema.parse(JSON.parse(record.body));
        result = await sendDigestPage(deps, page, { deadline, parallel, lanes });
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
