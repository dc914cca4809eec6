import { recordedDays } from '../../bench/support/recorded-days';
import { paperFeatures } from '../../functions/core/paper-features';
import { cutAtWord } from '../../functions/core/paper-view';
import { applyPress, type PressKind, retractPress } from '../../functions/core/relevance';
import type { Paper } from '../../functions/schemas/paper';
import {
  emptyRelevance,
  RELEVANCE_LIMITS,
  type RelevanceState,
  relevanceStateSchema,
} from '../../functions/schemas/relevance';
import { subscriberSchema } from '../../functions/schemas/subscriber';
import { DAY_0612, loadPapers } from '../support/fixtures';
import { seededRandom } from '../support/random';

const day = loadPapers(DAY_0612);
const press = (p: Paper, kind: PressKind) => ({
  paperId: p.arxivId,
  kind,
  title: p.title,
  features: paperFeatures(p),
});
const a = day[0] as Paper;
const b = day[1] as Paper;
/** A term's weight in the profile (its parallel arrays), undefined when the profile does not hold it. */
const weightOf = (s: RelevanceState, term: string) => {
  const k = s.terms.indexOf(term);
  return k < 0 ? undefined : s.weights[k];
};
const entriesOf = (s: RelevanceState) => s.terms.map((t, k) => [t, s.weights[k] as number] as const);
/** What the subscriber item holds: the stored form's JSON. */
const storedBytes = (s: RelevanceState) => Buffer.byteLength(JSON.stringify(relevanceStateSchema.encode(s)));

describe('applyPress', () => {
  test('from an empty profile, "More" adds the paper\'s vector and "Less" takes 0.3 of it away; each press keeps its step', () => {
    const more = applyPress(emptyRelevance(), press(a, 'more'));
    const f = paperFeatures(a);
    const top = f.terms[0] as string;
    expect(weightOf(more, top)).toBeCloseTo(f.weights[0] as number, 3);
    expect(more.presses).toBe(1);
    expect(more.recent).toEqual([
      {
        paperId: a.arxivId,
        more: true,
        title: cutAtWord(a.title, RELEVANCE_LIMITS.titleChars - 1),
        terms: f.terms.slice(0, RELEVANCE_LIMITS.pressTerms),
        scale: 1,
      },
    ]);
    const less = applyPress(emptyRelevance(), press(a, 'less'));
    expect(weightOf(less, top)).toBeCloseTo(-(f.weights[0] as number) * 0.3, 3);
    expect(less.recent).toEqual([{ paperId: a.arxivId, more: false, scale: -0.3 }]);
  });

  test('error-driven: a press the profile already expects moves it less than a surprising one', () => {
    const twin = (p: Paper, id: string) => ({ ...press(p, 'more'), paperId: id });
    const once = applyPress(emptyRelevance(), press(a, 'more'));
    const expected = applyPress(once, twin(a, '2606.99990'));
    const surprising = applyPress(once, twin(b, '2606.99991'));
    const step = (s: typeof once) => s.recent[0]?.scale as number;
    expect(step(expected)).toBeLessThan(step(surprising));
    expect(step(surprising)).toBeLessThanOrEqual(1);
    // And a "Less" on what the profile likes takes away more than on what it does not know.
    const lessLiked = applyPress(once, { ...press(a, 'less'), paperId: '2606.99992' });
    const lessUnknown = applyPress(once, { ...press(b, 'less'), paperId: '2606.99993' });
    expect(step(lessLiked)).toBeLessThan(step(lessUnknown));
  });

  test('presses stored before the step was kept are undone as they were applied (+1 More, −0.15 Less)', () => {
    const f = paperFeatures(a);
    const legacy = {
      weights: Object.fromEntries(
        f.terms.map((t, i) => [t, Number(((f.weights[i] as number) * -0.15).toPrecision(4))]),
      ),
      presses: 1,
      recent: [{ paperId: a.arxivId, more: false }],
    };
    const state = relevanceStateSchema.parse(legacy);
    expect(state.terms).toEqual(f.terms);
    expect(relevanceStateSchema.encode(state)).toEqual(legacy);
    expect(retractPress(state, press(a, 'less'))).toEqual(emptyRelevance());
  });

  test('the same press twice changes nothing; the other way replaces the first press', () => {
    const once = applyPress(emptyRelevance(), press(a, 'more'));
    expect(applyPress(once, press(a, 'more'))).toBe(once);
    const flipped = applyPress(once, press(a, 'less'));
    expect(flipped).toEqual(applyPress(emptyRelevance(), press(a, 'less')));
  });

  test('older presses fade: each new press scales the profile before it by 0.995', () => {
    const s1 = applyPress(emptyRelevance(), press(a, 'more'));
    const s2 = applyPress(s1, press(b, 'more'));
    const ta = paperFeatures(a).terms.find((t) => !paperFeatures(b).terms.includes(t)) as string;
    expect(weightOf(s2, ta) as number).toBeCloseTo((weightOf(s1, ta) as number) * 0.995, 4);
    expect(s2.recent.map((p) => p.paperId)).toEqual([b.arxivId, a.arxivId]);
  });

  test('the state is pure data: input states are never changed', () => {
    const s0 = applyPress(emptyRelevance(), press(a, 'more'));
    const copy = structuredClone(s0);
    applyPress(s0, press(b, 'less'));
    retractPress(s0, press(a, 'more'));
    expect(s0).toEqual(copy);
  });
});

