import { matchesTopics, rankPapers } from '../../functions/core/edition';
import { paperFeatures } from '../../functions/core/paper-features';
import { applyPress } from '../../functions/core/relevance';
import { bareArxivId, recordSeen } from '../../functions/core/seen-papers';
import {
  OPEN_TOPICS_PRESSES,
  prepareRanking,
  selectForReader,
  TRUST_PRESSES,
} from '../../functions/core/selection';
import type { Paper } from '../../functions/schemas/paper';
import { emptyRelevance, RELEVANCE_LIMITS, type RelevanceState } from '../../functions/schemas/relevance';
import { DAY_0612, loadPapers } from '../support/fixtures';

const day = rankPapers(loadPapers(DAY_0612));
const ranking = prepareRanking(day, 'daily');
const ids = (picked: { paper: Paper }[]) => picked.map((p) => p.paper.arxivId);

function pressed(papers: Paper[], kind: 'more' | 'less', state = emptyRelevance()): RelevanceState {
  return papers.reduce(
    (s, p) => applyPress(s, { paperId: p.arxivId, kind, title: p.title, features: paperFeatures(p) }),
    state,
  );
}

describe('selectForReader: no feedback', () => {
  test("no topics: the edition top N in popularity order; the reason is the paper's place of the day", () => {
    const picked = selectForReader(ranking, { topics: [] }, 10);
    expect(ids(picked)).toEqual(day.slice(0, 10).map((p) => p.arxivId));
    expect(picked[0]?.why).toBe('Top paper of the day');
    expect(picked[1]?.why).toBe('No. 2 of the day on Hugging Face');
    expect(selectForReader(prepareRanking(day, 'weekly'), { topics: [] }, 1)[0]?.why).toBe(
      'Top paper of the week',
    );
  });

  test('topics filter as before: the matching papers in popularity order, each with the topic it matched', () => {
    const picked = selectForReader(ranking, { topics: ['agents'] }, 3);
    expect(ids(picked)).toEqual(
      day
        .filter((p) => matchesTopics(p, ['agents']))
        .slice(0, 3)
        .map((p) => p.arxivId),
    );
    expect(picked[0]?.paper.arxivId).toBe('2606.13681');
    expect(picked.every((p) => p.why === 'Matches your topic “Agents”')).toBe(true);
    const kw = selectForReader(ranking, { topics: ['toxicity detection'] }, 10);
    expect(kw.map((p) => p.why)).toContain('Matches your keyword “toxicity detection”');
  });

  test('nothing matching: empty, so the reader gets no email', () => {
    expect(selectForReader(ranking, { topics: ['medical-imaging-of-cats'] }, 10)).toEqual([]);
    expect(selectForReader(prepareRanking([], 'daily'), { topics: [] }, 10)).toEqual([]);
  });
});

