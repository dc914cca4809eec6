import * as z from 'zod';

/** Bounds of a reader's learned state: with these, the item stays a few KB whatever the history. */
export const RELEVANCE_LIMITS = {
  /**
   * Profile terms kept at each press (the heaviest by |weight|, and some by reach: `core/relevance`).
   * 80 since 2026-12-02 (150 before): `npm run bench -- relevance` measured the same figure at 80 over
   * 50 and over 171 days, and scoring a reader costs half as much.
   */
  terms: 80,
  /** Terms a stored profile may hold: items written under the earlier cap of 150 still parse. */
  storedTerms: 150,
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
 * a capped sparse profile vector over the paper-feature terms (online logistic regression), how many
 * presses built it, and the latest presses. In memory the profile is two parallel arrays, `terms` and
 * `weights`, as a paper's features are: a 150-key object (the cap until 2026-12-02) sits in V8's
 * dictionary mode, whose every `for…in` or `Object.keys` collects and sorts its keys (~12 µs a reader in
 * the sender's selection, against under 1 µs for the arrays).
 */
export interface RelevanceState {
  terms: string[];
  /** `weights[k]` is the weight of `terms[k]`. */
  weights: number[];
  /** Presses applied so far (capped at 1000): how far the ranking trusts the profile over popularity. */
  presses: number;
  /** Newest first; one entry per paper. */
  recent: Press[];
}

/**
 * The stored form (the subscriber item's `relevance` attribute, and the data export): the profile as a
 * term → weight map, as it always was, so every item written before still parses.
 */
export const storedRelevanceSchema = z.object({
  /** Checked term by term by the decode below, in the same pass that builds the arrays (no copy here). */
  weights: z.custom<Record<string, unknown>>(
    (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
    'a map of term to weight',
  ),
  presses: z.number().int().nonnegative().max(1000),
  recent: z.array(pressSchema).max(RELEVANCE_LIMITS.recent),
});

/**
 * Parses the stored form into the in-memory one (`relevanceStateSchema.encode` gives the stored form
 * back): the map is checked and turned into the arrays in one pass over its keys, in its own order.
 */
export const relevanceStateSchema = z.codec(storedRelevanceSchema, z.custom<RelevanceState>(), {
  decode: (stored, ctx) => {
    // Object.keys and a look-up per key: the cheapest walk of a dictionary-mode object (for…in ~25 % slower).
    const terms = Object.keys(stored.weights);
    const weights = new Array<number>(terms.length);
    for (let k = 0; k < terms.length; k++) {
      const t = terms[k] as string;
      const w = stored.weights[t];
      if (typeof w !== 'number' || !Number.isFinite(w) || t.length > RELEVANCE_LIMITS.termChars)
        ctx.issues.push({
          code: 'custom',
          message: `a term of at most ${RELEVANCE_LIMITS.termChars} characters with a finite weight`,
          input: w,
          path: ['weights', t],
        });
      weights[k] = w as number;
    }
    if (terms.length > RELEVANCE_LIMITS.storedTerms)
      ctx.issues.push({
        code: 'custom',
        message: `at most ${RELEVANCE_LIMITS.storedTerms} terms`,
        input: stored.weights,
        path: ['weights'],
      });
    return { terms, weights, presses: stored.presses, recent: stored.recent };
  },
  encode: (state) => ({
    weights: Object.fromEntries(state.terms.map((t, k) => [t, state.weights[k]])),
    presses: state.presses,
    recent: state.recent,
  }),
});

export const emptyRelevance = (): RelevanceState => ({ terms: [], weights: [], presses: 0, recent: [] });
