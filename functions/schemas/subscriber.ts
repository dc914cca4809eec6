import { z } from 'zod';
import { profileFieldsSchema } from './profile';
import { relevanceStateSchema } from './relevance';

export const frequencySchema = z.enum(['daily', 'weekly']);
export type Frequency = z.infer<typeof frequencySchema>;

export const subscriberStatusSchema = z.enum(['pending', 'active', 'unsubscribed']);
export type SubscriberStatus = z.infer<typeof subscriberStatusSchema>;

/** Who asked, when and from where: kept as consent evidence. */
export const consentEventSchema = z.object({
  at: z.iso.datetime(),
  ip: z.string().max(64).optional(),
  userAgent: z.string().max(512).optional(),
});

/** A reader, as stored in the subscribers table (partition key `id`). */
export const subscriberSchema = z.object({
  /** Deterministic from the normalised address (see core/subscriber-id.ts), so one address is one item. */
  id: z.string(),
  email: z.string(),
  status: subscriberStatusSchema,
  topics: z.array(z.string()),
  frequency: frequencySchema,
  /** Bumped to revoke every manage token issued before. */
  tokenVersion: z.number().int().nonnegative(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  signup: consentEventSchema.optional(),
  confirmation: consentEventSchema.optional(),
  /** The latest signup request for an address that was already active (it got its manage link by email). */
  lastSignupRequest: consentEventSchema.optional(),
  unsubscribedAt: z.iso.datetime().optional(),
  /** Set by bounce and complaint handling: a suppressed reader is never mailed. */
  suppressed: z
    .object({ reason: z.enum(['bounce', 'complaint', 'transient-bounces']), at: z.iso.datetime() })
    .optional(),
  transientBounces: z.number().int().nonnegative().optional(),
  /** Excludes, follows, digest size, feedback given (schemas/profile.ts; defaults: core/profile.profileOf). */
  ...profileFieldsSchema,
  /** What the ranking learned from the reader's More/Less presses (core/relevance.ts); absent = nothing yet. */
  relevance: relevanceStateSchema.optional(),
  /** Epoch seconds: DynamoDB TTL removes pending signups that never confirm. */
  expiresAt: z.number().int().optional(),
});

export type Subscriber = z.infer<typeof subscriberSchema>;
