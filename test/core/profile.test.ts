import { rankPapers } from '../../functions/core/edition';
import { paperFeatures } from '../../functions/core/paper-features';
import { followedCount, normalizeName, selectWithProfile, withFeedback } from '../../functions/core/profile';
import { applyPress } from '../../functions/core/relevance';
import { OPEN_TOPICS_PRESSES, prepareRanking, selectForReader } from '../../functions/core/selection';
import type { Paper } from '../../functions/schemas/paper';
import type { FeedbackEntry } from '../../functions/schemas/profile';
import { emptyRelevance } from '../../functions/schemas/relevance';

let seq = 10000;
const paper = (over: Partial<Paper>): Paper =>
  ({
    arxivId: `2606.${seq++}`,
    title: 'A paper',
    abstract: '',
    authors: ['Someone Else'],
    aiKeywords: [],
    publishedDate: '2026-06-12',
    dailyDate: '2026-06-12',
    sources: ['huggingface'],
    firstSeenAt: '2026-06-12T00:00:00.000Z',
    lastUpdatedAt: '2026-06-12T00:00:00.000Z',
    upvotes: 1,
    ...over,
  }) as Paper;

const day = rankPapers([
  paper({ title: 'Agents at scale', upvotes: 90, aiKeywords: ['agents'] }),
  paper({ title: 'Crypto agents', upvotes: 80, aiKeywords: ['agents', 'crypto'] }),
  paper({ title: 'Diffusion video', upvotes: 70, aiKeywords: ['diffusion'] }),
  paper({ title: 'Quiet robotics', upvotes: 5, authors: ['Zoë Ångström'], aiKeywords: ['robotics'] }),
  paper({ title: 'Lab paper', upvotes: 3, organization: 'Google DeepMind', aiKeywords: ['speech'] }),
  ...Array.from({ length: 20 }, (_, i) => paper({ title: `Filler ${i}`, upvotes: 50 - i })),
]);
const ranking = prepareRanking(day, 'daily');
const pick = (reader: Parameters<typeof selectWithProfile>[1] & { topics: string[] }, size = 10) =>
  selectWithProfile(ranking, reader, size, (n) => selectForReader(ranking, reader, n));
const titles = (xs: { paper: Paper }[]) => xs.map((x) => x.paper.title);

test('without excludes or follows it is the selection itself, cut to the digest size', () => {
  expect(pick({ topics: [] })).toEqual(selectForReader(ranking, { topics: [] }, 10));
  expect(pick({ topics: [], digestSize: 5 })).toHaveLength(5);
  expect(pick({ topics: [], digestSize: 20 })).toHaveLength(20);
});

test('excluded keywords are a hard filter, topics or not', () => {
  const got = titles(pick({ topics: ['agents'], excludes: ['crypto'] }));
  expect(got).toEqual(['Agents at scale']);
  expect(titles(pick({ topics: [], excludes: ['CRYPTO', 'diffusion'], digestSize: 20 }))).not.toEqual(
    expect.arrayContaining(['Crypto agents']),
  );
});

test('excluded keywords stay a hard filter once learned presses have opened the topics', () => {
  // "More" on crypto papers, enough presses that topics no longer filter: crypto papers off the topic
  // would now be vouched for by the profile, yet an excluded keyword still keeps them out.
  const crypto = paper({
    title: 'Crypto markets',
    upvotes: 40,
    aiKeywords: ['crypto'],
    abstract: 'crypto markets crypto',
  });
  const papers = rankPapers([...day, crypto]);
  const r = prepareRanking(papers, 'daily');
  let relevance = emptyRelevance();
  for (const p of [
    crypto,
    papers[1] as Paper,
    ...papers.filter((p) => p.title.startsWith('Filler')).slice(0, OPEN_TOPICS_PRESSES),
  ])
    relevance = applyPress(relevance, {
      paperId: p.arxivId,
      kind: p.title.startsWith('Filler') ? 'less' : 'more',
      title: p.title,
      features: paperFeatures(p),
    });
  const reader = { topics: ['diffusion'], relevance, excludes: [] as string[] };
  const open = selectWithProfile(r, reader, 10, (n) => selectForReader(r, reader, n));
  expect(titles(open)).toContain('Crypto markets');
  const excluded = { ...reader, excludes: ['crypto'] };
  const got = titles(selectWithProfile(r, excluded, 10, (n) => selectForReader(r, excluded, n)));
  expect(got.length).toBeGreaterThan(0);
  expect(got).not.toEqual(expect.arrayContaining(['Crypto markets']));
  expect(got).not.toEqual(expect.arrayContaining(['Crypto agents']));
});

test('followed authors and organisations come first, with their why line, whatever the topics', () => {
  const got = pick({
    topics: ['agents'],
    followedAuthors: ['zoe angstrom'],
    followedOrganizations: ['google-deepmind'],
  });
  expect(titles(got)).toEqual(['Quiet robotics', 'Lab paper', 'Agents at scale', 'Crypto agents']);
  expect(got[0]).toMatchObject({ followed: 'zoe angstrom', why: 'By zoe angstrom, whom you follow' });
  expect(got[2]?.followed).toBeUndefined();
  // An excluded paper stays out even when followed.
  expect(
    titles(pick({ topics: [], followedAuthors: ['Zoë Ångström'], excludes: ['robotics'] })),
  ).not.toContain('Quiet robotics');
});

test('names compare without accents, case or punctuation', () => {
  expect(normalizeName('  Zoë  Ångström ')).toBe(normalizeName('zoe angstrom'));
  expect(normalizeName('Google-DeepMind')).toBe('google deepmind');
});

test('the feedback list stays bounded, newest first, one entry per paper', () => {
  let list: FeedbackEntry[] = [];
  for (let i = 0; i < 80; i++)
    list = withFeedback(list, {
      paperId: `2606.${String(i % 60).padStart(5, '0')}`,
      kind: i % 2 ? 'more' : 'less',
      title: `Paper ${i}`,
      editionId: 'daily#2026-06-12',
      at: new Date(Date.UTC(2026, 5, 12, 0, i)).toISOString(),
    });
  expect(list).toHaveLength(50);
  expect(list[0]?.title).toBe('Paper 79');
  expect(new Set(list.map((f) => f.paperId)).size).toBe(50);
  expect(Buffer.byteLength(JSON.stringify(list))).toBeLessThan(8_000);
});

test('the followed section is the run of followed papers that opens the digest', () => {
  const got = pick({
    topics: ['agents'],
    followedAuthors: ['Zoë Ångström'],
    followedOrganizations: ['Google DeepMind'],
  });
  expect(followedCount(got)).toBe(2);
  expect(followedCount(pick({ topics: [] }))).toBe(0);
  expect(followedCount([])).toBe(0);
});