describe('selectForReader: learned from presses', () => {
  // A reader who presses "More" on papers about agents and "Less" on the others they were shown.
  const agents = day.filter((p) => matchesTopics(p, ['agents']));
  const others = day.filter((p) => !matchesTopics(p, ['agents']));
  const learned = pressed(others.slice(0, 3), 'less', pressed(agents.slice(0, 4), 'more'));
  const share = (picked: { paper: Paper }[]) =>
    picked.filter((p) => matchesTopics(p.paper, ['agents'])).length / picked.length;

  test('papers like the ones marked "More" rise; the reader\'s no-topic digest holds more of them', () => {
    const before = selectForReader(ranking, { topics: [] }, 10);
    const after = selectForReader(ranking, { topics: [], relevance: learned }, 10);
    expect(share(after)).toBeGreaterThan(share(before));
  });

  test('the reason names the marked paper that ranked it, when the profile decided', () => {
    const after = selectForReader(ranking, { topics: [], relevance: learned }, 10);
    const liked = after.filter((p) => p.why.startsWith('Like “'));
    expect(liked.length).toBeGreaterThan(0);
    const marked = agents.slice(0, 4).map((p) => p.title);
    for (const p of liked) expect(marked.some((t) => p.why.includes(t.slice(0, 30)))).toBe(true);
    expect(liked[0]?.why).toMatch(/, which you marked$/);
  });

  test('"Less" pushes a kind of paper down', () => {
    const top = day[0] as Paper;
    const less = pressed([top], 'less');
    const trusted = { ...less, presses: TRUST_PRESSES };
    const picked = selectForReader(ranking, { topics: [], relevance: trusted }, 10);
    expect(ids(picked).indexOf(top.arxivId)).not.toBe(0);
  });

  test('trust grows with presses: one press moves the order less than several', () => {
    const base = ids(selectForReader(ranking, { topics: [] }, 10));
    const moved = (s: RelevanceState) =>
      ids(selectForReader(ranking, { topics: [], relevance: s }, 10)).filter((id, i) => base[i] !== id)
        .length;
    const one = pressed(agents.slice(0, 1), 'more');
    const many = pressed(agents.slice(0, 4), 'more');
    expect(moved(one)).toBeLessThanOrEqual(moved(many));
    expect(moved(emptyRelevance())).toBe(0);
  });

  test(`topics still filter a reader with fewer than ${OPEN_TOPICS_PRESSES} presses`, () => {
    expect(learned.presses).toBe(OPEN_TOPICS_PRESSES - 1);
    for (const topics of [['agents'], ['vision']]) {
      const picked = selectForReader(ranking, { topics, relevance: learned }, 10);
      expect(picked.length).toBeGreaterThan(0);
      expect(picked.every((p) => matchesTopics(p.paper, topics))).toBe(true);
    }
  });

  test(`from ${OPEN_TOPICS_PRESSES} presses, a paper off the topics comes only when the profile vouches for it, with a "Like" reason`, () => {
    const opened = pressed(others.slice(3, 4), 'less', learned);
    expect(opened.presses).toBe(OPEN_TOPICS_PRESSES);
    const topics = ['vision'];
    const picked = selectForReader(ranking, { topics, relevance: opened }, 10);
    const off = picked.filter((p) => !matchesTopics(p.paper, topics));
    expect(off.length).toBeGreaterThan(0);
    for (const p of off) {
      expect(p.why).toMatch(/^Like /);
      expect(matchesTopics(p.paper, ['agents'])).toBe(true);
    }
    // The topic's papers keep their head start: an off-topic paper ranks above a topic paper only when
    // what the profile adds to it is more than TOPIC_BOOST above what it adds to that topic paper.
    const on = picked.filter((p) => matchesTopics(p.paper, topics));
    expect(on.length).toBeGreaterThan(0);
    expect(
      on.every((p) => p.why === 'Matches your topic “Computer vision”' || p.why.startsWith('Like')),
    ).toBe(true);
  });

  test('a paper the profile decided, with no marked title left among the latest presses to name, says so without one', () => {
    // Four "More" on agents papers, then enough "Less" that the kept latest presses hold no "More".
    const s = pressed(others.slice(0, RELEVANCE_LIMITS.recent), 'less', pressed(agents.slice(0, 4), 'more'));
    expect(s.recent.some((p) => p.more)).toBe(false);
    const picked = selectForReader(ranking, { topics: [], relevance: s }, 10);
    expect(picked.some((p) => p.why === 'Like papers you marked “More like this”')).toBe(true);
    expect(picked.some((p) => p.why.startsWith('Like “'))).toBe(false);
  });

  test('"Less" alone never opens the topics: nothing vouches for a paper off them', () => {
    const lessOnly = pressed(others.slice(0, OPEN_TOPICS_PRESSES + 4), 'less');
    const picked = selectForReader(ranking, { topics: ['agents'], relevance: lessOnly }, 10);
    expect(picked.length).toBeGreaterThan(0);
    expect(picked.every((p) => matchesTopics(p.paper, ['agents']))).toBe(true);
  });

  test('pure: the same input gives the same output, and the ranking is not changed by readers', () => {
    const r = { topics: ['llm'], relevance: learned };
    const first = selectForReader(ranking, r, 10);
    selectForReader(ranking, { topics: ['vision'], relevance: emptyRelevance() }, 5);
    expect(selectForReader(ranking, r, 10)).toEqual(first);
    expect(ranking.papers.map((p) => p.paper)).toEqual(day);
  });

  test('a marked paper whose kept terms differ from another reader\'s press on it gets its own "Like" reasons', () => {
    // Prepare: the same presses, but kept terms that no paper of the edition has (as a press stored under
    // another feature version may keep other terms); the edition's overlaps are computed for the first.
    const edition = prepareRanking(day, 'daily');
    const other = {
      ...learned,
      recent: learned.recent.map((p) => (p.terms ? { ...p, terms: ['zzznowhere'] } : p)),
    };
    // Act
    const first = selectForReader(edition, { topics: [], relevance: learned }, 10);
    const second = selectForReader(edition, { topics: [], relevance: other }, 10);
    // Assess: the first reader's lines name marked papers; the second's cannot, as on a fresh edition.
    expect(first.some((p) => p.why.startsWith('Like “'))).toBe(true);
    expect(second.some((p) => p.why.startsWith('Like “'))).toBe(false);
    expect(second).toEqual(
      selectForReader(prepareRanking(day, 'daily'), { topics: [], relevance: other }, 10),
    );
  });

  test('a marked title with markup stays plain text in the reason (escaped where it is shown)', () => {
    const hostile = { ...(agents[0] as Paper), title: '<img src=x onerror=alert(1)> agents & LLM agents' };
    const s = pressed([hostile], 'more');
    const picked = selectForReader(ranking, { topics: [], relevance: { ...s, presses: TRUST_PRESSES } }, 10);
    const line = picked.find((p) => p.why.startsWith('Like'))?.why;
    expect(line).toBe('Like “<img src=x onerror=alert(1)> agents & LLM agents”, which you marked');
  });
});

describe('each paper once (the seen-set)', () => {
  test('papers seen before are left out and the next ones fill in', () => {
    const all = selectForReader(ranking, { topics: [] }, 5).map((p) => p.paper.arxivId);
    const seen = new Set(all.slice(0, 2));
    const next = selectForReader(ranking, { topics: [], seen }, 3).map((p) => p.paper.arxivId);
    expect(next).toEqual(all.slice(2, 5));
  });

  test('a later arXiv version is the same paper', () => {
    expect(bareArxivId('2607.12345v2')).toBe('2607.12345');
    expect(bareArxivId('2607.12345')).toBe('2607.12345');
  });

  test('entries older than the window are dropped; ids are stored bare', () => {
    const entries = recordSeen(
      ['2026-01-01 2601.00001', '2026-03-02 2603.00001'],
      '2026-03-31',
      ['2603.99999v3'],
      30,
    );
    expect(entries).toEqual(['2026-03-02 2603.00001', '2026-03-31 2603.99999']);
  });
});
