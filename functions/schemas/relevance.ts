import * as z from 'zod';

/** Bounds of a reader's learned state: with these, the item stays a few KB whatever the history. */
export const RELEVANCE_LIMITS = {
  /** Profile terms kept (the heaviest by |weight|). */
  terms: 150,
  /** Latest presses remembered (for idempotent presses, undo and "like <title>" reasons). */
  recent: 12,
  /** Of a press: the paper's heaviest terms kept to say which marked paper a new one is like. */
  pressTerms: 8,
  /** The "like <title>" reason's length: titles are cut once, when pressed. */
  titleChars: 72,
  termChars: 80,
} as const;

export const pressSchema = z.object({
  paperId: z.string().regex(/^\d{4}\.\d{4,5}$/),
  more: z.boolean(),
  /** As shown when pressed (a "More" press only: the "like <title>, which you marked" reason names it). */
  title: z.string().max(RELEVANCE_LIMITS.titleChars).optional(),
  terms: z.array(z.string().max(RELEVANCE_LIMITS.termChars)).max(RELEVANCE_LIMITS.pressTerms).optional(),
  /**
   * How much of the paper's vector the press added (the model's step, `core/relevance`), so undo takes
   * back exactly that. Absent on presses stored before the step was learned: +1 for More, −0.15 for Less.
   */
  scale: z.number().finite().min(-10).max(10).optional(),
});
export type Press = z.infer<typeof pressSchema>;

/**
 * What the ranking has learned of one reader from their More/Less presses (`core/relevance.ts`):
 * a capped sparse profile vector over the paper-feature terms (online logistic regression), how many presses built it,
 * and the latest presses. Stored on the subscriber item as `relevance`; absent = nothing learned yet.
 */
export const relevanceStateSchema = z.object({
  weights: z
    .record(z.string().max(RELEVANCE_LIMITS.termChars), z.number().finite())
    .refine((w) => Object.keys(w).length <= RELEVANCE_LIMITS.terms, {
      message: `at most ${RELEVANCE_LIMITS.terms} terms`,
    }),
  /** Presses applied so far (capped at 1000): how far the ranking trusts the profile over popularity. */
  presses: z.number().int().nonnegative().max(1000),
  /** Newest first; one entry per paper. */
  recent: z.array(pressSchema).max(RELEVANCE_LIMITS.recent),
});
export type RelevanceState = z.infer<typeof relevanceStateSchema>;

export const emptyRelevance = (): RelevanceState => ({ weights: {}, presses: 0, recent: [] });
