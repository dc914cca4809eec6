import type { EventBridgeEvent } from 'aws-lambda';
import * as z from 'zod';
import { onLambda } from '../roots/lambda';
import { daySchema } from '../schemas/day';
import { type BackfillSlotsDeps, backfillSlots } from '../use-cases/backfill-slots';
import { type PlanEditionDeps, type PlanSummary, planEdition } from '../use-cases/plan-edition';
import { type PlanTickDeps, planTick, type TickSummary } from '../use-cases/plan-tick';

/**
 * - the schedule's event (every 15 minutes, DIGEST_SCHEDULE) carries its time: one tick;
 * - `{"date":"2026-07-31"}` (an operator): that Daily-Papers day's edition to every reader, as a whole day;
 * - `{"backfill":true}` (once after upgrading): readers stored before delivery slots get their slot.
 */
const eventSchema = z.union([
  z.object({ date: daySchema }),
  z.object({ backfill: z.literal(true) }),
  z.object({ time: z.iso.datetime() }),
]);

/** One entry point, three events; each answers with its own summary. */
export interface PlannerHandler {
  (event: { date: string }): Promise<PlanSummary>;
  (event: { backfill: true }): Promise<{ filed: number }>;
  (event: Pick<EventBridgeEvent<string, unknown>, 'time'>): Promise<TickSummary>;
}

export function createPlannerHandler(
  deps: PlanEditionDeps & PlanTickDeps & BackfillSlotsDeps,
): PlannerHandler {
  return (async (event: unknown): Promise<PlanSummary | TickSummary | { filed: number }> => {
    const parsed = eventSchema.parse(event);
    if ('backfill' in parsed) return backfillSlots(deps);
    if ('time' in parsed) return planTick(deps, new Date(parsed.time));
    const summary = await planEdition(deps, parsed.date);
    // Readers planned for: every active, unsuppressed reader due that day (a gauge of the list's size).
    deps.metrics.count({ ActiveSubscribers: summary.readers });
    return summary;
  }) as PlannerHandler;
}

export const handler = onLambda(createPlannerHandler);
