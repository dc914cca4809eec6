import type { EditionKind } from '../schemas/edition';
import type { Paper } from '../schemas/paper';
import type { RelevanceState } from '../schemas/relevance';
import { matchesTopics } from './edition';
import { type PaperFeatures, paperFeatures } from './paper-features';
import { cutAtWord } from './paper-view';
import { bareArxivId, type SeenIndex, seenIndexOf } from './seen-papers';
import { ARXIV_CATEGORY, TOPIC_KEYWORDS, topicLabel } from './topics';

/**
 * The one per-reader selection the sender (and the planner's dry run, the preview CLI and the relevance
 * bench) calls: which papers of an edition a reader gets, in which order, and one line saying why.
 *
 * score = popularity + BLEND × trust × relevance, where
 * - popularity ∈ [0, 1]: log(1 + upvotes) over the edition's best (0 without upvotes);
 * - relevance ∈ [-1, 1]: cosine of the paper's TF-IDF vector with the reader's learned profile;
 * - trust ∈ [0, 1]: grows with the reader's presses, so a reader with no feedback gets the edition's
 *   popularity order, exactly as before.
 * Topics and keywords filter, as before, until the reader has pressed OPEN_TOPICS_PRESSES times; then they
 * are a head start and a paper the profile vouches for may come from outside them. Pure: the edition's part (`prepareRanking`) is computed once per
 * edition, the reader's part is a few µs.
 */

/** How much a fully trusted profile weighs against popularity (tuned with `npm run bench -- relevance`). */
export const BLEND = 40;
/** Presses after which the profile is fully trusted. */
export const TRUST_PRESSES = 4;
/**
 * Presses after which a reader's topics stop being a hard filter: a paper off their topics may then come
 * when what they marked alone vouches for it (the profile outweighs its popularity, so its reason is a
 * "Like …" line), and the topics' papers keep a head start of TOPIC_BOOST. Before that, and for a reader
 * without presses, topics filter exactly as before. Excluded keywords always filter (`core/profile`).
 */
export const OPEN_TOPICS_PRESSES = 8;
/** The head start of a topic's paper once topics are open: a day's top paper's popularity. */
export const TOPIC_BOOST = 1;

export interface RankedPaper {
  paper: Paper;
  /** Position in the edition's popularity order (0 = the top paper). */
  rank: number;
  /** The arXiv id without its version, as seen-sets hold it (computed once, not per reader). */
  bareId: string;
  popularity: number;
  features: PaperFeatures;
  /** The paper's "popular" reason (`why.popular`), worded once per edition. */
  popularWhy: string;
}

/**
 * The edition's term postings in flat typed arrays (one allocation each, no per-term arrays): the papers
 * holding term `j` are `paper[start[j]] … paper[start[j + 1] - 1]`, with its weight in each.
 */
export interface Postings {
  /**
   * term → its index `j`. A prototype-less object, not a Map: a reader's terms are the keys of
   * their stored profile map (internalised strings), and an object lookup with those is the faster one.
   */
  index: Record<string, number>;
  start: Int32Array;
  paper: Int32Array;
  weight: Float64Array;
}

/** An edition prepared for selection, once per edition (the sender's edition cache holds it). */
export interface EditionRanking {
  kind: EditionKind;
  papers: RankedPaper[];
  /** A reader's profile is scored term by term through these. */
  postings: Postings;
  /** `papers[i].popularity`, as a typed array for the per-reader loop. */
  popularity: Float64Array;
  /** topic → which papers match it, filled on first use. */
  topicHits: Map<string, Uint8Array>;
  /** marked paper → its overlap with each paper (`overlapOf`), filled on first use. */
  pressOverlaps: Map<string, PressOverlap>;
  /** For the reader's seen set (`core/seen-papers.seenInEdition`): each paper once. */
  seen: SeenIndex;
  /**
   * Per-reader scratch space, reused by every `selectForReader` call on this edition (the selection is
   * synchronous, so one call never sees another's): no per-reader allocation of per-paper arrays.
   */
  scratch: {
    scores: Float64Array;
    best: Float64Array;
    /** The top N so far: edition index, score, and which of the reader's topics it matched (-1: none). */
    top: Int32Array;
    topScore: Float64Array;
    topicAt: Int16Array;
  };
}

