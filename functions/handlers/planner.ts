import type { EventBridgeEvent } from 'aws-lambda';
import { z } from 'zod';
import { scheduledEditionDate } from '../core/edition';
import type { Ports } from '../ports';
import { onLambda } from '../roots/lambda';
import { daySchema } from '../schemas/day';
import { type PlanEditionDeps, type PlanSummary, planEdition } from '../use-cases/plan-edition';

/** A manual run names the Daily-Papers day (`{"date":"2026-07-31"}`); the schedule's event carries its time. */
const eventSchema = z.union([z.object({ date: daySchema }), z.object({ time: z.iso.datetime() })]);

/** EventBridge schedule (cron DIGEST_SCHEDULE, after the ingest) → the day's edition and its fan-out. */
export function createPlannerHandler(deps: PlanEditionDeps & Pick<Ports, 'metrics'>) {
  return async (
    event: Pick<EventBridgeEvent<string, unknown>, 'time'> | { date: string },
  ): Promise<PlanSummary> => {
    const parsed = eventSchema.parse(event);
    const date = 'date' in parsed ? parsed.date : scheduledEditionDate(new Date(parsed.time));
    const summary = await planEdition(deps, date);
    // Readers planned for: every active, unsuppressed reader due today (a gauge of the list's size).
    deps.metrics.count({ ActiveSubscribers: summary.readers });
    return summary;
  };
}

export const handler = onLambda(createPlannerHandler);
