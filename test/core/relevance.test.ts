import { recordedDays } from '../../bench/support/recorded-days';
import { paperFeatures } from '../../functions/core/paper-features';
import { cutAtWord } from '../../functions/core/paper-view';
import { applyPress, type PressKind, retractPress } from '../../functions/core/relevance';
import type { Paper } from '../../functions/schemas/paper';
import { emptyRelevance, RELEVANCE_LIMITS, relevanceStateSchema } from '../../functions/schemas/relevance';
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

describe('applyPress', () => {
  test('"More" adds the paper\'s vector; "Less" takes 0.15 of it away', () => {
    const more = applyPress(emptyRelevance(), press(a, 'more'));
    const f = paperFeatures(a);
    const top = f.terms[0] as string;
    expect(more.weights[top]).toBeCloseTo(f.weights[0] as number, 3);
    expect(more.presses).toBe(1);
    expect(more.recent).toEqual([
      {
        paperId: a.arxivId,
        more: true,
        title: cutAtWord(a.title, RELEVANCE_LIMITS.titleChars - 1),
        terms: f.terms.slice(0, RELEVANCE_LIMITS.pressTerms),
      },
    ]);
    const less = applyPress(emptyRelevance(), press(a, 'less'));
    expect(less.weights[top]).toBeCloseTo(-(f.weights[0] as number) * 0.15, 3);
    expect(less.recent).toEqual([{ paperId: a.arxivId, more: false }]);
  });

  test('the same press twice changes nothing; the other way replaces the first press', () => {
    const once = applyPress(emptyRelevance(), press(a, 'more'));
    expect(applyPress(once, press(a, 'more'))).toBe(once);
    const flipped = applyPress(once, press(a, 'less'));
    expect(flipped).toEqual(applyPress(emptyRelevance(), press(a, 'less')));
  });

  test('older presses fade: the latest of two equal presses weighs more', () => {
    const s = applyPress(applyPress(emptyRelevance(), press(a, 'more')), press(b, 'more'));
    const ta = paperFeatures(a).terms.find((t) => !paperFeatures(b).terms.includes(t)) as string;
    const tb = paperFeatures(b).terms.find((t) => !paperFeatures(a).terms.includes(t)) as string;
    const share = (p: Paper, t: string) => {
      const f = paperFeatures(p);
      return f.weights[f.terms.indexOf(t)] as number;
    };
    expect((s.weights[ta] as number) / share(a, ta)).toBeLessThan((s.weights[tb] as number) / share(b, tb));
    expect(s.recent.map((p) => p.paperId)).toEqual([b.arxivId, a.arxivId]);
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
    const before = applyPress(emptyRelevance(), press(a, 'more'));
    const after = applyPress(before, press(b, 'less'));
    const undone = retractPress(after, press(b, 'less'));
    expect(undone.recent).toEqual(before.recent);
    expect(undone.presses).toBe(1);
    // Up to the fading of the earlier press and the stored rounding.
    for (const [t, w] of Object.entries(before.weights)) expect(undone.weights[t]).toBeCloseTo(w * 0.995, 2);
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
      largest = Math.max(largest, Buffer.byteLength(JSON.stringify(s)));
    }
    expect(Object.keys(s.weights).length).toBe(RELEVANCE_LIMITS.terms);
    expect(s.recent.length).toBe(RELEVANCE_LIMITS.recent);
    expect(relevanceStateSchema.parse(s)).toEqual(s);
    expect(largest).toBeLessThan(6 * 1024);
  });

  test('the schema refuses a state past its bounds; a subscriber item without one still parses', () => {
    const weights = Object.fromEntries(
      Array.from({ length: RELEVANCE_LIMITS.terms + 1 }, (_, i) => [`t${i}`, 1]),
    );
    expect(relevanceStateSchema.safeParse({ weights, presses: 1, recent: [] }).success).toBe(false);
    expect(
      relevanceStateSchema.safeParse({ weights: { x: Number.NaN }, presses: 1, recent: [] }).success,
    ).toBe(false);
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
  });
});
