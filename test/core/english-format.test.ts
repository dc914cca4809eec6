import {
  formatCount,
  formatDayFull,
  formatDayLong,
  formatDayShort,
  WEEKDAY_NAMES,
} from '../../functions/core/english-format';

/** The formats without Intl are Intl's own output, byte for byte (they exist so a cold start never starts ICU). */
describe('formatCount is toLocaleString("en-US")', () => {
  test('every count a page shows, from 0 to past a billion', () => {
    const counts = [
      ...Array.from({ length: 20_000 }, (_, i) => i),
      ...Array.from({ length: 2000 }, (_, i) => 10 ** (1 + (i % 12)) - 1 + Math.floor(i / 12)),
      Number.MAX_SAFE_INTEGER,
    ];
    const intl = new Intl.NumberFormat('en-US');
    expect(counts.map(formatCount)).toEqual(counts.map((n) => intl.format(n)));
    expect(formatCount(1234567)).toBe((1234567).toLocaleString('en-US'));
  });

  test('anything that is not a non-negative safe integer is left to Intl', () => {
    for (const n of [-1, -1234567, 1.5, 1234.5678, 2 ** 60, Number.NaN, Number.POSITIVE_INFINITY])
      expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
  });
});

describe('formatDayLong is toLocaleDateString("en-GB", weekday long, day numeric, month long, UTC)', () => {
  const options = { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' } as const;
  // What toLocaleDateString(…) builds on each call, built once.
  const intl = new Intl.DateTimeFormat('en-GB', options);

  test('every day from 1990 to 2100', () => {
    const days: string[] = [];
    for (let t = Date.UTC(1990, 0, 1); t <= Date.UTC(2100, 11, 31); t += 86_400_000)
      days.push(new Date(t).toISOString().slice(0, 10));
    expect(days.map(formatDayLong)).toEqual(days.map((d) => intl.format(new Date(`${d}T00:00:00Z`))));
    expect(formatDayLong('2026-06-12')).toBe(
      new Date('2026-06-12T00:00:00Z').toLocaleDateString('en-GB', options),
    );
  });

  test('a string that is no date comes back as it is', () => {
    expect(formatDayLong('not-a-day')).toBe('not-a-day');
    expect(formatDayLong('2026-13-01')).toBe('2026-13-01');
  });

  test('weekday names start on Sunday, as getUTCDay counts', () => {
    expect(WEEKDAY_NAMES[new Date('2026-06-14T00:00:00Z').getUTCDay()]).toBe('Sunday');
  });
});

describe("a digest's days are en-GB DateTimeFormat's, UTC", () => {
  const days: string[] = [];
  for (let t = Date.UTC(1990, 0, 1); t <= Date.UTC(2100, 11, 31); t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  /** `format` gives what en-GB's DateTimeFormat with `options` (in UTC) gives, on every day. */
  const asIntl = (format: (day: string) => string, options: Intl.DateTimeFormatOptions) => {
    const intl = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' });
    expect(days.map(format)).toEqual(days.map((d) => intl.format(new Date(`${d}T00:00:00Z`))));
  };

  test('formatDayFull: weekday long, day numeric, month long, year numeric, every day 1990-2100', () => {
    asIntl(formatDayFull, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  });

  test('formatDayShort: day numeric, month short ("Sept"), year numeric, every day 1990-2100', () => {
    asIntl(formatDayShort, { day: 'numeric', month: 'short', year: 'numeric' });
    expect([formatDayFull('no-day'), formatDayShort('no-day')]).toEqual(['no-day', 'no-day']);
  });
});
