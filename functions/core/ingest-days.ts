/** Calendar arithmetic on `YYYY-MM-DD` strings, in UTC (the Daily-Papers day is a UTC date). */

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/** `day` first, then the `previous` days before it: [day, day-1, …]. */
export function daysToIngest(day: string, previous: number): string[] {
  return Array.from({ length: previous + 1 }, (_, i) => addDays(day, -i));
}

/** Every day from `from` to `to`, both included, in order. */
export function dayRange(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return days;
}
