import type { Paper } from '../schemas/paper';
import { editionDates } from './edition';
import { isListingDay } from './edition-day';
import { addDays } from './ingest-days';

/**
 * Whether an edition may go out (issue 11, "never a half-built edition"). A Daily-Papers day D is
 * settled when its UTC day has been over for `settleHours` AND the ingest has refreshed it after that
 * moment: some Hugging Face paper of D was written by a run at or after the settle instant (every run
 * stamps each paper it writes with `lastUpdatedAt`, so the latest stamp is the latest run of that day).
 * Before that, readers due that edition wait for the next tick; once `deadlineHours` past the settle
 * instant with no settled list, the edition is missed for everyone (a listing day) or there is simply
 * no list (Saturday, Sunday).
 */
export type Readiness =
  /** Settled: build (or reuse) the edition and send it. */
  | 'ready'
  /** Not settled yet, deadline not reached: the readers stay due and the next tick looks again. */
  | 'waiting'
  /** A listing day with no settled Hugging Face list by the deadline: nothing is sent; EditionMissed. */
  | 'missed'
  /** A day Hugging Face lists nothing (weekend) and nothing was listed: nothing to send, said in the log. */
  | 'no-list';

const HOUR_MS = 3_600_000;

export interface SettleRules {
  settleHours: number;
  deadlineHours: number;
}

/** The instant day D counts as closed and settled: D+1 00:00Z + settleHours. */
export const settleInstant = (day: string, settleHours: number): number =>
  Date.parse(`${addDays(day, 1)}T00:00:00Z`) + settleHours * HOUR_MS;

/** The latest ingest run that wrote a Hugging Face paper of the day (epoch ms), if any. */
export function latestHfRun(papers: readonly Paper[]): number | undefined {
  let latest: number | undefined;
  for (const p of papers) {
    if (!p.sources.includes('huggingface')) continue;
    const t = Date.parse(p.lastUpdatedAt);
    if (!Number.isNaN(t) && (latest === undefined || t > latest)) latest = t;
  }
  return latest;
}

/** One Daily-Papers day, from its stored papers, as seen at `now`. */
export function dayReadiness(
  day: string,
  papers: readonly Paper[],
  now: Date,
  rules: SettleRules,
): Readiness {
  const settleAt = settleInstant(day, rules.settleHours);
  const run = latestHfRun(papers);
  if (now.getTime() >= settleAt && run !== undefined && run >= settleAt) return 'ready';
  if (!isListingDay(day) && run === undefined) return 'no-list';
  if (now.getTime() < settleAt + rules.deadlineHours * HOUR_MS) return 'waiting';
  return isListingDay(day) ? 'missed' : 'no-list';
}

/**
 * An edition's readiness. Daily: its day's. Weekly: the newest listing day of its 7 days decides (the
 * older ones settled long before); a week with no listing day at all has no list.
 */
export function editionReadiness(
  kind: 'daily' | 'weekly',
  date: string,
  papersOf: (day: string) => readonly Paper[],
  now: Date,
  rules: SettleRules,
): Readiness {
  if (kind === 'daily') return dayReadiness(date, papersOf(date), now, rules);
  const days = editionDates('weekly', date);
  const newest = [...days].reverse().find((d) => isListingDay(d) || papersOf(d).length > 0);
  if (!newest) return 'no-list';
  return dayReadiness(newest, papersOf(newest), now, rules);
}
