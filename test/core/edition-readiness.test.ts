import {
  dayReadiness,
  editionReadiness,
  type Readiness,
  settleInstant,
} from '../../functions/core/edition-readiness';
import type { Paper } from '../../functions/schemas/paper';

const rules = { settleHours: 6, deadlineHours: 4 };
const paper = (sources: Paper['sources'], lastUpdatedAt: string) => ({ sources, lastUpdatedAt }) as Paper;
const at = (iso: string) => new Date(iso);

test('a day settles at the end of its UTC day plus the settle hours', () => {
  expect(new Date(settleInstant('2026-11-30', 6)).toISOString()).toBe('2026-12-01T06:00:00.000Z');
});

/** An instant of Tuesday 2026-12-01 (UTC), or of the day named. */
const t = (time: string, day = '2026-12-01') => `${day}T${time}Z`;

// Monday 2026-11-30: settles 2026-12-01 06:00 UTC, deadline 10:00. A row: the case, the readiness, the
// day's one paper (its sources and last refresh; none: nothing listed) and the instant asked.
test.each<[string, Readiness, Paper['sources'] | null, string, string]>([
  ['refreshed after the settle time', 'ready', ['huggingface'], t('06:00:03'), t('06:15:00')],
  ['settled but asked before the settle time', 'waiting', ['huggingface'], t('06:00:03'), t('05:45:00')],
  [
    'only runs before the settle time',
    'waiting',
    ['huggingface'],
    t('06:00:00', '2026-11-30'),
    t('09:45:00'),
  ],
  [
    'only runs before the settle time, at the deadline',
    'missed',
    ['huggingface'],
    t('06:00:00', '2026-11-30'),
    t('10:00:00'),
  ],
  ['only arXiv papers (Hugging Face failed)', 'missed', ['arxiv'], t('06:00:00'), t('10:00:00')],
  ['nothing at all by the deadline', 'missed', null, '', t('10:00:00')],
  ['both sources merged', 'ready', ['arxiv', 'huggingface'], t('06:01:00'), t('06:15:00')],
])('a weekday: %s → %s', (_, expected, sources, lastUpdatedAt, now) => {
  const papers = sources ? [paper(sources, lastUpdatedAt)] : [];
  expect(dayReadiness('2026-11-30', papers, at(now), rules)).toBe(expected);
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
