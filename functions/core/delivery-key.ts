import type { SesEvent } from '../schemas/ses-event';

/**
 * The delivery key a digest carries through SES: SES v2 `EmailTags` naming the reader, the edition and
 * the claim, which SES copies into every event of that email (`mail.tags`), so each event finds its
 * ledger record. Tag values allow only ASCII letters, digits, `_` and `-` (SES API v2 MessageTag), so the
 * edition id's `#` travels as `_` (edition ids have no `_` of their own; `deliveryTags` checks).
 */
export interface DeliveryKey {
  subscriberId: string;
  editionId: string;
  claimId: string;
}

export const DELIVERY_TAGS = { subscriber: 'subscriber', edition: 'edition', claim: 'claim' } as const;

const TAG_VALUE = /^[A-Za-z0-9_-]{1,256}$/;

export function deliveryTags(key: DeliveryKey): { name: string; value: string }[] {
  if (key.editionId.includes('_')) throw new Error(`edition id ${key.editionId} cannot travel as a tag`);
  const tags = [
    { name: DELIVERY_TAGS.subscriber, value: key.subscriberId },
    { name: DELIVERY_TAGS.edition, value: key.editionId.replaceAll('#', '_') },
    { name: DELIVERY_TAGS.claim, value: key.claimId },
  ];
  for (const t of tags)
    if (!TAG_VALUE.test(t.value)) throw new Error(`tag ${t.name} is not SES-safe: ${t.value}`);
  return tags;
}

/** The key back from an event's `mail.tags` (each tag a list of values); undefined for mail without one. */
export function deliveryKeyOf(
  tags: Record<string, string[] | undefined> | undefined,
): DeliveryKey | undefined {
  const one = (name: string) => tags?.[name]?.[0];
  const subscriberId = one(DELIVERY_TAGS.subscriber);
  const edition = one(DELIVERY_TAGS.edition);
  const claimId = one(DELIVERY_TAGS.claim);
  if (!subscriberId || !edition || !claimId) return undefined;
  return { subscriberId, editionId: edition.replaceAll('_', '#'), claimId };
}

/** The SES event types the ledger records, and the name each gets there. */
export const LEDGER_EVENTS = {
  Send: 'send',
  Delivery: 'delivery',
  Bounce: 'bounce',
  Complaint: 'complaint',
  Reject: 'reject',
  DeliveryDelay: 'deliveryDelay',
  'Rendering Failure': 'renderingFailure',
  RenderingFailure: 'renderingFailure',
} as const;
export type LedgerEventName = (typeof LEDGER_EVENTS)[keyof typeof LEDGER_EVENTS];

/** What one SES event says about one ledger record. Any of these events proves SES took the email. */
export interface LedgerEvent {
  key: DeliveryKey;
  name: LedgerEventName;
  messageId: string;
  /** When it happened, by SES's clock (the event's own timestamp, else the mail's). */
  at: string;
  /** Bounces: Permanent, Transient or Undetermined. */
  detail?: string;
}

export function ledgerEventOf(event: SesEvent): LedgerEvent | undefined {
  const name = LEDGER_EVENTS[event.type as keyof typeof LEDGER_EVENTS];
  const key = deliveryKeyOf(event.mail.tags);
  const messageId = event.mail.messageId;
  if (!name || !key || !messageId) return undefined;
  const own = (event as Record<string, unknown>)[name === 'renderingFailure' ? 'failure' : name] as
    | { timestamp?: unknown }
    | undefined;
  const at =
    typeof own?.timestamp === 'string' && !Number.isNaN(Date.parse(own.timestamp))
      ? own.timestamp
      : event.mail.timestamp;
  if (!at) return undefined;
  return { key, name, messageId, at, ...(event.bounce ? { detail: event.bounce.bounceType } : {}) };
}
