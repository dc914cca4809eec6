import * as z from 'zod';
import { DEFAULT_DIGEST_SIZE, profileFieldsSchema } from './profile';
import { subscriberSchema } from './subscriber';

/**
 * JSON bodies the HTTP API answers with. Routes shape their answers through these schemas, and the
 * OpenAPI document (`/openapi.json`) is generated from them, so the two cannot drift apart.
 */

/** Every 4xx/5xx JSON answer: one sentence a caller can act on, and per-field reasons when several. */
export const problemSchema = z.object({
  error: z.string(),
  details: z.unknown().optional(),
});

/** POST /subscriptions: the same body for every address, whatever its state (no enumeration). */
export const signupAcceptedSchema = z.object({
  status: z.literal('accepted'),
  message: z.string(),
});

/**
 * What GET /preferences (JSON) shows of the reader; add a field here to show it. The profile fields of
 * issue 10 show with their defaults (core/profile.profileOf) when the item has none.
 */
export const preferencesViewSchema = subscriberSchema
  .pick({ email: true, status: true, topics: true, frequency: true })
  .extend({
    excludes: profileFieldsSchema.excludes.unwrap().default([]),
    followedAuthors: profileFieldsSchema.followedAuthors.unwrap().default([]),
    followedOrganizations: profileFieldsSchema.followedOrganizations.unwrap().default([]),
    digestSize: profileFieldsSchema.digestSize.unwrap().default(DEFAULT_DIGEST_SIZE),
    /** Newest first. */
    feedback: profileFieldsSchema.feedback.unwrap().default([]),
    /** Issue 11: the reader's schedule (configured defaults when never chosen) and next delivery instant. */
    timeZone: z.string(),
    deliveryHour: z.number().int().min(0).max(23),
    weeklyDay: z.number().int().min(0).max(6),
    nextDelivery: z.iso.datetime().optional(),
  });

export const preferencesSavedSchema = preferencesViewSchema.extend({ saved: z.literal(true) });

export const erasedSchema = z.object({ status: z.literal('erased') });

/** GET /preferences/export: the subscriber item and every delivery record kept about the reader. */
export const personalDataSchema = z.record(z.string(), z.unknown());

export const healthSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  reason: z.string().optional(),
});
