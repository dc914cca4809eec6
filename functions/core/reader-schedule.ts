import type { Config } from '../config';
import type { Subscriber } from '../schemas/subscriber';
import { type DeliverySchedule, nextDelivery, owedToday, slotKey, slotShardOf } from './delivery-slot';

export type ScheduleDefaults = Pick<
  Config,
  'DEFAULT_TIME_ZONE' | 'DEFAULT_DELIVERY_HOUR' | 'WEEKLY_DIGEST_WEEKDAY'
>;

/**
 * A reader's delivery schedule, with the configured defaults for what the item does not say: items
 * written before zones and hours existed keep getting their digest (default on read, no migration of
 * the fields themselves).
 */
export function scheduleOf(
  s: Pick<Subscriber, 'frequency' | 'timeZone' | 'deliveryHour' | 'weeklyDay'>,
  defaults: ScheduleDefaults,
): DeliverySchedule {
  return {
    frequency: s.frequency,
    timeZone: s.timeZone ?? defaults.DEFAULT_TIME_ZONE,
    deliveryHour: s.deliveryHour ?? defaults.DEFAULT_DELIVERY_HOUR,
    weeklyDay: s.weeklyDay ?? defaults.WEEKLY_DIGEST_WEEKDAY,
  };
}

/**
 * The slot fields for an active reader after `now`: where the `bySlot` GSI files them. `previousSlot`
 * is the slot they had (a change of hour the same day keeps one digest that day, see `nextDelivery`).
 */
export function slotFields(
  s: Pick<Subscriber, 'id' | 'frequency' | 'timeZone' | 'deliveryHour' | 'weeklyDay' | 'servedDay'>,
  defaults: ScheduleDefaults,
  now: Date,
  previousSlot?: string,
): { nextSlot: string; slotShard: number } {
  const schedule = scheduleOf(s, defaults);
  const next = nextDelivery(schedule, now, {
    servedDay: s.servedDay,
    owedToday: owedToday(previousSlot, schedule.timeZone, now),
  });
  return { nextSlot: slotKey(next.at.getTime()), slotShard: slotShardOf(s.id) };
}