describe('retractPress (undo)', () => {
  test('takes the press back: the profile is as before it, and the paper leaves the recent presses', () => {
    // Papers' 40 heaviest terms, so that the 150-term cap drops nothing in between (what the cap drops
    // between a press and its undo, the lightest weights, is not restored).
    const short = (p: Paper, kind: PressKind) => {
      const f = paperFeatures(p);
      return {
        ...press(p, kind),
        features: { terms: f.terms.slice(0, 40), weights: f.weights.slice(0, 40) },
      };
    };
    const before = applyPress(emptyRelevance(), short(a, 'more'));
    const after = applyPress(before, short(b, 'less'));
    const undone = retractPress(after, short(b, 'less'));
    expect(undone.recent).toEqual(before.recent);
    expect(undone.presses).toBe(1);
    // Up to the fading of the earlier press and the stored rounding.
    for (const [t, w] of entriesOf(before)) expect(weightOf(undone, t)).toBeCloseTo(w * 0.995, 2);
    expect(retractPress(emptyRelevance(), press(a, 'more'))).toEqual(emptyRelevance());
  });
});

describe('bounds', () => {
  test('1,000 presses over real papers: a few KB, within the schema, whatever the history', () => {
    const papers = recordedDays()
      .flatMap((d) => d.papers)
      .slice(0, 1500);
    const rand = seededRandom(5);
    let s = emptyRelevance();
    let largest = 0;
    for (let i = 0; i < 1000; i++) {
      const p = papers[Math.floor(rand() * papers.length)] as Paper;
      s = applyPress(s, press(p, rand() < 0.6 ? 'more' : 'less'));
      largest = Math.max(largest, storedBytes(s));
    }
    expect(s.terms.length).toBe(RELEVANCE_LIMITS.terms);
    expect(s.weights.length).toBe(RELEVANCE_LIMITS.terms);
    expect(s.recent.length).toBe(RELEVANCE_LIMITS.recent);
    // Stored as a term → weight map, read back into the same arrays, in the same order.
    const stored = JSON.parse(JSON.stringify(relevanceStateSchema.encode(s)));
    expect(Object.keys(stored.weights)).toEqual(s.terms);
    expect(relevanceStateSchema.parse(stored)).toEqual(s);
    expect(largest).toBeLessThan(6 * 1024);
  });

  test('the cap keeps a common word that recurs in liked papers, however many heavy one-off terms come after it', () => {
    // Each liked paper: "dataset" (in 1,508 of the table's papers) with a small weight, and 150 one-off
    // terms of its own, each heavier. Kept by weight alone, "dataset" would be evicted at every press.
    const liked = (k: number) => {
      const own = Array.from({ length: RELEVANCE_LIMITS.terms }, (_, i) => `oneoff${k}x${i}`);
      return {
        paperId: `2501.${String(10000 + k)}`,
        kind: 'more' as const,
        title: `Paper ${k}`,
        features: { terms: [...own, 'dataset'], weights: [...own.map(() => 0.08), 0.05] },
      };
    };
    let s = emptyRelevance();
    const kept: number[] = [];
    for (let k = 0; k < 20; k++) {
      s = applyPress(s, liked(k));
      kept.push(weightOf(s, 'dataset') ?? 0);
      expect(s.terms.length).toBeLessThanOrEqual(RELEVANCE_LIMITS.terms);
    }
    expect(kept.every((w) => w > 0)).toBe(true);
    // It adds up over the presses (each one-off term never gets more than one press's worth).
    expect(kept.at(-1)).toBeGreaterThan(5 * (kept[0] as number));
    expect(
      Math.max(
        ...entriesOf(s)
          .filter(([t]) => t !== 'dataset')
          .map(([, w]) => w),
      ),
    ).toBeLessThan(weightOf(s, 'dataset') as number);
  });

  test('a profile stored under the earlier cap of 150 terms still parses, and its next press keeps the new cap', () => {
    // Prepare: a stored profile of 150 terms, as items written before the cap was lowered hold.
    const old = Object.fromEntries(
      Array.from({ length: RELEVANCE_LIMITS.storedTerms }, (_, i) => [`old${i}`, 0.5 - i / 1000]),
    );
    // Act
    const parsed = relevanceStateSchema.parse({ weights: old, presses: 200, recent: [] });
    const next = applyPress(parsed, press(a, 'more'));
    // Assess
    expect(parsed.terms).toHaveLength(RELEVANCE_LIMITS.storedTerms);
    expect(RELEVANCE_LIMITS.terms).toBeLessThan(RELEVANCE_LIMITS.storedTerms);
    expect(next.terms).toHaveLength(RELEVANCE_LIMITS.terms);
  });

  test('the schema refuses a state past its bounds; a subscriber item without one still parses', () => {
    const weights = Object.fromEntries(
      Array.from({ length: RELEVANCE_LIMITS.storedTerms + 1 }, (_, i) => [`t${i}`, 1]),
    );
    expect(relevanceStateSchema.safeParse({ weights, presses: 1, recent: [] }).success).toBe(false);
    const bad = relevanceStateSchema.safeParse({ weights: { x: Number.NaN }, presses: 1, recent: [] });
    expect(bad.error?.issues[0]?.path).toEqual(['weights', 'x']);
    for (const weights of [{ x: '1' }, { ['x'.repeat(RELEVANCE_LIMITS.termChars + 1)]: 1 }, [1], null])
      expect(relevanceStateSchema.safeParse({ weights, presses: 1, recent: [] }).success).toBe(false);
    const item = {
      id: 'x',
      email: 'a@example.com',
      status: 'active',
      topics: [],
      frequency: 'daily',
      tokenVersion: 0,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    expect(subscriberSchema.parse(item).relevance).toBeUndefined();
    // An item with a profile: the arrays in memory, the same map again when written back.
    const learned = {
      ...item,
      relevance: { weights: { diffus: 0.5, '#mit': -0.25 }, presses: 2, recent: [] },
    };
    const read = subscriberSchema.parse(learned);
    expect(read.relevance).toEqual({
      terms: ['diffus', '#mit'],
      weights: [0.5, -0.25],
      presses: 2,
      recent: [],
    });
    expect(subscriberSchema.encode(read)).toEqual(learned);
  });
});
