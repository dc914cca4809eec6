import * as z from 'zod';

/**
 * The reader's profile beyond topics (issue 10): excluded keywords, followed authors and organisations,
 * digest size and the feedback they gave. Every field is optional on the subscriber item (items written
 * before still parse); `core/profile.profileOf` supplies the defaults on read.
 */

export const PROFILE_LIMITS = {
  excludes: 20,
  excludeChars: 64,
  followedAuthors: 50,
  followedOrganizations: 20,
  nameChars: 100,
  /** Feedback entries kept on the item, newest first: the item stays a few KB whatever the history. */
  feedback: 50,
  feedbackTitleChars: 160,
} as const;

export const DIGEST_SIZES = [5, 10, 20] as const;
export type DigestSize = (typeof DIGEST_SIZES)[number];
export const DEFAULT_DIGEST_SIZE: DigestSize = 10;
export const digestSizeSchema = z.literal(DIGEST_SIZES);

export const feedbackKindSchema = z.enum(['more', 'less']);
export type FeedbackKind = z.infer<typeof feedbackKindSchema>;

/** One press of "More like this" / "Less like this", as recorded (and shown on the preferences page). */
export const feedbackEntrySchema = z.object({
  paperId: z.string().regex(/^\d{4}\.\d{4,5}$/),
  kind: feedbackKindSchema,
  /** The paper's title when pressed, cut: the page lists it without a paper lookup. */
  title: z.string().max(PROFILE_LIMITS.feedbackTitleChars),
  /** The edition whose email carried the link. */
  editionId: z.string().max(64),
  at: z.iso.datetime(),
});
export type FeedbackEntry = z.infer<typeof feedbackEntrySchema>;

/** The profile fields as stored on the subscriber item. */
export const profileFieldsSchema = {
  excludes: z.array(z.string().max(PROFILE_LIMITS.excludeChars)).max(PROFILE_LIMITS.excludes).optional(),
  followedAuthors: z
    .array(z.string().max(PROFILE_LIMITS.nameChars))
    .max(PROFILE_LIMITS.followedAuthors)
    .optional(),
  followedOrganizations: z
    .array(z.string().max(PROFILE_LIMITS.nameChars))
    .max(PROFILE_LIMITS.followedOrganizations)
    .optional(),
  digestSize: digestSizeSchema.optional(),
  /** Newest first, at most `PROFILE_LIMITS.feedback`. */
  feedback: z.array(feedbackEntrySchema).max(PROFILE_LIMITS.feedback).optional(),
};
