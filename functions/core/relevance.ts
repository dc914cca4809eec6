import { RELEVANCE_LIMITS, type RelevanceState } from '../schemas/relevance';
import { documentFrequency, type PaperFeatures } from './paper-features';
import { cutAtWord } from './paper-view';

/**
 * The per-reader model: a small linear model over the papers' TF-IDF vectors, learned online by logistic
 * regression (one stochastic gradient step per press). A press moves the profile by `scale` × the paper's
 * vector, where scale = RATE × (1 − p) for "More" and −RATE × LESS_WEIGHT × p for "Less", p being what
 * the profile already predicted (the logistic of profile · paper). So a press the profile already
 * expected changes little, and a term earns weight by telling liked papers from the others, not by being
 * frequent in both (which is where the earlier Rocchio sum failed broad interests). Older presses fade
 * by DECAY at each new one; only `RELEVANCE_LIMITS.terms` weights are kept (`capped`: the heaviest, and the
 * positive ones of widest reach). Pure: state in,
 * state out (the feedback use-case stores it).
 */

export type PressKind = 'more' | 'less';

export interface PressInput {
  paperId: string;
  kind: PressKind;
  /** The paper's title (kept, cut, for "like <title>, which you marked"). */
  title: string;
  features: PaperFeatures;
}

/** Step size: from an empty profile, "More" adds the paper's vector once (2 × (1 − ½)). */
const RATE = 2;
/** "Less" presses are many (most shown papers miss a rare interest): each counts for this much of a "More". */
const LESS_WEIGHT = 0.3;
/** What presses stored before `scale` existed added (the earlier Rocchio profile): for their undo. */
const LEGACY_SCALE = { more: 1, less: -0.15 } as const;
/** Per press: slow, because a rare interest gets few "More" presses among many "Less" ones. */
const DECAY = 0.995;
/**
 * Of the kept terms, at most this many negative ones (about a quarter of the cap): "Less" presses are
 * many and must not crowd out what the reader likes.
 */
const MAX_NEGATIVE = 21;
const MAX_PRESSES = 1000;
/** Weights are stored with 4 significant digits: the item stays small, the ranking does not notice. */
const round = (w: number) => Number(w.toPrecision(4));

/** Adds scale × the paper's vector to the profile; `heldOnly`: only on the terms the profile holds. */
function addScaled(weights: Map<string, number>, f: PaperFeatures, scale: number, heldOnly = false) {
  f.terms.forEach((t, i) => {
    const w = weights.get(t);
    if (w !== undefined || !heldOnly) weights.set(t, (w ?? 0) + scale * (f.weights[i] ?? 0));
  });
}

/** The logistic-regression step for this press, given the (faded) profile: rounded as stored. */
function stepOf(weights: Map<string, number>, f: PaperFeatures, kind: PressKind): number {
  let z = 0;
  f.terms.forEach((t, i) => {
    z += (weights.get(t) ?? 0) * (f.weights[i] ?? 0);
  });
  const p = 1 / (1 + Math.exp(-z));
  return round(kind === 'more' ? RATE * (1 - p) : -RATE * LESS_WEIGHT * p);
}

/**
 * Of the positive terms kept, this many are chosen by reach (|weight| × √df: how much the weight will act
 * on future papers), the rest by |weight|. Without it a broad interest's one common word ("dataset", in
 * 40 % of papers, with a small TF-IDF weight in each) was evicted by every new paper's heavy one-off terms
 * before it could add up over presses (tuned with `npm run bench -- relevance --relevance-seeds=10000-10119`).
 * About a quarter of the cap, as 40 of 150 were before the cap was lowered to 80.
 */
const WIDE_TERMS = 21;
const byWeight = (a: [string, number], b: [string, number]) =>
  Math.abs(b[1]) - Math.abs(a[1]) || (a[0] < b[0] ? -1 : 1);
