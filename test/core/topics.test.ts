import { matchesTopics } from '../../functions/core/edition';
import { arxivCategoryOf, canonicalTopic } from '../../functions/core/topics';
import type { Paper } from '../../functions/schemas/paper';
import { topicsSchema } from '../../functions/schemas/subscription-request';

const paper = (over: Partial<Paper>): Paper =>
  ({
    arxivId: '2606.00001',
    title: 'A paper',
    abstract: '',
    authors: [],
    aiKeywords: [],
    ...over,
  }) as Paper;

describe('arXiv categories in any case', () => {
  test('are written as arXiv writes them', () => {
    expect(arxivCategoryOf('cs.cl')).toBe('cs.CL');
    expect(arxivCategoryOf(' CS.Cl ')).toBe('cs.CL');
    expect(arxivCategoryOf('Q-BIO.nc')).toBe('q-bio.NC');
    expect(arxivCategoryOf('node.js')).toBeUndefined();
    expect(arxivCategoryOf('llm')).toBeUndefined();
  });

  test('a stored lower-case category still matches the paper categories', () => {
    const p = paper({ categories: ['cs.CL'] });
    expect(matchesTopics(p, ['cs.cl'])).toBe(true);
    expect(matchesTopics(p, ['CS.CL'])).toBe(true);
    expect(matchesTopics(p, ['cs.CV'])).toBe(false);
  });

  test('signup stores the canonical spelling, so the topic matches', () => {
    const schema = topicsSchema(['llm', 'agents']);
    expect(schema.parse(['cs.cl', 'CS.CL', 'LLM', 'Graph Nets', 'node.JS'])).toEqual([
      'cs.CL',
      'llm',
      'graph nets',
      'node.js',
    ]);
    expect(canonicalTopic('Agents', new Map([['agents', 'agents']]))).toBe('agents');
  });
});

describe('topic count', () => {
  const schema = topicsSchema(['llm']);
  test('50 identical topics are one topic, not "more than 20"', () => {
    expect(schema.parse(Array.from({ length: 50 }, () => 'llm'))).toEqual(['llm']);
    expect(schema.parse(Array.from({ length: 50 }, (_, i) => (i % 2 ? 'LLM' : 'llm')).join(','))).toEqual([
      'llm',
    ]);
  });
  test('21 different topics are still refused', () => {
    const r = schema.safeParse(Array.from({ length: 21 }, (_, i) => `kw${i}`));
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/at most 20 topics/);
  });
});
