import { parseArxivRss } from '../../functions/core/arxiv-rss';
import { mergeAll, mergePapers } from '../../functions/core/merge-papers';
import { normalizeHfDay } from '../../functions/core/normalize-paper';
import { ARXIV_CS_AI, arxivFixture, DAY_0803, hfFixture } from '../support/fixtures';

const NOW = '2026-08-03T06:00:00.000Z';
const ctx = (requestedDate: string) => ({ requestedDate, now: NOW });

test('a paper in both sources is one paper: HF fields win, arXiv adds categories, in either order', () => {
  const arxiv = parseArxivRss(arxivFixture(ARXIV_CS_AI), '2026-04-27T06:00:00.000Z').papers[0];
  // A real HF entry given the arXiv item's id (the recordings share no paper).
  const entry = structuredClone(hfFixture(DAY_0803)[0]) as { paper: Record<string, unknown> };
  entry.paper.id = '2604.21935';
  const hf = normalizeHfDay([entry], ctx('2026-08-03')).papers[0];
  if (!arxiv || !hf) throw new Error('fixtures changed');
  const merged = mergePapers(arxiv, hf);
  expect(mergePapers(hf, arxiv)).toEqual(merged);
  expect(merged).toMatchObject({
    arxivId: '2604.21935',
    title: hf.title,
    upvotes: 3,
    dailyDate: '2026-08-03',
    categories: ['cs.AI', 'cs.LG'],
    sources: ['arxiv', 'huggingface'],
    firstSeenAt: '2026-04-27T06:00:00.000Z',
    lastUpdatedAt: NOW,
  });
  expect(mergeAll([arxiv, hf, arxiv])).toEqual([merged]);
});