const reach = ([t, w]: [string, number]) => Math.abs(w) * Math.sqrt(documentFrequency(t));
const byReach = (a: [string, number], b: [string, number]) => reach(b) - reach(a) || (a[0] < b[0] ? -1 : 1);

/** The profile's weights as a map (the arrays of `RelevanceState`, in their order), scaled by `by`. */
const weightMap = (state: RelevanceState, by = 1) =>
  new Map(state.terms.map((t, k) => [t, (state.weights[k] as number) * by]));

/** The kept terms, heaviest first, as the state's parallel arrays. */
function capped(weights: Map<string, number>): Pick<RelevanceState, 'terms' | 'weights'> {
  const all = [...weights].filter(([, w]) => Math.abs(w) >= 1e-3);
  const negative = all
    .filter(([, w]) => w < 0)
    .sort(byWeight)
    .slice(0, MAX_NEGATIVE);
  const positive = all.filter(([, w]) => w > 0);
  const room = RELEVANCE_LIMITS.terms - negative.length;
  const wide = [...positive].sort(byReach).slice(0, Math.min(WIDE_TERMS, room));
  const taken = new Set(wide.map(([t]) => t));
  const heavy = positive
    .filter(([t]) => !taken.has(t))
    .sort(byWeight)
    .slice(0, room - wide.length);
  const kept = [...wide, ...heavy, ...negative].sort(byWeight);
  return { terms: kept.map(([t]) => t), weights: kept.map(([, w]) => round(w)) };
}

/**
 * Applies one press. Pressing the same way twice on a paper changes nothing; pressing the other way
 * replaces the first press (it is taken back, then the new one applied).
 */
export function applyPress(state: RelevanceState, press: PressInput): RelevanceState {
  const prior = state.recent.find((p) => p.paperId === press.paperId);
  if (prior && prior.more === (press.kind === 'more')) return state;
  const base = prior ? retractPress(state, press) : state;
  const weights = weightMap(base, DECAY);
  const scale = stepOf(weights, press.features, press.kind);
  addScaled(weights, press.features, scale);
  const entry =
    press.kind === 'more'
      ? {
          paperId: press.paperId,
          more: true,
          title: cutAtWord(press.title, RELEVANCE_LIMITS.titleChars - 1),
          terms: press.features.terms
            .filter((t) => t.length <= RELEVANCE_LIMITS.termChars)
            .slice(0, RELEVANCE_LIMITS.pressTerms),
          scale,
        }
      : { paperId: press.paperId, more: false, scale };
  return {
    ...capped(weights),
    presses: Math.min(base.presses + 1, MAX_PRESSES),
    recent: [entry, ...base.recent.filter((p) => p.paperId !== press.paperId)].slice(
      0,
      RELEVANCE_LIMITS.recent,
    ),
  };
}

/**
 * Takes back a press on this paper ("undo"): its step (the vector × the scale it added) is subtracted again
 * from the terms the profile still holds (not the fading since, which cannot be told apart from later
 * presses) and it leaves `recent`. No press on it: unchanged.
 * Presses older than `recent` cannot be taken back one by one; "forget all" is `emptyRelevance()`.
 */
export function retractPress(
  state: RelevanceState,
  press: Pick<PressInput, 'paperId' | 'features'>,
): RelevanceState {
  const prior = state.recent.find((p) => p.paperId === press.paperId);
  if (!prior) return state;
  const weights = weightMap(state);
  const scale = -(prior.scale ?? (prior.more ? LEGACY_SCALE.more : LEGACY_SCALE.less));
  // Only on the terms the profile still holds: a term the cap dropped has nothing left to take back
  // (subtracting it would leave a weight the press never gave; a paper has more terms than the cap).
  addScaled(weights, press.features, scale, true);
  return {
    ...capped(weights),
    presses: Math.max(0, state.presses - 1),
    recent: state.recent.filter((p) => p.paperId !== press.paperId),
  };
}
