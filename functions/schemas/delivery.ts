import { z } from 'zod';
import { editionIdSchema } from './edition';

/**
 * One reader's copy of one edition, in the deliveries table (`subscriberId`, `editionId`). Claimed with a
 * conditional put before the send and marked `sent` after it: the ledger is what makes "never twice" hold
 * across retries, redeliveries and re-runs.
 */
export const deliverySchema = z.object({
  subscriberId: z.string().min(1),
  editionId: z.string().min(1),
  status: z.enum(['claimed', 'sent']),
  claimedAt: z.iso.datetime(),
  sentAt: z.iso.datetime().optional(),
  messageId: z.string().optional(),
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
