import * as z from 'zod';
import { editionIdSchema } from './edition';

/** DynamoDB string sets come back from the document client as `Set`s. */
const stringSet = z.preprocess((v) => (v instanceof Set ? [...v] : v), z.array(z.string()));

/** The field of a ledger record that holds the first time (SES's clock) each SES event was seen for it. */
export const SES_EVENT_TIME_FIELDS = {
  send: 'sesSendAt',
  delivery: 'sesDeliveryAt',
  bounce: 'sesBounceAt',
  complaint: 'sesComplaintAt',
  reject: 'sesRejectAt',
  deliveryDelay: 'sesDeliveryDelayAt',
  renderingFailure: 'sesRenderingFailureAt',
} as const;
type SesEventTimeField = (typeof SES_EVENT_TIME_FIELDS)[keyof typeof SES_EVENT_TIME_FIELDS];
const sesEventTimes = Object.fromEntries(
  Object.values(SES_EVENT_TIME_FIELDS).map((field) => [field, z.string().optional()]),
) as Record<SesEventTimeField, z.ZodOptional<z.ZodString>>;

/**
 * One reader's copy of one edition, in the deliveries table (`subscriberId`, `editionId`). Claimed with a
 * conditional put before the send, marked `sent` when SES's answer or SES's own event says it took the
 * email: the ledger is what makes "never twice" hold across retries, redeliveries and re-runs, and SES's
 * events (through the `ses-events` handler) are what settle a claim whose outcome the sender never heard.
 */
export const deliverySchema = z.object({
  subscriberId: z.string().min(1),
  editionId: z.string().min(1),
  status: z.enum(['claimed', 'sent']),
  claimedAt: z.iso.datetime(),
  /** Random per attempt: tells our own claim (a retried write whose answer was lost) from another's. */
  claimId: z.string().optional(),
  /** Claims taken on this record: 1, plus one per resend after a grace window without SES's Send. */
  attempts: z.number().int().positive().optional(),
  sentAt: z.iso.datetime().optional(),
  messageId: z.string().optional(),
  /** Every SES message id any SES event named for this record; more than one means SES took two copies. */
  sesMessageIds: stringSet.optional(),
  ...sesEventTimes,
  sesBounceType: z.string().optional(),
  /** Epoch seconds: DynamoDB TTL drops ledger records long after nobody could re-run that edition. */
  expiresAt: z.number().int().positive(),
});
export type Delivery = z.infer<typeof deliverySchema>;

/**
 * One send-queue message: a page of reader ids for one edition. Pages rather than one message per reader:
 * a million readers are 20,000 messages (2,000 SendMessageBatch calls) instead of a million, and a retried
 * page costs little because the ledger skips the readers already sent.
 */
export const sendPageSchema = z.object({
  editionId: editionIdSchema,
  subscriberIds: z.array(z.string().min(1).max(64)).min(1).max(100),
});
export type SendPage = z.infer<typeof sendPageSchema>;
