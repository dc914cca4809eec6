import { createHash } from 'node:crypto';
import { archiveDays, archiveDir } from '../../bench/support/archive-days';
import { recordedDays } from '../../bench/support/recorded-days';
import termDf from '../../functions/core/data/term-df.json';
import {
  authorTerm,
  computePaperFeatures,
  FEATURES_VERSION,
  featuresKey,
  hasCurrentFeatures,
  MAX_PAPER_TERMS,
  organizationTerm,
  paperFeatures,
  storedFeatures,
  termDocumentFrequencies,
  tokens,
} from '../../functions/core/paper-features';
import type { Paper } from '../../functions/schemas/paper';
import { DAY_0612, loadPapers } from '../support/fixtures';

const day = loadPapers(DAY_0612);
const base = day[0] as Paper;
const paper = (over: Partial<Paper>): Paper => ({
  ...base,
  aiKeywords: [],
  authors: [],
  organization: undefined,
  ...over,
});

describe('tokens', () => {
  test('lower-cased Porter2 stems; stop words and bare numbers out, "3d" and "r1" kept', () => {
    expect(tokens('The Agents are Reasoning with 3D scenes in 2025, via DeepSeek-R1')).toEqual([
      'agent',
      'reason',
      '3d',
      'scene',
      'deepseek',
      'r1',
    ]);
  });
});

describe('paperFeatures', () => {
  test('at most MAX_PAPER_TERMS terms, heaviest first, L2 norm 1, the same for the same paper', () => {
    for (const p of day) {
      const f = paperFeatures(p);
      expect(f.terms.length).toBeLessThanOrEqual(MAX_PAPER_TERMS);
      expect(f.terms.length).toBe(f.weights.length);
      expect(new Set(f.terms).size).toBe(f.terms.length);
      expect(Math.hypot(...f.weights)).toBeCloseTo(1, 9);
      expect([...f.weights].sort((a, b) => b - a)).toEqual(f.weights);
      expect(paperFeatures(p)).toEqual(f);
    }
  });

  test('title words, keyword bigrams, authors and the organisation are features; common words weigh little', () => {
    const f = paperFeatures(
      paper({
        title: 'Sparse Mixture of Experts for Speech',
        abstract: 'We propose a model. The model is a model of results.',
        aiKeywords: ['mixture of experts', 'speech recognition'],
        authors: ['Ada  Lovelace'],
        organization: 'Example Lab',
      }),
    );
    const w = (t: string) => f.weights[f.terms.indexOf(t)] ?? 0;
    expect(f.terms).toEqual(expect.arrayContaining(['spars', 'mixtur_expert', 'speech', 'speech_recognit']));
    expect(f.terms).toContain(authorTerm('ada lovelace'));
    expect(f.terms).toContain(organizationTerm('EXAMPLE LAB'));
    // "model" is in most recorded abstracts; "sparse" in few.
    expect(w('spars')).toBeGreaterThan(w('model'));
  });

  test('a paper with no text left still has a (possibly empty) vector, never NaN', () => {
    const f = paperFeatures(paper({ title: 'A', abstract: '' }));
    expect(f.weights.every(Number.isFinite)).toBe(true);
  });
});

describe('the IDF table', () => {
  const dir = archiveDir();
  // CI and this machine have ../shared; a user's clone has only the committed 50 days (next test).
  (dir ? test : test.skip)(
    'is what scripts/make-relevance-data.ts derives from the 171 recorded days',
    () => {
      const papers = archiveDays(dir as string).days.flatMap((d) => d.papers);
      expect(new Set(papers.map((p) => p.arxivId)).size).toBe(termDf.papers);
      expect(termDocumentFrequencies(papers, termDf.minDf)).toEqual(termDf.df);
    },
  );

  test('counts at least what the committed days (a window of those 171) hold, term by term', () => {
    const papers = recordedDays().flatMap((d) => d.papers);
    expect(new Set(papers.map((p) => p.arxivId)).size).toBeLessThan(termDf.papers);
    const table = termDf.df as Record<string, number>;
    // A term's count over the 171 days is at least its count over the window; a term missing from the
    // table was seen in fewer than minDf papers of the 171 days, so in fewer in the window too.
    const wrong = Object.entries(termDocumentFrequencies(papers, 1)).filter(([t, n]) =>
      table[t] === undefined ? n >= termDf.minDf : table[t] < n,
    );
    expect(wrong).toEqual([]);
  });
});

describe('stored features', () => {
  const real = day.slice(0, 5);

  test('a paper carrying features of this version and of its text uses them as stored', () => {
    const p = {
      ...base,
      features: { version: FEATURES_VERSION, key: featuresKey(base), terms: ['x'], weights: [1] },
    };
    expect(hasCurrentFeatures(p)).toBe(true);
    expect(paperFeatures(p)).toEqual({ terms: ['x'], weights: [1] });
  });

  test('features of another version, or of a text since changed, are computed again', () => {
    const stale = { version: FEATURES_VERSION, key: featuresKey(base), terms: ['x'], weights: [1] };
    const retitled = { ...base, title: `${base.title} revisited`, features: stale };
    expect(paperFeatures(retitled)).toEqual(computePaperFeatures(retitled));
    const older = { ...base, features: { ...stale, version: FEATURES_VERSION + 1 } };
    expect(paperFeatures(older)).toEqual(computePaperFeatures(base));
    expect(paperFeatures(base)).toEqual(computePaperFeatures(base));
  });

  test('the key covers every field the features read (title, abstract, keywords, authors, organisation)', () => {
    const changes: Partial<Paper>[] = [
      { title: 'Other' },
      { abstract: 'Other' },
      { aiKeywords: ['other'] },
      { authors: ['Someone Else'] },
      { organization: 'Elsewhere' },
    ];
    for (const change of changes) expect(featuresKey({ ...base, ...change })).not.toBe(featuresKey(base));
    // Fields the features do not read leave the key alone (an upvote does not make them stale).
    expect(featuresKey({ ...base, upvotes: (base.upvotes ?? 0) + 1 })).toBe(featuresKey(base));
  });

  test('what is stored is what is computed, stamped', () => {
    const p = real[1] as Paper;
    expect(storedFeatures(p)).toEqual({
      version: FEATURES_VERSION,
      key: featuresKey(p),
      ...computePaperFeatures(p),
    });
  });

  // Stored features of an older computation must not pass for current ones: when this hash changes,
  // bump FEATURES_VERSION (core/paper-features.ts) and put the new hash here.
  test('the computation is pinned to FEATURES_VERSION', () => {
    const hash = createHash('sha256')
      .update(
        JSON.stringify(real.map(computePaperFeatures), (_k, v) =>
          typeof v === 'number' ? v.toFixed(12) : v,
        ),
      )
      .digest('hex')
      .slice(0, 16);
    expect({ version: FEATURES_VERSION, hash }).toEqual({ version: 1, hash: '261e123bc0938b43' });
  });
});
