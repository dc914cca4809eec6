import * as z from 'zod';
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
  /**
   * Delivery at the reader's local hour (issue 11). Absent on items written before: read them through
   * `core/reader-schedule.scheduleOf`, which fills in the configured defaults.
   */
  timeZone: z.string().optional(),
  deliveryHour: z.number().int().min(0).max(23).optional(),
  /** 0 = Sunday … 6 = Saturday: weekly readers' day. */
  weeklyDay: z.number().int().min(0).max(6).optional(),
  /** The next delivery instant (ISO, a quarter hour): the sort key of the `bySlot` GSI. Active readers only. */
  nextSlot: z.string().optional(),
  /** The `bySlot` GSI's partition key (`core/delivery-slot.slotShardOf(id)`), set with `nextSlot`. */
  slotShard: z.number().int().nonnegative().optional(),
  /** The latest local day a digest was planned for: never a second one that day. */
  servedDay: z.string().optional(),
  /**
   * The papers sent, one entry per delivery: `YYYY-MM-DD id id …` (the local day, then bare arXiv ids),
   * entries older than the seen-set window dropped. Written by the sender with the delivery.
   */
  seenPapers: z.array(z.string()).optional(),
  /** Epoch seconds: DynamoDB TTL removes pending signups that never confirm. */
  expiresAt: z.number().int().optional(),
});

export type Subscriber = z.infer<typeof subscriberSchema>;

/**
 * The `bySlot` GSI's key attributes: a reader without them is not in the index. Whoever ends a
 * subscription (unsubscribe, a complaint) removes them in the same write, so no tick reads them again.
 */
export const SLOT_KEYS = ['nextSlot', 'slotShard'] as const satisfies readonly (keyof Subscriber)[];

/**
 * What the subscribers table's `bySlot` GSI projects besides the keys (`id`, `slotShard`, `nextSlot`):
 * what the planner tick needs to route a due reader without a GetItem. infra/tables.ts builds the
 * index from this list, and the tick's reads and `DueReader` (functions/ports.ts) follow it.
 */
export const BY_SLOT_PROJECTION = [
  'email',
  'status',
  'suppressed',
  'frequency',
  'topics',
  'timeZone',
  'deliveryHour',
  'weeklyDay',
  'servedDay',
] as const satisfies readonly (keyof Subscriber)[];
