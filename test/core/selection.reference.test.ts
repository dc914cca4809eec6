import { recordedDays } from '../../bench/support/recorded-days';
import { matchesTopics, rankPapers } from '../../functions/core/edition';
import { paperFeatures } from '../../functions/core/paper-features';
import { applyPress } from '../../functions/core/relevance';
import { bareArxivId } from '../../functions/core/seen-papers';
import {
  BLEND,
  type EditionRanking,
  OPEN_TOPICS_PRESSES,
  prepareRanking,
  type ReaderPreferences,
  selectForReader,
  TOPIC_BOOST,
  TRUST_PRESSES,
  why,
} from '../../functions/core/selection';
import { TOPIC_KEYWORDS } from '../../functions/core/topics';
import type { Paper } from '../../functions/schemas/paper';
import { emptyRelevance, type RelevanceState } from '../../functions/schemas/relevance';
import { seededRandom } from '../support/random';

/**
 * The selection's fast path (flat postings, scratch arrays, an insertion top-N) pinned against the plain
 * definition: every paper's cosine with the profile by a dense dot product, the filters, a stable sort,
 * and the "like <title>" reason from the marked papers' terms. Summed in the same order, so the scores
 * agree to the last bit and ties fall the same way.
 */

const WHY_RELEVANCE_MIN = 0.1;

function reference(ranking: EditionRanking, reader: ReaderPreferences, topN: number) {
  const state = reader.relevance;
  const topics = reader.topics.map((t) => t.trim()).filter(Boolean);
  const weightOf = (paper: number, term: string) => {
    const f = ranking.papers[paper]?.features;
    const k = f?.terms.indexOf(term) ?? -1;
    return k >= 0 ? (f?.weights[k] ?? 0) : undefined;
  };
  const weights = state?.weights ?? [];
  let norm2 = 0;
  for (const w of weights) norm2 += w ** 2;
  const trust = state && state.presses > 0 && norm2 > 0 ? Math.min(1, state.presses / TRUST_PRESSES) : 0;
  const learned = ranking.papers.map((_, i) => {
    if (trust === 0 || !state) return 0;
    let dot = 0;
    state.terms.forEach((t, k) => {
      const w = weightOf(i, t);
      if (w !== undefined) dot += (weights[k] as number) * w;
    });
    return BLEND * trust * (dot * (1 / Math.sqrt(norm2)));
  });
  // Topics filter until the reader pressed OPEN_TOPICS_PRESSES times; then the profile may vouch for others.
  const open = topics.length > 0 && trust > 0 && (state?.presses ?? 0) >= OPEN_TOPICS_PRESSES;
  const vouched = (i: number) =>
    (learned[i] as number) >= WHY_RELEVANCE_MIN &&
    (learned[i] as number) >= (ranking.papers[i]?.popularity ?? 0);
  const candidates = ranking.papers
    .map((r, i) => ({ r, i, topic: topics.find((t) => matchesTopics(r.paper, [t])) }))
    .filter(
      ({ r, i, topic }) =>
        !reader.seen?.has(bareArxivId(r.paper.arxivId)) && (!topics.length || topic || (open && vouched(i))),
    )
    .map((c) => ({
      ...c,
      score: c.r.popularity + (learned[c.i] as number) + (open && c.topic ? TOPIC_BOOST : 0),
    }));
  const top = candidates.sort((a, b) => b.score - a.score).slice(0, Math.max(0, topN));
  return top.map(({ r, i, topic }) => {
    let like: string | undefined;
    if (state && vouched(i)) {
      let best = 0;
      for (const press of state.recent) {
        if (!press.more || !press.title || !press.terms) continue;
        let overlap = 0;
        for (const t of press.terms) overlap += weightOf(i, t) ?? 0;
        if (overlap > best) [best, like] = [overlap, press.title];
      }
    }
    const line = like
      ? why.like(like)
      : topic
        ? why.topic(topic)
        : state && vouched(i)
          ? why.likeMarked
          : why.popular(r.rank, ranking.kind, r.paper.upvotes !== undefined);
    return { paper: r.paper, why: line };
  });
}

test('the fast selection gives exactly what the plain definition gives, over real days and learned readers', () => {
  const rand = seededRandom(11);
  const vocabulary = Object.keys(TOPIC_KEYWORDS);
  const days = recordedDays().slice(-6);
  let compared = 0;
  let liked = 0;
  let opened = 0;
  for (const { papers } of days) {
    const ranked = rankPapers(papers);
    const ranking = prepareRanking(ranked, 'daily');
    for (let r = 0; r < 40; r++) {
      let state: RelevanceState = emptyRelevance();
      const presses = Math.floor(rand() * 30);
      for (let k = 0; k < presses; k++) {
        const p = ranked[Math.floor(rand() * ranked.length)] as Paper;
        const kind = rand() < 0.6 ? 'more' : 'less';
        state = applyPress(state, { paperId: p.arxivId, kind, title: p.title, features: paperFeatures(p) });
      }
      const reader: ReaderPreferences = {
        topics: rand() < 0.5 ? [] : [vocabulary[Math.floor(rand() * vocabulary.length)] as string],
        relevance: r % 5 === 0 ? undefined : state,
        seen: new Set(ranked.filter(() => rand() < 0.15).map((p) => bareArxivId(p.arxivId))),
      };
      const topN = [5, 10, 20][r % 3] as number;
      const fast = selectForReader(ranking, reader, topN);
      expect(fast).toEqual(reference(ranking, reader, topN));
      compared += fast.length;
      liked += fast.filter((p) => p.why.startsWith('Like')).length;
      opened += reader.topics.length ? fast.filter((p) => !matchesTopics(p.paper, reader.topics)).length : 0;
    }
  }
  // The comparison covered the learned reasons, not only the popularity order.
  expect(compared).toBeGreaterThan(1000);
  expect(liked).toBeGreaterThan(50);
  // …and readers whose topics had opened (papers from outside their topics, vouched for by the profile).
  expect(opened).toBeGreaterThan(20);
});
