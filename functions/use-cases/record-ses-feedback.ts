import { type Feedback, feedbackOf, TRANSIENT_BOUNCE_LIMIT } from '../core/ses-feedback';
import { subscriberIdFor } from '../core/subscriber-id';
import type { Ports } from '../ports';
import type { SesEvent } from '../schemas/ses-event';
import { SLOT_KEYS, type Subscriber } from '../schemas/subscriber';

export type RecordSesFeedbackDeps = Pick<Ports, 'subscribers' | 'clock' | 'log'>;

export type FeedbackOutcome =
  | 'suppressed'
  | 'unsubscribed'
  | 'counted'
  | 'reset'
  | 'unchanged'
  | 'unknown-address';

type Change = (s: Subscriber, at: string) => Partial<Omit<Subscriber, 'id'>> | undefined;

/** Applies a change under the subscriber's token version; re-reads and tries again if the item moved meanwhile. */
async function change(
  deps: RecordSesFeedbackDeps,
  id: string,
  fn: Change,
): Promise<'changed' | 'unchanged' | 'unknown'> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const s = await deps.subscribers.get(id);
    if (!s) return 'unknown';
    const at = deps.clock.now().toISOString();
    const set = fn(s, at);
    if (!set) return 'unchanged';
    // A change that ends the subscription takes the reader out of the slot index in the same write.
    const remove = set.status === 'unsubscribed' ? [...SLOT_KEYS] : undefined;
    if (await deps.subscribers.updateIf(id, s.tokenVersion, { ...set, updatedAt: at }, { remove }))
      return 'changed';
  }
  throw new Error(`subscriber ${id} kept changing while recording SES feedback`);
}

const suppress =
  (reason: NonNullable<Subscriber['suppressed']>['reason']): Change =>
  (s, at) =>
    s.suppressed ? undefined : { suppressed: { reason, at } };

const complain: Change = (s, at) =>
  s.status === 'unsubscribed' && s.suppressed
    ? undefined
    : {
        status: 'unsubscribed',
        unsubscribedAt: s.unsubscribedAt ?? at,
        suppressed: s.suppressed ?? { reason: 'complaint', at },
      };

async function apply(deps: RecordSesFeedbackDeps, fb: Feedback): Promise<FeedbackOutcome> {
  // Addresses map to readers the same way signups do, so a bounce finds its reader without an index.
  const id = subscriberIdFor(fb.address);
  const named = (r: 'changed' | 'unchanged' | 'unknown', changed: FeedbackOutcome): FeedbackOutcome =>
    r === 'unknown' ? 'unknown-address' : r === 'changed' ? changed : 'unchanged';
  switch (fb.kind) {
    case 'permanent-bounce':
      return named(await change(deps, id, suppress('bounce')), 'suppressed');
    case 'complaint':
      return named(await change(deps, id, complain), 'unsubscribed');
    case 'transient-bounce': {
      const bounces = await deps.subscribers.countTransientBounce(id, fb.messageId);
      if (bounces === undefined) return 'unknown-address';
      // A redelivered bounce counts nothing, but still suppresses if its first delivery died before that.
      if (bounces.count < TRANSIENT_BOUNCE_LIMIT) return bounces.counted ? 'counted' : 'unchanged';
      return named(await change(deps, id, suppress('transient-bounces')), 'suppressed');
    }
    case 'delivery':
      await deps.subscribers.clearTransientBounces(id);
      return 'reset';
  }
}

/** Records what one SES event says about its recipients (bounce, complaint, delivery). */
export async function recordSesFeedback(
  deps: RecordSesFeedbackDeps,
  event: SesEvent,
): Promise<FeedbackOutcome[]> {
  const outcomes: FeedbackOutcome[] = [];
  for (const fb of feedbackOf(event)) {
    const outcome = await apply(deps, fb);
    if (outcome !== 'reset' && outcome !== 'counted')
      deps.log.info('ses-events: feedback recorded', {
        eventType: event.type,
        feedback: fb.kind,
        outcome,
        subscriberId: subscriberIdFor(fb.address),
      });
    outcomes.push(outcome);
  }
  return outcomes;
}
