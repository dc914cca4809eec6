import type { Config } from '../config';
import { slotFields } from '../core/reader-schedule';
import type { Ports } from '../ports';

export type BackfillSlotsDeps = Pick<Ports, 'subscribers' | 'clock' | 'log'> & {
  config: Pick<
    Config,
    'DEFAULT_TIME_ZONE' | 'DEFAULT_DELIVERY_HOUR' | 'WEEKLY_DIGEST_WEEKDAY' | 'PLANNER_SCAN_SEGMENTS'
  >;
};

/**
 * Files every active reader that has no slot yet (items written before delivery slots existed) under
 * their next delivery, with the configured defaults for a zone or hour they never chose: from then on
 * the planner's ticks find them. One parallel Scan; each write is conditional (still active, still no
 * slot), so running it again, or beside a tick or a preferences change, is harmless.
 */
export async function backfillSlots(deps: BackfillSlotsDeps): Promise<{ filed: number }> {
  const now = deps.clock.now();
  const total = deps.config.PLANNER_SCAN_SEGMENTS;
  let filed = 0;
  await Promise.all(
    Array.from({ length: total }, async (_, segment) => {
      for await (const readers of deps.subscribers.scanUnslotted(segment, total))
        for (const r of readers)
          if (await deps.subscribers.fileSlot(r.id, slotFields(r, deps.config, now))) filed++;
    }),
  );
  if (filed) deps.log.info('planner: readers without a slot filed under their next delivery', { filed });
  return { filed };
}
