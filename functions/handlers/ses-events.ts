import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { createBounceCounter } from '../adapters/bounce-counter';
import { emitMetrics } from '../adapters/metrics';
import { getDeps } from '../deps';
import {
  eventBridgeEnvelopeSchema,
  type SesEvent,
  sesEventSchema,
  snsNotificationSchema,
} from '../schemas/ses-event';
import { type LedgerOutcome, recordSesEvent } from '../use-cases/record-ses-event';
import type { FeedbackOutcome } from '../use-cases/record-ses-feedback';

/**
 * One `ses-events` queue record's body → the SES event in it: the SNS notification (SES → SNS → SQS,
 * not raw: the SES record is the JSON string `Message`), or an EventBridge event (`detail`). Anything
 * else is reported and skipped: retrying cannot make it parse.
 */
export function sesEventOf(body: string, log: (line: string) => void): SesEvent | undefined {
  let outer: unknown;
  try {
    outer = JSON.parse(body);
  } catch {
    log('ses-events: skipped a record whose body is not JSON');
    return undefined;
  }
  let raw: unknown = outer;
  const sns = snsNotificationSchema.safeParse(outer);
  if (sns.success) {
    try {
      raw = JSON.parse(sns.data.Message);
    } catch {
      log(`ses-events: skipped SNS message ${sns.data.MessageId ?? '?'}: Message is not JSON`);
      return undefined;
    }
  } else {
    const bridge = eventBridgeEnvelopeSchema.safeParse(outer);
    if (bridge.success) raw = bridge.data.detail;
  }
  const parsed = sesEventSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  log(`ses-events: skipped a record that is not an SES event: ${parsed.error.issues[0]?.message}`);
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
 * fails (a storage error) is reported alone and comes back, and after 5 receives waits in the DLQ.
 */
export async function handler(event: SQSEvent): Promise<SesEventsResult> {
  const deps = getDeps();
  const log = (line: string) => console.log(line);
  const useCase = {
    ledger: deps.deliveries,
    subscribers: deps.subscriberStore,
    bounces: createBounceCounter(deps.aws.doc, deps.config),
    now: () => new Date(),
    log,
  };
  const outcomes: FeedbackOutcome[] = [];
  const ledger: LedgerOutcome[] = [];
  const failures: { itemIdentifier: string }[] = [];
  // Side by side: every write is order-free, so the records of one batch need no order among them.
  await Promise.all(
    (event.Records as SQSRecord[]).map(async (record) => {
      const e = sesEventOf(record.body, log);
      if (!e) return;
      try {
        const out = await recordSesEvent(useCase, e);
        outcomes.push(...out.feedback);
        ledger.push(out.ledger);
      } catch (err) {
        log(`ses-events: ${e.type} ${e.mail.messageId ?? '?'} failed, left for redelivery: ${String(err)}`);
        failures.push({ itemIdentifier: record.messageId });
      }
    }),
  );
  const unsubscribed = outcomes.filter((o) => o === 'unsubscribed').length;
  if (unsubscribed) emitMetrics({ Unsubscribes: unsubscribed }, log);
  return { batchItemFailures: failures, outcomes, ledger };
}
