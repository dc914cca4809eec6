import type { Log, Ports } from '../ports';
import { onLambda } from '../roots/lambda';
import {
  eventBridgeEnvelopeSchema,
  type SesEvent,
  sesEventSchema,
  snsEnvelopeSchema,
} from '../schemas/ses-event';
import {
  type FeedbackOutcome,
  type RecordSesFeedbackDeps,
  recordSesFeedback,
} from '../use-cases/record-ses-feedback';

/** Unwraps SNS (each record's Message is the SES JSON) or EventBridge (`detail`); anything else is reported. */
export function sesEventsOf(event: unknown, log: Log): SesEvent[] {
  const parse = (raw: unknown): SesEvent[] => {
    const parsed = sesEventSchema.safeParse(raw);
    if (parsed.success) return [parsed.data];
    log.warn('ses-events: skipped a record that is not an SES event', {
      reason: parsed.error.issues[0]?.message,
    });
    return [];
  };
  const sns = snsEnvelopeSchema.safeParse(event);
  if (sns.success)
    return sns.data.Records.flatMap((r) => {
      try {
        return parse(JSON.parse(r.Sns.Message));
      } catch {
        log.warn('ses-events: skipped an SNS message that is not JSON', { messageId: r.Sns.MessageId });
        return [];
      }
    });
  const bridge = eventBridgeEnvelopeSchema.safeParse(event);
  if (bridge.success) return parse(bridge.data.detail);
  log.warn('ses-events: skipped an event that is neither SNS nor EventBridge from SES');
  return [];
}

/**
 * SES event publishing (configuration set → SNS topic or EventBridge) → suppression and unsubscribes.
 * Malformed input is skipped and logged; a storage error throws, so Lambda's async retries run again.
 */
export function createSesEventsHandler(deps: RecordSesFeedbackDeps & Pick<Ports, 'metrics'>) {
  return async (event: unknown): Promise<{ outcomes: FeedbackOutcome[] }> => {
    const outcomes: FeedbackOutcome[] = [];
    for (const e of sesEventsOf(event, deps.log)) outcomes.push(...(await recordSesFeedback(deps, e)));
    const unsubscribed = outcomes.filter((o) => o === 'unsubscribed').length;
    if (unsubscribed) deps.metrics.count({ Unsubscribes: unsubscribed });
    return { outcomes };
  };
}

export const handler = onLambda(createSesEventsHandler);
