import type { EventBridgeEvent } from 'aws-lambda';
import { z } from 'zod';
import { scanActiveReaders } from '../adapters/reader-scan';
import { addDays, isIsoDay, utcDay } from '../core/ingest-days';
import { type Deps, getDeps } from '../deps';
import { type PlanEditionDeps, type PlanSummary, planEdition } from '../use-cases/plan-edition';

/**
 * A manual run names the Daily-Papers day (`{"date":"2026-07-31"}`). The schedule's event carries its time:
 * it plans the previous UTC day, whose list filled up during that day and which the ingest has just
 * refreshed (at 06:30 UTC the current day's list is still nearly empty).
 */
const eventSchema = z.union([
  z.object({ date: z.string().refine(isIsoDay, 'expected a day as YYYY-MM-DD') }),
  z.object({ time: z.iso.datetime() }),
]);

export function plannerDeps(deps: Deps, log: (line: string) => void = console.log): PlanEditionDeps {
  return {
    config: deps.config,
    papersOfDay: (date) => deps.papers.papersOfDay(date),
    getEdition: (id) => deps.editionStore.getEdition(id),
    putEdition: (e) => deps.editionStore.putEdition(e),
    scanReaders: (segment, total) => scanActiveReaders(deps.aws.doc, deps.config, segment, total),
    enqueue: (pages) => deps.sendQueue.enqueue(pages),
    now: () => new Date(),
    log,
  };
}

/** EventBridge schedule (cron DIGEST_SCHEDULE, after the ingest) → the day's edition and its fan-out. */
export async function handler(
  event: Pick<EventBridgeEvent<string, unknown>, 'time'> | { date: string },
): Promise<PlanSummary> {
  const parsed = eventSchema.parse(event);
  const date = 'date' in parsed ? parsed.date : addDays(utcDay(new Date(parsed.time)), -1);
  return planEdition(plannerDeps(getDeps()), date);
}