function postingsOf(features: PaperFeatures[]): Postings {
  const index: Record<string, number> = Object.create(null);
  const counts: number[] = [];
  for (const f of features)
    for (const t of f.terms) {
      const j = index[t];
      if (j === undefined) {
        index[t] = counts.length;
        counts.push(1);
      } else counts[j] = (counts[j] as number) + 1;
    }
  const start = new Int32Array(counts.length + 1);
  for (let j = 0; j < counts.length; j++) start[j + 1] = (start[j] as number) + (counts[j] as number);
  const fill = start.slice(0, counts.length);
  const paper = new Int32Array(start[counts.length] as number);
  const weight = new Float64Array(paper.length);
  // Papers in edition order within each term, as the per-term lists were before.
  features.forEach((f, i) => {
    f.terms.forEach((t, k) => {
      const j = index[t] as number;
      const at = fill[j] as number;
      paper[at] = i;
      weight[at] = f.weights[k] ?? 0;
      fill[j] = at + 1;
    });
  });
  return { index, start, paper, weight };
}

export function prepareRanking(ranked: Paper[], kind: EditionKind): EditionRanking {
  const best = Math.log1p(Math.max(0, ...ranked.map((p) => p.upvotes ?? 0)));
  const features = ranked.map(paperFeatures);
  const papers = ranked.map(
    (paper, rank): RankedPaper => ({
      paper,
      rank,
      bareId: bareArxivId(paper.arxivId),
      popularity: best > 0 ? Math.log1p(paper.upvotes ?? 0) / best : 0,
      features: features[rank] as PaperFeatures,
      popularWhy: why.popular(rank, kind, paper.upvotes !== undefined),
    }),
  );
  return {
    kind,
    papers,
    postings: postingsOf(features),
    popularity: Float64Array.from(papers, (r) => r.popularity),
    topicHits: new Map(),
    pressOverlaps: new Map(),
    seen: seenIndexOf(ranked),
    scratch: {
      scores: new Float64Array(papers.length),
      best: new Float64Array(papers.length),
      top: new Int32Array(papers.length),
      topScore: new Float64Array(papers.length),
      topicAt: new Int16Array(papers.length),
    },
  };
}

/** What the selection reads of a reader (a `Subscriber` has all of it). */
export interface ReaderPreferences {
  topics: string[];
  relevance?: RelevanceState;
  /**
   * Bare arXiv ids the reader was sent before (`core/seen-papers.seenInEdition`: those of the edition's
   * papers are enough): never sent again; the next papers fill in.
   */
  seen?: ReadonlySet<string>;
}

export interface SelectedPaper {
  paper: Paper;
  /** One short plain-text line (escape it like all paper data). */
  why: string;
}

function hitsOf(ranking: EditionRanking, topic: string): Uint8Array {
  let hits = ranking.topicHits.get(topic);
  if (!hits) {
    hits = Uint8Array.from(ranking.papers, (r) => (matchesTopics(r.paper, [topic]) ? 1 : 0));
    if (ranking.topicHits.size >= 1000) ranking.topicHits.clear();
    ranking.topicHits.set(topic, hits);
  }
  return hits;
}

/**
 * What the learned profile adds to every paper's score: BLEND × trust × the cosine of the paper with the
 * profile, in the edition's scratch array `scores` (valid until the next call on this edition), and the
 * trust in the profile (0, with 0 everywhere, for a reader without presses).
 */
function learnedScores(ranking: EditionRanking, state: RelevanceState | undefined): number {
  const scores = ranking.scratch.scores;
  scores.fill(0);
  if (!state || state.presses === 0) return 0;
  const { index, start, paper, weight } = ranking.postings;
  const { terms, weights } = state;
  let norm2 = 0;
  for (let n = 0; n < terms.length; n++) {
    const w = weights[n] as number;
    norm2 += w * w;
    const j = index[terms[n] as string];
    if (j === undefined) continue;
    for (let k = start[j] as number, end = start[j + 1] as number; k < end; k++) {
      const i = paper[k] as number;
      scores[i] = (scores[i] as number) + w * (weight[k] as number);
    }
  }
  if (norm2 === 0) return 0;
  const inv = 1 / Math.sqrt(norm2);
  const trust = Math.min(1, state.presses / TRUST_PRESSES);
  const by = BLEND * trust;
  for (let i = 0; i < scores.length; i++) scores[i] = by * ((scores[i] as number) * inv);
  return trust;
}

