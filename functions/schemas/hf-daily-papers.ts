import * as z from 'zod';

/**
 * One entry of Hugging Face's `GET /api/daily_papers` (a bare JSON array of these), as recorded in
 * `test/fixtures/hf-daily-papers/README.md`. Only what we store is checked; everything else passes
 * through (loose objects), so new upstream fields never break a run. Fields the README marks optional are
 * absent (not null) when missing; decorations (links, thumbnail) that fail validation are dropped rather
 * than costing the whole paper. Accepts the 2024 shape too (no top-level `summary`,
 * `isAuthorParticipating`, a `paper.title` with arXiv hard line breaks).
 */

/** Optional decoration: absent or invalid both become `undefined`. */
const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

export const hfAuthorSchema = z.looseObject({
  name: z.string().min(1),
  hidden: z.boolean().optional(),
});

export const hfOrganizationSchema = z.looseObject({
  name: z.string().min(1),
  fullname: z.string().optional(),
});

export const hfPaperSchema = z.looseObject({
  /** Bare arXiv id, no version suffix. */
  id: z.string().regex(/^\d{4}\.\d{4,5}$/, 'not a bare arXiv id'),
  title: z.string().min(1),
  summary: z.string(),
  authors: z.array(hfAuthorSchema),
  /** arXiv publication time. */
  publishedAt: z.iso.datetime(),
  /** The Daily-Papers day (always T00:00:00.000Z); optional in HF's own spec. */
  submittedOnDailyAt: z.iso.datetime().optional(),
  upvotes: z.number().int().nonnegative(),
  githubRepo: lenient(z.url()),
  githubStars: lenient(z.number().int().nonnegative()),
  projectPage: lenient(z.url()),
  organization: lenient(hfOrganizationSchema),
  ai_summary: lenient(z.string().min(1)),
  ai_keywords: lenient(z.array(z.string())),
});

export const hfEntrySchema = z.looseObject({
  paper: hfPaperSchema,
  /** Cleaned title (in 2024 `paper.title` kept arXiv line breaks). */
  title: z.string().optional(),
  /** Absent in the 2024 shape. */
  summary: z.string().optional(),
  thumbnail: lenient(z.url()),
  /** The comment count lives here, not under `paper`. */
  numComments: lenient(z.number().int().nonnegative()),
  organization: lenient(hfOrganizationSchema),
  isAuthorParticipating: z.boolean().optional(),
});

export type HfEntry = z.infer<typeof hfEntrySchema>;

/** The least an item must look like to count as a daily-papers entry at all (shape recognition). */
export const hfEntryLikeSchema = z.looseObject({ paper: z.looseObject({}) });
