import { Cron } from 'croner';

/**
 * Converts the standard 5-field cron of config (`INGEST_SCHEDULE`, `DIGEST_SCHEDULE`, UTC) into
 * EventBridge's 6-field form, so the local stack (croner) and AWS fire on the same string.
 * EventBridge differs in four ways: a year field, `?` in one of day-of-month/day-of-week,
 * day-of-week numbered 1 (Sunday) … 7 instead of 0 (Sunday) … 6, and steps written `start/step`
 * (its documentation shows `0/15` and `1/10`, never a star before the slash; no step at all in day-of-week).
 */
export class CronConversionError extends Error {}

const FIELD = /^[0-9A-Za-z*,/-]+$/;

/** A star step (every N from the field's first value) in EventBridge's documented `first/N` form. */
const steps = (field: string, first: number) => field.replace(/(^|,)\*\//g, `$1${first}/`);

export function toEventBridgeCron(expression: string): string {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    throw new CronConversionError(`"${expression}": expected 5 cron fields (minute hour day month weekday)`);
  }
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields as [string, string, string, string, string];
  for (const f of fields) {
    if (!FIELD.test(f)) throw new CronConversionError(`"${expression}": unsupported characters in "${f}"`);
  }
  try {
    // croner parses the same 5-field grammar the local stack runs: an invalid value fails here.
    new Cron(expression, { paused: true, timezone: 'UTC' });
  } catch (err) {
    throw new CronConversionError(`"${expression}": ${(err as Error).message}`);
  }
  const anyDay = (f: string) => f === '*' || f === '?';
  if (!anyDay(dayOfMonth) && !anyDay(dayOfWeek)) {
    throw new CronConversionError(
      `"${expression}": EventBridge cannot restrict both day-of-month and day-of-week; use one of them`,
    );
  }
  if (dayOfWeek.includes('/')) {
    throw new CronConversionError(`"${expression}": EventBridge has no steps in day-of-week; list the days`);
  }
  const dom = anyDay(dayOfWeek) ? (dayOfMonth === '?' ? '*' : dayOfMonth) : '?';
  const dow = anyDay(dayOfWeek) ? '?' : eventBridgeWeekdays(dayOfWeek, expression);
  return `cron(${steps(minute, 0)} ${steps(hour, 0)} ${steps(dom, 1)} ${steps(month, 1)} ${dow} *)`;
}

/** Cron numbers weekdays 0–7 (0 and 7 are Sunday); EventBridge 1–7 (1 is Sunday). Names pass unchanged. */
function eventBridgeWeekdays(field: string, expression: string): string {
  return field
    .split(',')
    .map((part) => {
      const [range, step] = part.split('/') as [string, string | undefined];
      const mapped = range
        .split('-')
        .map((v) => (/^\d+$/.test(v) ? String((Number(v) % 7) + 1) : v))
        .join('-');
      const [from, to] = mapped.split('-');
      if (to !== undefined && /^\d+$/.test(from ?? '') && /^\d+$/.test(to) && Number(to) < Number(from)) {
        // e.g. "5-7" (Friday–Sunday) would become "6-1": spell such a range as a list instead.
        throw new CronConversionError(
          `"${expression}": write the weekday range "${range}" without 7 (e.g. 5-6,0)`,
        );
      }
      return step === undefined ? mapped : `${mapped}/${step}`;
    })
    .join(',');
}
