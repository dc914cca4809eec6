import * as z from 'zod';
import { daySchema } from './day';

/**
 * A paper's ranking features as stored with it at ingest (`core/paper-features`): `version` is the
 * feature code's, `key` a hash of the text they came from, so a reader of the item knows whether they
 * still hold; if not (older code, text changed since) they are computed again.
 */
export const storedFeaturesSchema = z.object({
  version: z.number().int().positive(),
  key: z.string().min(1).max(64),
  terms: z.array(z.string()).max(400),
  weights: z.array(z.number()).max(400),
});

/** One paper as we store it, whatever source it came from (Hugging Face daily papers, arXiv RSS). */
export const paperSchema = z.object({
  /** Bare arXiv id without version, e.g. `2607.23193`. The table's partition key. */
  arxivId: z.string().regex(/^\d{4}\.\d{4,5}$/),
  title: z.string().min(1),
  abstract: z.string(),
  authors: z.array(z.string()),
  /** arXiv publication date (YYYY-MM-DD). */
  publishedDate: daySchema,
  /** The Daily-Papers day (`paper.submittedOnDailyAt`); for arXiv-only papers, the announcement day. */
  dailyDate: daySchema,
  upvotes: z.number().int().nonnegative().optional(),
  comments: z.number().int().nonnegative().optional(),
  thumbnailUrl: z.url().optional(),
  githubRepo: z.url().optional(),
  githubStars: z.number().int().nonnegative().optional(),
  projectPage: z.url().optional(),
  organization: z.string().optional(),
  aiSummary: z.string().optional(),
  aiKeywords: z.array(z.string()).optional(),
  /** arXiv categories, when the source gives them (RSS does, Hugging Face does not). */
  categories: z.array(z.string()).optional(),
  sources: z.array(z.enum(['huggingface', 'arxiv'])).min(1),
  firstSeenAt: z.iso.datetime(),
  lastUpdatedAt: z.iso.datetime(),
  /** Written by the ingest after the paper (never by the upsert's merge); absent on older items. */
  features: storedFeaturesSchema.optional(),
});

export type Paper = z.infer<typeof paperSchema>;
