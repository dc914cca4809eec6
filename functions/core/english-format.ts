/**
 * The few English formats the pages and emails show, without Intl: the first Intl call of a process
 * (a `toLocaleString`, a `DateTimeFormat`, a `localeCompare`) starts ICU, ~20–25 ms of CPU on Node 22,
 * which the api's cold `GET /` paid for one date and five upvote counts. The output is Intl's, byte for
 * byte (test/core/english-format.test.ts compares them); anything outside what these cover is handed to
 * Intl as before.
 */

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** en-GB's short months: "Sept", not "Sep". */
const SHORT_MONTH_NAMES = MONTH_NAMES.map((m) => (m === 'September' ? 'Sept' : m.slice(0, 3)));

/** `1234567` → `1,234,567`, as `n.toLocaleString('en-US')`. */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) return n.toLocaleString('en-US');
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}

/**
 * `2026-06-12` → `Friday 12 June`, as `toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric',
 * month: 'long', timeZone: 'UTC' })`; a string that is no date comes back as it is.
 */
export function formatDayLong(isoDay: string): string {
  const d = new Date(`${isoDay}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return isoDay;
  return `${WEEKDAY_NAMES[d.getUTCDay()]} ${d.getUTCDate()} ${MONTH_NAMES[d.getUTCMonth()]}`;
}

/**
 * `2026-06-12` → `Friday, 12 June 2026`, as en-GB's `DateTimeFormat` with weekday long, day numeric, month
 * long, year numeric, UTC (a digest's heading).
 */
export function formatDayFull(isoDay: string): string {
  const d = new Date(`${isoDay}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return isoDay;
  return `${WEEKDAY_NAMES[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTH_NAMES[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** `2026-06-12` → `12 Jun 2026`, as en-GB's `DateTimeFormat` with day numeric, month short, year numeric, UTC. */
export function formatDayShort(isoDay: string): string {
  const d = new Date(`${isoDay}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return isoDay;
  return `${d.getUTCDate()} ${SHORT_MONTH_NAMES[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}
