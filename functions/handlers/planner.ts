import type { EventBridgeEvent } from 'aws-lambda';
import { z } from 'zod';
import { emitMetrics } from '../adapters/metrics';
import { scanActiveReaders } from '../adapters/reader-scan';
import { scheduledEditionDate } from '../core/edition';
import { type Deps, getDeps } from '../deps';
import { daySchema } from '../schemas/day';
import { type PlanEditionDeps, type PlanSummary, planEdition } from '../use-cases/plan-edition';

/** A manual run names the Daily-Papers day (`{"date":"2026-07-31"}`); the schedule's event carries its time. */
const eventSchema = z.union([z.object({ date: daySchema }), z.object({ time: z.iso.datetime() })]);

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
  const date = 'date' in parsed ? parsed.date : scheduledEditionDate(new Date(parsed.time));
  const summary = await planEdition(plannerDeps(getDeps()), date);
  // Readers planned for: every active, unsuppressed reader due today (a gauge of the list's size).
  emitMetrics({ ActiveSubscribers: summary.readers });
  return summary;
}
