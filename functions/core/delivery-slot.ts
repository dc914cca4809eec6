import { addDays } from './ingest-days';
import { localDayOf, zonedInstant } from './time-zones';

/**
 * When a reader's digest is due. Each reader item carries its next delivery instant (`nextSlot`, an ISO
 * instant on a quarter hour); a planner tick at T takes every reader whose slot is ≤ T and moves the slot
 * on to the next local delivery day. The next slot is computed from the local calendar each time, so
 * daylight-saving changes never shift a reader's local hour.
 */

export const TICK_MINUTES = 15;
const TICK_MS = TICK_MINUTES * 60_000;

/** What decides when a reader is mailed. */
export interface DeliverySchedule {
  frequency: 'daily' | 'weekly';
  timeZone: string;
  /** 0–23, local time. */
  deliveryHour: number;
  /** 0 = Sunday … 6 = Saturday; weekly readers only. */
  weeklyDay: number;
}

/** The tick an instant belongs to: its quarter hour, floored (EventBridge fires a few seconds late). */
export const tickOf = (at: Date): Date => new Date(Math.floor(at.getTime() / TICK_MS) * TICK_MS);
const ceilToTick = (ms: number): number => Math.ceil(ms / TICK_MS) * TICK_MS;

/** The GSI sort key: an ISO instant, so string order is time order. */
export const slotKey = (ms: number): string => new Date(ms).toISOString();

export interface NextDelivery {
  /** When the reader is due (a quarter-hour instant). */
  at: Date;
  /** The reader's local day that delivery is for. */
  localDay: string;
}

/**
 * The reader's next delivery strictly after `now`.
 * - `servedDay`: the local day already planned for this reader; no day up to it is planned again, so a
 *   reader who moves their hour later on a day they were served gets nothing more that day.
 * - `owedToday`: the reader was still due today (their previous slot fell today or earlier, not yet
 *   planned). If the new hour has already passed today, they are due at the next tick rather than
 *   skipped: one digest a day, never none.
 */
export function nextDelivery(
  schedule: DeliverySchedule,
  now: Date,
  opts: { servedDay?: string; owedToday?: boolean } = {},
): NextDelivery {
  const zone = schedule.timeZone;
  const today = localDayOf(now.getTime(), zone).day;
  // Eight days always hold one matching weekday after a served one.
  for (let i = 0; i <= 8; i++) {
    const day = addDays(today, i);
    if (opts.servedDay && day <= opts.servedDay) continue;
    if (schedule.frequency === 'weekly' && weekdayOf(day) !== schedule.weeklyDay) continue;
    const at = zonedInstant(day, schedule.deliveryHour, zone);
    if (at > now.getTime()) return { at: new Date(ceilToTick(at)), localDay: day };
    if (i === 0 && opts.owedToday) return { at: new Date(ceilToTick(now.getTime())), localDay: day };
  }
  throw new Error(`no delivery day found for ${JSON.stringify(schedule)}`);
}

const weekdayOf = (day: string): number => new Date(`${day}T00:00:00Z`).getUTCDay();

/**
 * Whether a reader whose slot is `slot` is still owed a digest on the local day of `now`: their slot
 * is today or already past (not yet planned).
 */
export function owedToday(slot: string | undefined, timeZone: string, now: Date): boolean {
  if (!slot) return false;
  const ms = Date.parse(slot);
  if (Number.isNaN(ms)) return false;
  return ms <= now.getTime() || localDayOf(ms, timeZone).day <= localDayOf(now.getTime(), timeZone).day;
}

/** The local day a planned slot serves. */
export const localDayOfSlot = (slot: string, timeZone: string): string =>
  localDayOf(Date.parse(slot), timeZone).day;

/**
 * Readers are spread over this many GSI partitions (`slotShard`) so no single partition takes every
 * tick's writes; a tick queries each shard for `nextSlot <= T`. Fixed: changing it would hide readers
 * stored under a shard that is no longer queried.
 */
export const SLOT_SHARDS = 16;

/** FNV-1a of the id, modulo SLOT_SHARDS. */
export function slotShardOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % SLOT_SHARDS;
}
