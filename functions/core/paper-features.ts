import { createHash } from 'node:crypto';
import stem from 'wink-porter2-stemmer';
import type { Paper } from '../schemas/paper';
import termDf from './data/term-df.json';

/**
 * What the ranking knows of a paper's text: a sparse TF-IDF vector over stemmed words of the title,
 * abstract and AI keywords, bigrams of the title and keywords, and the authors and organisation as terms
 * of their own. Pure and independent of the other papers of the day (the IDF is a fixed table derived
 * from 171 recorded days, `scripts/make-relevance-data.ts`), so the sender's edition cache and the
 * feedback route compute the same vector for a paper. Computed once per paper per edition, never per reader.
 */
export interface PaperFeatures {
  /** Terms, heaviest first (at most `MAX_PAPER_TERMS`: in practice all of a paper's terms). */
  terms: string[];
  /** Weights of `terms`, L2 norm 1. */
  weights: number[];
}

/**
 * A bound, not a cut: a paper has ~100–200 terms and keeping them all matters, because a broad interest
 * ("new datasets", "generative models") is often one common word whose TF-IDF weight is low, and 48
 * terms dropped it from most papers (tuned with `npm run bench -- relevance --relevance-seeds=…`).
 */
export const MAX_PAPER_TERMS = 200;

/** Weight of each field's occurrences before TF-IDF (the title says more than a sentence of the abstract). */
const FIELD_WEIGHT = {
  title: 2,
  abstract: 1,
  keyword: 1.5,
  bigram: 1,
  author: 0.6,
  organization: 1,
} as const;

const table = termDf as { papers: number; minDf: number; df: Record<string, number> };
/** In how many of the table's papers a term occurs; terms not in it are rarer than `minDf`: `minDf - 1`. */
export const documentFrequency = (term: string): number => table.df[term] ?? table.minDf - 1;
const idf = (term: string): number => Math.log((table.papers + 1) / (documentFrequency(term) + 1)) + 1;

/** Words too common in any text to say anything: the IDF table treats paper-specific commonness. */
const STOP = new Set(
  'a an and are as at be by can for from has have in into is it its of on or our that the their this to we which with via using based towards toward than these those such both also not but while when how what new'.split(
    ' ',
  ),
);

const stems = new Map<string, string>();
function stemOf(word: string): string {
  let s = stems.get(word);
  if (s === undefined) {
    s = stem(word);
    if (stems.size >= 50_000) stems.clear();
    stems.set(word, s);
  }
  return s;
}

/** Lower-cased stemmed words of a text, stop words and bare numbers out ("3d", "r1" stay). */
export function tokens(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) {
    const w = m[0];
    if (w.length < 2 || STOP.has(w) || /^\p{N}+$/u.test(w)) continue;
    out.push(stemOf(w));
  }
  return out;
}

const bigrams = (ts: string[]): string[] => ts.slice(1).map((t, i) => `${ts[i]}_${t}`);
const nameTerm = (prefix: string, name: string) =>
  `${prefix}${name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()}`;

/** Author terms start with `@`, organisation terms with `#`, so they never collide with words. */
export const authorTerm = (name: string) => nameTerm('@', name);
export const organizationTerm = (name: string) => nameTerm('#', name);

/** The weighted term counts of a paper, before IDF: what the IDF table script counts too. */
export function termCounts(paper: Paper): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (t: string, w: number) => counts.set(t, (counts.get(t) ?? 0) + w);
  const title = tokens(paper.title);
  for (const t of title) add(t, FIELD_WEIGHT.title);
  for (const t of bigrams(title)) add(t, FIELD_WEIGHT.bigram);
  for (const t of tokens(paper.abstract)) add(t, FIELD_WEIGHT.abstract);
  for (const k of paper.aiKeywords ?? []) {
    const ks = tokens(k);
    for (const t of ks) add(t, FIELD_WEIGHT.keyword);
    for (const t of bigrams(ks)) add(t, FIELD_WEIGHT.bigram);
  }
  for (const a of paper.authors) if (a.trim()) add(authorTerm(a), FIELD_WEIGHT.author);
  if (paper.organization?.trim()) add(organizationTerm(paper.organization), FIELD_WEIGHT.organization);
  return counts;
}

/** The IDF table's counts: in how many distinct papers each term occurs, terms seen in at least `minDf`. */
export function termDocumentFrequencies(papers: Paper[], minDf: number): Record<string, number> {
  const df = new Map<string, number>();
  const seen = new Set<string>();
  for (const p of papers) {
    if (seen.has(p.arxivId)) continue;
    seen.add(p.arxivId);
    for (const t of termCounts(p).keys()) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const kept = [...df].filter(([, n]) => n >= minDf).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return Object.fromEntries(kept);
}

/**
 * The version of the feature code below (tokens, field weights, IDF table, the cut): stored features of
 * another version are computed again. test/core/paper-features.test.ts pins the features of recorded
 * papers to this number, so a change to the computation that forgets to bump it fails there.
 */
export const FEATURES_VERSION = 1;

/** What the features are computed from, hashed: stored features whose key differs are stale. */
export function featuresKey(paper: Paper): string {
  const text = [paper.title, paper.abstract, paper.aiKeywords ?? [], paper.authors, paper.organization ?? ''];
  return createHash('sha256').update(JSON.stringify(text)).digest('base64url').slice(0, 22);
}

/** The features to store with a paper (at ingest), stamped with the version and the text's key. */
export const storedFeatures = (paper: Paper) => ({
  version: FEATURES_VERSION,
  key: featuresKey(paper),
  ...computePaperFeatures(paper),
});

/** Whether the paper carries features of this code and of its current text. */
export const hasCurrentFeatures = (paper: Paper): boolean =>
  paper.features?.version === FEATURES_VERSION && paper.features.key === featuresKey(paper);

/**
 * A paper's features: the stored ones when they hold (the sender's first page then skips tokenising
 * and stemming the edition: ~100 ms of a cold start for 38 papers), else computed now.
 */
export function paperFeatures(paper: Paper): PaperFeatures {
  const stored = paper.features;
  if (stored && hasCurrentFeatures(paper)) return { terms: stored.terms, weights: stored.weights };
  return computePaperFeatures(paper);
}

/** Sublinear TF × IDF, the heaviest `MAX_PAPER_TERMS` kept, L2-normalised. */
export function computePaperFeatures(paper: Paper): PaperFeatures {
  const scored: [string, number][] = [];
  for (const [t, c] of termCounts(paper)) scored.push([t, (1 + Math.log(c)) * idf(t)]);
  scored.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const kept = scored.slice(0, MAX_PAPER_TERMS);
  const norm = Math.hypot(...kept.map(([, w]) => w)) || 1;
  return { terms: kept.map(([t]) => t), weights: kept.map(([, w]) => w / norm) };
}