/** Below this, what the profile adds to a paper's score is not worth naming as its reason. */
const WHY_RELEVANCE_MIN = 0.1;
/** The profile decided this paper (its reason is a "Like …" line): what it adds outweighs popularity. */
const vouched = (learned: number, popularity: number) =>
  learned >= WHY_RELEVANCE_MIN && learned >= popularity;
const WHY_TITLE_CHARS = 70;

/** How much a marked paper's kept terms weigh in each paper of the edition (the same for every reader). */
interface PressOverlap {
  terms: readonly string[];
  overlap: Float64Array;
}

function overlapOf(ranking: EditionRanking, paperId: string, terms: readonly string[]): Float64Array {
  const cached = ranking.pressOverlaps.get(paperId);
  // Keyed by the marked paper; its kept terms are compared too (a press stored under an older feature
  // version may keep other terms), element by element: cheaper than a key joined from them.
  if (cached && cached.terms.length === terms.length && cached.terms.every((t, k) => t === terms[k]))
    return cached.overlap;
  const overlap = new Float64Array(ranking.papers.length);
  const { index, start, paper, weight } = ranking.postings;
  for (const t of terms) {
    const j = index[t];
    if (j === undefined) continue;
    for (let k = start[j] as number, end = start[j + 1] as number; k < end; k++) {
      const i = paper[k] as number;
      overlap[i] = (overlap[i] as number) + (weight[k] as number);
    }
  }
  if (ranking.pressOverlaps.size >= 5000) ranking.pressOverlaps.clear();
  ranking.pressOverlaps.set(paperId, { terms, overlap });
  return overlap;
}

/**
 * For each paper of `wanted` (edition indexes), the marked ("More") paper it shares most weight with, if
 * any. A marked paper's overlap with every paper of the edition is computed once per edition (readers
 * mark the same few papers of recent digests), so a reader costs a look-up per press. Ties go to the
 * newest press, as the presses are listed newest first.
 */
function likeTitles(
  ranking: EditionRanking,
  state: RelevanceState,
  wanted: number[],
): (string | undefined)[] {
  const m = wanted.length;
  const titles: (string | undefined)[] = new Array(m).fill(undefined);
  if (m === 0) return titles;
  // The edition's scratch array (wanted papers are edition papers, so m ≤ its length).
  const best = ranking.scratch.best;
  best.fill(0, 0, m);
  for (const press of state.recent) {
    if (!press.more || !press.title || !press.terms) continue;
    const overlap = overlapOf(ranking, press.paperId, press.terms);
    for (let k = 0; k < m; k++) {
      const o = overlap[wanted[k] as number] as number;
      if (o > (best[k] as number)) {
        best[k] = o;
        titles[k] = press.title;
      }
    }
  }
  return titles;
}

/** Titles as the why line shows them, cut once per title (a press's title recurs in many readers' lines). */
const shownTitles = new Map<string, string>();
function shownTitle(title: string): string {
  if (title.length <= WHY_TITLE_CHARS) return title;
  let cut = shownTitles.get(title);
  if (cut === undefined) {
    cut = cutAtWord(title, WHY_TITLE_CHARS);
    if (shownTitles.size >= 5000) shownTitles.clear();
    shownTitles.set(title, cut);
  }
  return cut;
}

