import { normalizeHfDay, UnknownShapeError } from '../../functions/core/normalize-paper';
import { DAY_0612, DAY_0731, DAY_0803, hfFixture, SHAPE_2024 } from '../support/fixtures';

const NOW = '2026-08-03T06:00:00.000Z';
const ctx = (requestedDate: string) => ({ requestedDate, now: NOW });

test('every recorded entry of every recorded day becomes a Paper', () => {
  for (const [file, date, count] of [
    [DAY_0612, '2026-06-12', 30],
    [DAY_0731, '2026-07-31', 5],
    [DAY_0803, '2026-08-03', 3],
  ] as const) {
    const { papers, skipped } = normalizeHfDay(hfFixture(file), ctx(date));
    expect(skipped).toEqual([]);
    expect(papers).toHaveLength(count);
    for (const p of papers) {
      expect(p.dailyDate).toBe(date);
      expect(p.title).not.toMatch(/\s{2}|\n/);
      expect(p.sources).toEqual(['huggingface']);
      expect(p.firstSeenAt).toBe(NOW);
    }
  }
});

test('a recorded entry maps field by field (comments from the entry, organization full name, authors in order)', () => {
  const [paper] = normalizeHfDay(hfFixture(DAY_0803).slice(0, 1), ctx('2026-08-03')).papers;
  expect(paper).toEqual({
    arxivId: '2607.26654',
    title: 'Constitutional Midtraining: Content Presence Drives Alignment Gains',
    abstract: expect.stringMatching(
      /^Post-training alignment is often shallow.*Code, data, and models are available\.$/s,
    ),
    authors: [
      'Desiree Cho',
      'Cameron Tice',
      'Bernie Hogan',
      'Hunar Batra',
      'Puria Radmard',
      'Jun Zhao',
      'Nigel Shadbolt',
    ],
    publishedDate: '2026-07-29',
    dailyDate: '2026-08-03',
    upvotes: 3,
    comments: hfFixture(DAY_0803)[0]?.numComments,
    thumbnailUrl: 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2607.26654.png',
    githubRepo: 'https://github.com/desBugger/constitutional-mt',
    githubStars: 2,
    projectPage: 'https://www.lesswrong.com/posts/n5htoDGvKKJFAjji2',
    organization: 'University of Oxford',
    sources: ['huggingface'],
    firstSeenAt: NOW,
    lastUpdatedAt: NOW,
  });
});

test('AI summary and keywords are carried when present (they arrive late)', () => {
  const { papers } = normalizeHfDay(hfFixture(DAY_0612), ctx('2026-06-12'));
  expect(papers.every((p) => typeof p.aiSummary === 'string' && p.aiSummary.length > 0)).toBe(true);
  expect(papers.every((p) => Array.isArray(p.aiKeywords))).toBe(true);
  const without = normalizeHfDay(hfFixture(DAY_0803), ctx('2026-08-03')).papers;
  expect(without.filter((p) => p.aiSummary === undefined).length).toBeGreaterThan(0);
});

test('the 2024 shape is accepted: the cleaned outer title wins, the abstract comes from paper.summary', () => {
  const { papers, skipped } = normalizeHfDay(hfFixture(SHAPE_2024), ctx('2026-08-03'));
  expect(skipped).toEqual([]);
  expect(papers[0]?.title).toBe('EMBL AI Librarian: Life-Sciences Knowledge Layer for AI Agents');
  expect(papers[0]?.abstract.length).toBeGreaterThan(100);
  // Without the outer title, paper.title's hard line break is collapsed.
  const [entry] = hfFixture(SHAPE_2024);
  const bare = { ...entry, title: undefined };
  expect(normalizeHfDay([bare], ctx('2026-08-03')).papers[0]?.title).toBe(
    'EMBL AI Librarian: Life-Sciences Knowledge Layer for AI Agents',
  );
});

test('a bad entry is skipped with its id and reason; the others are kept', () => {
  const entries = hfFixture(DAY_0731);
  const bad = structuredClone(entries[2]) as { paper: Record<string, unknown> };
  bad.paper.upvotes = 'lots';
  const noPaperId = structuredClone(entries[3]) as { paper: Record<string, unknown> };
  delete noPaperId.paper.id;
  const { papers, skipped } = normalizeHfDay(
    [entries[0], bad, entries[1], noPaperId, entries[4]],
    ctx('2026-07-31'),
  );
  expect(papers.map((p) => p.arxivId)).toEqual(['2607.23193', '2607.27958', '2607.16922']);
  expect(skipped).toEqual([
    { source: 'huggingface', id: '2607.28582', reason: expect.stringMatching(/^paper\.upvotes: /) },
    { source: 'huggingface', id: '#3', reason: expect.stringMatching(/^paper\.id: /) },
  ]);
});

test('an empty day is normal; a response of items that are not entries is an unknown shape', () => {
  expect(normalizeHfDay([], ctx('2026-08-01'))).toEqual({ papers: [], skipped: [] });
  expect(() => normalizeHfDay([{ id: '2607.26654', title: 'x' }], ctx('2026-08-01'))).toThrow(
    UnknownShapeError,
  );
});
