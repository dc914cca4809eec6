import { editionDates, isWeeklySendDay, matchesTopics, rankPapers } from '../../functions/core/edition';
import type { Paper } from '../../functions/schemas/paper';
import { DAY_0612, loadPapers } from '../support/fixtures';

const day = loadPapers(DAY_0612);
const byId = (id: string) => day.find((p) => p.arxivId === id) as Paper;
const with_ = (over: Partial<Paper>): Paper => ({ ...(day[0] as Paper), ...over });

describe('rankPapers', () => {
  test('upvotes desc, then comments desc, then arXiv id; the input is left as it was', () => {
    const input = [...day];
    const ranked = rankPapers(input);
    expect(input).toEqual(day);
    expect(ranked.slice(0, 3).map((p) => [p.arxivId, p.upvotes])).toEqual([
      ['2606.13681', 118],
      ['2606.13392', 103],
      ['2606.08063', 74],
    ]);
    for (let i = 1; i < ranked.length; i++) {
      const a = ranked[i - 1] as Paper;
      const b = ranked[i] as Paper;
      const order =
        (a.upvotes ?? 0) - (b.upvotes ?? 0) ||
        (a.comments ?? 0) - (b.comments ?? 0) ||
        (a.arxivId < b.arxivId ? 1 : -1);
      expect(order).toBeGreaterThan(0);
    }
  });

  test('ties on upvotes go to comments, then to the smaller arXiv id, whatever the input order', () => {
    const a = with_({ arxivId: '2606.00002', upvotes: 5, comments: 1 });
    const b = with_({ arxivId: '2606.00001', upvotes: 5, comments: 1 });
    const c = with_({ arxivId: '2606.00003', upvotes: 5, comments: 7 });
    const d = with_({ arxivId: '2606.00004', upvotes: undefined, comments: undefined });
    for (const input of [
      [a, b, c, d],
      [d, c, b, a],
      [b, d, a, c],
    ]) {
      expect(rankPapers(input).map((p) => p.arxivId)).toEqual([
        '2606.00003',
        '2606.00001',
        '2606.00002',
        '2606.00004',
      ]);
    }
  });
});

describe('matchesTopics', () => {
  const evoArena = byId('2606.13681'); // "…for Robust LLM Agents in Dynamic Environments"

  test('no topics means every paper', () => {
    expect(day.every((p) => matchesTopics(p, []))).toBe(true);
    expect(matchesTopics(evoArena, ['', '  '])).toBe(true);
  });

  test('a vocabulary topic matches through its keywords, case-insensitively, on the title', () => {
    expect(matchesTopics(evoArena, ['agents'])).toBe(true);
    expect(matchesTopics(with_({ title: 'AGENTIC search', abstract: '', aiKeywords: [] }), ['agents'])).toBe(
      true,
    );
    expect(matchesTopics(with_({ title: 'Plain title', abstract: '', aiKeywords: [] }), ['agents'])).toBe(
      false,
    );
  });

  test('keywords match whole words only, in any script', () => {
    const p = (title: string) => with_({ title, abstract: '', aiKeywords: [] });
    // `rl` is a keyword of reinforcement-learning; it must not fire inside "world" or "url".
    expect(matchesTopics(p('A world model of URLs'), ['reinforcement-learning'])).toBe(false);
    expect(matchesTopics(p('Offline RL for robots'), ['reinforcement-learning'])).toBe(true);
    expect(matchesTopics(p('RL-based tuning'), ['reinforcement-learning'])).toBe(true);
    expect(matchesTopics(p('Imagenet'), ['vision'])).toBe(false);
    expect(matchesTopics(p('Überagent'), ['agents'])).toBe(false);
    expect(matchesTopics(p('Der Agent für Übersetzung'), ['agents'])).toBe(true);
  });

  test('the abstract and the AI keywords are searched too', () => {
    const inAbstract = with_({
      title: 'X',
      abstract: 'We study speculative decoding at scale.',
      aiKeywords: [],
    });
    const inKeywords = with_({ title: 'X', abstract: 'Nothing here.', aiKeywords: ['Gaussian Splatting'] });
    expect(matchesTopics(inAbstract, ['efficiency'])).toBe(true);
    expect(matchesTopics(inKeywords, ['3d'])).toBe(true);
    expect(matchesTopics(inKeywords, ['efficiency'])).toBe(false);
  });

  test('a topic outside the vocabulary is a keyword of its own (regex characters are literal)', () => {
    expect(matchesTopics(byId('2606.00467'), ['toxicity detection'])).toBe(true);
    expect(matchesTopics(with_({ title: 'Fast C++ kernels', abstract: '', aiKeywords: [] }), ['c++'])).toBe(
      true,
    );
    expect(matchesTopics(with_({ title: 'ccc kernels', abstract: '', aiKeywords: [] }), ['c++'])).toBe(false);
    expect(matchesTopics(with_({ title: 'a.b', abstract: '', aiKeywords: [] }), ['a.c'])).toBe(false);
  });

  test('arXiv category ids match the categories only', () => {
    const rss = with_({ title: 'cs.CL mentioned', abstract: 'cs.CL', categories: ['cs.CL', 'cs.AI'] });
    expect(matchesTopics(rss, ['cs.CL'])).toBe(true);
    expect(matchesTopics(rss, ['cs.CV'])).toBe(false);
    expect(matchesTopics(with_({ title: 'cs.CL', categories: undefined }), ['cs.CL'])).toBe(false);
  });
});

describe('edition dates', () => {
  test('a daily edition covers its day; a weekly one the 7 days before its send day', () => {
    expect(editionDates('daily', '2026-06-12')).toEqual(['2026-06-12']);
    expect(editionDates('weekly', '2026-06-15')).toEqual([
      '2026-06-08',
      '2026-06-09',
      '2026-06-10',
      '2026-06-11',
      '2026-06-12',
      '2026-06-13',
      '2026-06-14',
    ]);
    expect(editionDates('weekly', '2026-03-03')[0]).toBe('2026-02-24');
    expect(editionDates('weekly', '2026-01-02')).toContain('2025-12-31');
  });

  test('bad dates are refused', () => {
    expect(() => editionDates('daily', '2026-02-30')).toThrow(/calendar date/);
    expect(() => editionDates('weekly', '12/06/2026')).toThrow(/calendar date/);
  });

  test('the weekly send day is a UTC weekday (0 = Sunday)', () => {
    expect(isWeeklySendDay('2026-11-23', 1)).toBe(true); // a Monday
    expect(isWeeklySendDay('2026-11-24', 1)).toBe(false);
    expect(isWeeklySendDay('2026-11-22', 0)).toBe(true);
  });
});
