import { slotFields } from '../core/reader-schedule';
import type { TokenRefusal } from '../core/subscriber-token';
import type { DigestSize } from '../schemas/profile';
import { type Frequency, type Subscriber, subscriberSchema } from '../schemas/subscriber';
import type { LifecycleDeps } from './lifecycle-deps';
import { resolveToken } from './resolve-token';

type Refused = { ok: false; reason: TokenRefusal };

/** Runs `act` for the reader a manage link names; a refused link is answered with its refusal. */
async function forReader<T>(
  deps: LifecycleDeps,
  token: string | undefined,
  now: Date,
  act: (s: Subscriber) => Promise<T>,
): Promise<T | Refused> {
  const resolved = await resolveToken(deps, token, 'manage', now);
  return resolved.ok ? act(resolved.subscriber) : resolved;
}

/** The attributes "forget all my feedback" removes. */
const LEARNED_FIELDS: (keyof Subscriber)[] = ['feedback', 'relevance'];

/** The preferences page: who the link belongs to, nothing changed. */
export async function readPreferences(
  deps: LifecycleDeps,
  token: string | undefined,
  now: Date,
): Promise<{ ok: true; subscriber: Subscriber } | Refused> {
  return resolveToken(deps, token, 'manage', now);
}

/** What a reader can change on the preferences page; a choice left out stays as it is. */
export interface PreferenceChoices {
  topics?: string[];
  frequency?: Frequency;
  excludes?: string[];
  followedAuthors?: string[];
  followedOrganizations?: string[];
  digestSize?: DigestSize;
  timeZone?: string;
  deliveryHour?: number;
  weeklyDay?: number;
}
const CHOICE_KEYS = [
  'topics',
  'frequency',
  'excludes',
  'followedAuthors',
  'followedOrganizations',
  'digestSize',
  'timeZone',
  'deliveryHour',
  'weeklyDay',
] as const satisfies readonly (keyof PreferenceChoices)[];

/** Changes the choices given. Status, consent evidence and feedback are never touched here. */
export async function updatePreferences(
  deps: LifecycleDeps,
  token: string | undefined,
  given: PreferenceChoices,
  now: Date,
): Promise<{ ok: true; subscriber: Subscriber } | Refused> {
  return forReader(deps, token, now, async (s) => {
    const choices = Object.fromEntries(
      CHOICE_KEYS.flatMap((k) => (given[k] === undefined ? [] : [[k, given[k]]])),
    ) as PreferenceChoices & Partial<Pick<Subscriber, 'nextSlot' | 'slotShard'>>;
    const updatedAt = now.toISOString();
    // An active reader is filed again under the slot of their (maybe new) schedule; served today stays served.
    if (s.status === 'active')
      Object.assign(choices, slotFields({ ...s, ...choices }, deps.config, now, s.nextSlot));
    // Conditional on the token version: a link revoked meanwhile cannot write.
    if (!(await deps.subscribers.updateIf(s.id, s.tokenVersion, { ...choices, updatedAt })))
      return { ok: false, reason: 'revoked' } as const;
    return { ok: true, subscriber: { ...s, ...choices, updatedAt } } as const;
  });
}

/** "Forget all my feedback": the list of presses and what the ranking learned from them. */
export async function forgetFeedback(
  deps: LifecycleDeps,
  token: string | undefined,
  now: Date,
): Promise<{ ok: true; subscriber: Subscriber } | Refused> {
  return forReader(deps, token, now, async (s) => {
    const updatedAt = now.toISOString();
    if (!(await deps.subscribers.updateIf(s.id, s.tokenVersion, { updatedAt }, { remove: LEARNED_FIELDS })))
      return { ok: false, reason: 'revoked' } as const;
    const { feedback: _dropped, relevance: _learned, ...rest } = s;
    return { ok: true, subscriber: { ...rest, updatedAt } } as const;
  });
}

/** Everything stored about the reader (GDPR art. 15/20): the subscriber item and their delivery ledger. */
export async function exportPersonalData(
  deps: LifecycleDeps,
  token: string | undefined,
  now: Date,
): Promise<{ ok: true; data: Record<string, unknown> } | Refused> {
  return forReader(deps, token, now, async (s) => ({
    ok: true as const,
    data: {
      exportedAt: now.toISOString(),
      // As stored: the learned profile as its term → weight map, not the arrays the ranking reads.
      subscriber: subscriberSchema.encode(s),
      deliveries: await deps.subscribers.deliveriesOf(s.id),
      notes: [
        'Rate-limit counters keyed by a hash of your subscriber id or IP address expire within a day and are not listed.',
        'Email delivery logs kept by the email provider are not part of this export.',
      ],
    },
  }));
}

/** Deletes the subscriber and their delivery ledger. Their links stop working (unknown subscriber). */
export async function erasePersonalData(
  deps: LifecycleDeps,
  token: string | undefined,
  now: Date,
): Promise<{ ok: true; deliveriesDeleted: number } | Refused> {
  return forReader(deps, token, now, async (s) => ({
    ok: true as const,
    ...(await deps.subscribers.erase(s.id)),
  }));
}
