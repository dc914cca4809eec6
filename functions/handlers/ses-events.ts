import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { processSqsBatch } from '../lib/sqs-batch';
import type { Log, Ports } from '../ports';
import { onLambda } from '../roots/lambda';
import {
  eventBridgeEnvelopeSchema,
  type SesEvent,
  sesEventSchema,
  snsNotificationSchema,
} from '../schemas/ses-event';
import { type LedgerOutcome, type RecordSesEventDeps, recordSesEvent } from '../use-cases/record-ses-event';
import type { FeedbackOutcome } from '../use-cases/record-ses-feedback';

/**
 * One `ses-events` queue record's body → the SES event in it: the SNS notification (SES → SNS → SQS,
 * not raw: the SES record is the JSON string `Message`), or an EventBridge event (`detail`). Anything
 * else is reported and skipped: retrying cannot make it parse.
 */
export function sesEventOf(body: string, log: Pick<Log, 'warn'>): SesEvent | undefined {
  let outer: unknown;
  try {
    outer = JSON.parse(body);
  } catch {
    log.warn('ses-events: skipped a record whose body is not JSON');
    return undefined;
  }
  let raw: unknown = outer;
  const sns = snsNotificationSchema.safeParse(outer);
  if (sns.success) {
    try {
      raw = JSON.parse(sns.data.Message);
    } catch {
      log.warn('ses-events: skipped an SNS message whose Message is not JSON', {
        messageId: sns.data.MessageId ?? '?',
      });
      return undefined;
    }
  } else {
    const bridge = eventBridgeEnvelopeSchema.safeParse(outer);
    if (bridge.success) raw = bridge.data.detail;
  }
  const parsed = sesEventSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  log.warn('ses-events: skipped a record that is not an SES event', {
    reason: parsed.error.issues[0]?.message,
  });
  return undefined;
}

export interface SesEventsResult extends SQSBatchResponse {
  outcomes: FeedbackOutcome[];
  ledger: LedgerOutcome[];
}

/**
 * SQS event source on the `ses-events` queue (ReportBatchItemFailures on). Each record is settled on the
 * delivery ledger and applied to its reader (suppress, unsubscribe, count transient bounces). Every write
 * is idempotent and order-free, so SQS redeliveries and SNS duplicates change nothing; a record that
 * fails (a storage error) is reported alone (Powertools' BatchProcessor, lib/sqs-batch.ts) and comes
 * back, and after 5 receives waits in the DLQ.
 */
export function createSesEventsHandler(deps: RecordSesEventDeps & Pick<Ports, 'metrics'>) {
  return async (event: SQSEvent): Promise<SesEventsResult> => {
    const outcomes: FeedbackOutcome[] = [];
    const ledger: LedgerOutcome[] = [];
    // Side by side: every write is order-free, so the records of one batch need no order among them.
    const { batchItemFailures } = await processSqsBatch(event, async (record) => {
      const e = sesEventOf(record.body, deps.log);
      if (!e) return;
      try {
        const out = await recordSesEvent(deps, e);
        outcomes.push(...out.feedback);
        ledger.push(out.ledger);
      } catch (err) {
        deps.log.warn('ses-events: record failed, left for redelivery', {
          type: e.type,
          messageId: e.mail.messageId ?? '?',
          error: String(err),
        });
        throw err;
      }
    });
    const unsubscribed = outcomes.filter((o) => o === 'unsubscribed').length;
    if (unsubscribed) deps.metrics.count({ Unsubscribes: unsubscribed });
    return { batchItemFailures, outcomes, ledger };
  };
}

export const handler = onLambda(createSesEventsHandler);