/** The reason lines, one wording each, so every caller says the same thing. */
export const why = {
  like: (title: string) => `Like “${shownTitle(title)}”, which you marked`,
  /** The profile decided, but none of the latest presses kept shares a term with the paper. */
  likeMarked: 'Like papers you marked “More like this”',
  followed: (name: string) => `By ${name}, whom you follow`,
  topic: (topic: string) =>
    ARXIV_CATEGORY.test(topic)
      ? `In your arXiv category ${topic}`
      : TOPIC_KEYWORDS[topic.toLowerCase()]
        ? `Matches your topic “${topicLabel(topic.toLowerCase())}”`
        : `Matches your keyword “${topic}”`,
  popular: (rank: number, kind: EditionKind, hasVotes: boolean) => {
    const period = kind === 'daily' ? 'day' : 'week';
    if (!hasVotes) return `New on arXiv this ${period}`;
    return rank === 0 ? `Top paper of the ${period}` : `No. ${rank + 1} of the ${period} on Hugging Face`;
  },
};

/** A bounded memo of string lines: `make(key)` once per key, the cache cleared when full. */
function memo(make: (key: string) => string, max = 5000): (key: string) => string {
  const cache = new Map<string, string>();
  return (key) => {
    let line = cache.get(key);
    if (line === undefined) {
      line = make(key);
      if (cache.size >= max) cache.clear();
      cache.set(key, line);
    }
    return line;
  };
}

/** Reasons worded once per topic / marked title: the same few recur in every reader's lines. */
const topicWhy = memo((topic) => why.topic(topic));
const likeWhy = memo((title) => why.like(title));

/**
 * The reader's papers of an edition (at most `topN`), best first, each with its reason. Empty means the
 * reader gets no email.
 */
export function selectForReader(
  ranking: EditionRanking,
  reader: ReaderPreferences,
  topN: number,
): SelectedPaper[] {
  const n = Math.min(Math.max(0, topN), ranking.papers.length);
  if (n === 0) return [];
  const topics = reader.topics.map((t) => t.trim()).filter(Boolean);
  const hits = topics.map((t) => hitsOf(ranking, t));
  const trust = learnedScores(ranking, reader.relevance);
  const learned = ranking.scratch.scores;
  const open = topics.length > 0 && trust > 0 && (reader.relevance?.presses ?? 0) >= OPEN_TOPICS_PRESSES;
  const boost = open ? TOPIC_BOOST : 0;
  const seen = reader.seen;

  // Top N by score (ties: edition order) by insertion into a short list: no per-paper objects, no full sort.
  const { top, topScore, topicAt } = ranking.scratch;
  let count = 0;
  const papers = ranking.papers;
  const popularity = ranking.popularity;
  for (let i = 0; i < papers.length; i++) {
    if (seen?.has((papers[i] as RankedPaper).bareId)) continue;
    const add = learned[i] as number;
    const pop = popularity[i] as number;
    let topic = -1;
    let head = 0;
    if (hits.length) {
      let k = 0;
      while (k < hits.length && (hits[k] as Uint8Array)[i] !== 1) k++;
      if (k < hits.length) {
        topic = k;
        head = boost;
      } else if (!open || !vouched(add, pop)) continue;
    }
    const score = pop + add + head;
    if (count === n && score <= (topScore[n - 1] as number)) continue;
    let at = count === n ? n - 1 : count++;
    while (at > 0 && (topScore[at - 1] as number) < score) {
      top[at] = top[at - 1] as number;
      topScore[at] = topScore[at - 1] as number;
      topicAt[at] = topicAt[at - 1] as number;
      at--;
    }
    top[at] = i;
    topScore[at] = score;
    topicAt[at] = topic;
  }

  // The "like <title>" reason where the profile outweighed popularity.
  const state = reader.relevance;
  const wanted: number[] = [];
  if (state)
    for (let k = 0; k < count; k++) {
      const i = top[k] as number;
      if (vouched(learned[i] as number, popularity[i] as number)) wanted.push(i);
    }
  const likes = state ? likeTitles(ranking, state, wanted) : [];
  const selected = new Array<SelectedPaper>(count);
  for (let k = 0, w = 0; k < count; k++) {
    const i = top[k] as number;
    const topic = topicAt[k] as number;
    const r = papers[i] as RankedPaper;
    const isLearned = wanted[w] === i;
    const like = isLearned ? likes[w++] : undefined;
    selected[k] = {
      paper: r.paper,
      why: like
        ? likeWhy(like)
        : topic >= 0
          ? topicWhy(topics[topic] as string)
          : isLearned
            ? why.likeMarked
            : r.popularWhy,
    };
  }
  return selected;
}
