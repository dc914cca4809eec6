import { parseArxivRss, rfc822Day } from '../../functions/core/arxiv-rss';
import { UnknownShapeError } from '../../functions/core/normalize-paper';
import { ARXIV_CS_AI, arxivFixture } from '../support/fixtures';

const NOW = '2026-08-03T06:00:00.000Z';

test('arXiv RSS: ids as strings, categories, authors, abstract, announcement date', () => {
  const listing = parseArxivRss(arxivFixture(ARXIV_CS_AI), NOW);
  expect(listing.announcedDate).toBe('2026-04-27');
  expect(listing.skipped).toEqual([]);
  expect(listing.papers.map((p) => p.arxivId)).toEqual(['2604.21935', '2604.21936', '2604.21937']);
  const [first, second] = listing.papers;
  expect(first).toEqual({
    arxivId: '2604.21935',
    title: 'Math Takes Two: A test for emergent mathematical reasoning in communication',
    abstract: expect.stringMatching(
      /^Although language models.*emergent numerical reasoning capabilities\.$/s,
    ),
    authors: ['Michael Cooper', 'Samuel Cooper'],
    publishedDate: '2026-04-27',
    dailyDate: '2026-04-27',
    categories: ['cs.AI', 'cs.LG'],
    sources: ['arxiv'],
    firstSeenAt: NOW,
    lastUpdatedAt: NOW,
  });
  expect(second?.categories).toEqual(['cs.AI', 'cs.CV', 'cs.MA']);
  expect(second?.authors).toHaveLength(18);
  expect(rfc822Day('Mon, 27 Apr 2026 00:00:00 -0400')).toBe('2026-04-27');
});

test('arXiv RSS: replacements are ignored, an empty weekend feed is empty, non-RSS is an unknown shape', () => {
  const xml = arxivFixture(ARXIV_CS_AI);
  const replaced = xml.replace(
    '<arxiv:announce_type>new</arxiv:announce_type>',
    '<arxiv:announce_type>replace</arxiv:announce_type>',
  );
  const listing = parseArxivRss(replaced, NOW);
  expect(listing.papers).toHaveLength(2);
  expect(listing.ignored).toBe(1);
  const empty = xml.replace(/<item>[\s\S]*<\/item>/, '');
  expect(parseArxivRss(empty, NOW).papers).toEqual([]);
  expect(() => parseArxivRss('{"not":"xml"}', NOW)).toThrow(UnknownShapeError);
});
