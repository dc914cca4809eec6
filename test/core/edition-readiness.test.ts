import { dayReadiness, editionReadiness, settleInstant } from '../../functions/core/edition-readiness';
import type { Paper } from '../../functions/schemas/paper';

const rules = { settleHours: 6, deadlineHours: 4 };
const paper = (sources: Paper['sources'], lastUpdatedAt: string) => ({ sources, lastUpdatedAt }) as Paper;
const at = (iso: string) => new Date(iso);

test('a day settles at the end of its UTC day plus the settle hours', () => {
  expect(new Date(settleInstant('2026-11-30', 6)).toISOString()).toBe('2026-12-01T06:00:00.000Z');
});

test.each([
  // Monday 2026-11-30, settle 2026-12-01 06:00 UTC, deadline 10:00.
  [
    'refreshed after the settle time',
    [paper(['huggingface'], '2026-12-01T06:00:03Z')],
    '2026-12-01T06:15:00Z',
    'ready',
  ],
  [
    'settled but asked before the settle time',
    [paper(['huggingface'], '2026-12-01T06:00:03Z')],
    '2026-12-01T05:45:00Z',
    'waiting',
  ],
  [
    'only runs before the settle time',
    [paper(['huggingface'], '2026-11-30T06:00:00Z')],
    '2026-12-01T09:45:00Z',
    'waiting',
  ],
  [
    'only runs before the settle time, at the deadline',
    [paper(['huggingface'], '2026-11-30T06:00:00Z')],
    '2026-12-01T10:00:00Z',
    'missed',
  ],
  [
    'only arXiv papers (Hugging Face failed)',
    [paper(['arxiv'], '2026-12-01T06:00:00Z')],
    '2026-12-01T10:00:00Z',
    'missed',
  ],
  ['nothing at all by the deadline', [], '2026-12-01T10:00:00Z', 'missed'],
  [
    'both sources merged',
    [paper(['arxiv', 'huggingface'], '2026-12-01T06:01:00Z')],
    '2026-12-01T06:15:00Z',
    'ready',
  ],
] as const)('a weekday: %s → %s', (_, papers, now, expected) => {
  expect(dayReadiness('2026-11-30', papers as unknown as Paper[], at(now), rules)).toBe(expected);
});

test('a weekend with nothing listed has no list, at once; one with a settled list is sent', () => {
  expect(dayReadiness('2026-11-29', [], at('2026-11-30T06:00:00Z'), rules)).toBe('no-list');
  expect(
    dayReadiness(
      '2026-11-29',
      [paper(['huggingface'], '2026-11-30T06:00:00Z')],
      at('2026-11-30T06:00:00Z'),
      rules,
    ),
  ).toBe('ready');
});

test('a weekly edition waits for the newest listing day of its week', () => {
  // weekly#2026-12-07 (Monday) covers 2026-11-30 … 2026-12-06; its newest listing day is Friday 12-04.
  const papersOf = (d: string) =>
    d === '2026-12-04' ? [paper(['huggingface'], '2026-12-05T06:00:00Z')] : [];
  expect(editionReadiness('weekly', '2026-12-07', papersOf, at('2026-12-07T06:00:00Z'), rules)).toBe('ready');
  expect(editionReadiness('weekly', '2026-12-07', () => [], at('2026-12-07T06:00:00Z'), rules)).toBe(
    'missed',
  );
});
