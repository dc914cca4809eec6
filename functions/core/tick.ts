import type { DueReader } from '../ports';
import { type DeliverySchedule, localDayOfSlot, nextDelivery, slotKey } from './delivery-slot';
import { type EditionChoice, editionForDelivery } from './edition-day';
import { type ScheduleDefaults, scheduleOf } from './reader-schedule';

/**
 * What one planner tick does with one reader it found due (slot ≤ tick): plain rules, no I/O.
 * The delivery is for the slot the reader was filed under (a tick that did not run is caught up by the
 * next one with the same edition); its local day is the slot's, so a day is served at most once.
 */
export interface DueDelivery {
  schedule: DeliverySchedule;
  /** The slot the reader was due at (their `nextSlot`). */
  slot: string;
  /** The reader's local day this delivery is for. */
  localDay: string;
  edition: EditionChoice;
  /**
   * Why no digest goes out whatever the edition: `left` (no longer active, or suppressed: taken out of
   * the index), `served` (a digest was planned for that local day already: the reader moved their hour
   * after being served, so only the slot moves on).
   */
  skip?: 'left' | 'served';
}

export function dueDelivery(
  reader: DueReader,
  defaults: ScheduleDefaults & { EDITION_SETTLE_HOURS: number },
): DueDelivery {
  const schedule = scheduleOf(reader, defaults);
  const slot = reader.nextSlot as string;
  const localDay = localDayOfSlot(slot, schedule.timeZone);
  const edition = editionForDelivery(reader.frequency, new Date(slot), defaults.EDITION_SETTLE_HOURS);
  const skip =
    reader.status !== 'active' || reader.suppressed
      ? 'left'
      : reader.servedDay && reader.servedDay >= localDay
        ? 'served'
        : undefined;
  return { schedule, slot, localDay, edition, ...(skip ? { skip } : {}) };
}

/** The slot after serving (or passing) `localDay`: the next local delivery day strictly after the tick. */
export function slotAfter(due: Pick<DueDelivery, 'schedule' | 'localDay'>, tick: Date): string {
  return slotKey(nextDelivery(due.schedule, tick, { servedDay: due.localDay }).at.getTime());
}
