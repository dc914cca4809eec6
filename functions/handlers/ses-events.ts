import { createBounceCounter } from '../adapters/bounce-counter';
import { emitMetrics } from '../adapters/metrics';
import { getDeps } from '../deps';
import {
  eventBridgeEnvelopeSchema,
  type SesEvent,
  sesEventSchema,
  snsEnvelopeSchema,
} from '../schemas/ses-event';
import { type FeedbackOutcome, recordSesFeedback } from '../use-cases/record-ses-feedback';

/** Unwraps SNS (each record's Message is the SES JSON) or EventBridge (`detail`); anything else is reported. */
export function sesEventsOf(event: unknown, log: (line: string) => void): SesEvent[] {
  const parse = (raw: unknown): SesEvent[] => {
    const parsed = sesEventSchema.safeParse(raw);
    if (parsed.success) return [parsed.data];
    log(`ses-events: skipped a record that is not an SES event: ${parsed.error.issues[0]?.message}`);
    return [];
  };
  const sns = snsEnvelopeSchema.safeParse(event);
  if (sns.success)
    return sns.data.Records.flatMap((r) => {
      try {
        return parse(JSON.parse(r.Sns.Message));
      } catch {
        log(`ses-events: skipped SNS message ${r.Sns.MessageId ?? '?'}: not JSON`);
        return [];
      }
    });
  const bridge = eventBridgeEnvelopeSchema.safeParse(event);
  if (bridge.success) return parse(bridge.data.detail);
  log('ses-events: skipped an event that is neither SNS nor EventBridge from SES');
  return [];
}

/**
 * SES event publishing (configuration set → SNS topic or EventBridge) → suppression and unsubscribes.
 * Malformed input is skipped and logged; a storage error throws, so Lambda's async retries run again.
 */
export async function handler(event: unknown): Promise<{ outcomes: FeedbackOutcome[] }> {
  const deps = getDeps();
  const log = (line: string) => console.log(line);
  const useCase = {
    subscribers: deps.subscriberStore,
    bounces: createBounceCounter(deps.aws.doc, deps.config),
    now: () => new Date(),
    log,
  };
  const outcomes: FeedbackOutcome[] = [];
  for (const e of sesEventsOf(event, log)) outcomes.push(...(await recordSesFeedback(useCase, e)));
  const unsubscribed = outcomes.filter((o) => o === 'unsubscribed').length;
  if (unsubscribed) emitMetrics({ Unsubscribes: unsubscribed }, log);
  return { outcomes };
}
