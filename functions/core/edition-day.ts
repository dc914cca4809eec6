import { editionIdFor } from '../schemas/edition';
import { addDays, utcDay } from './ingest-days';

/**
 * Which edition a delivery gets. A Daily-Papers day (a UTC date) closes when its UTC day ends; a reader
 * due at instant t gets the latest day that closed at least `settleHours` before t, so the list has
 * stopped filling and the ingest has refreshed it. A weekly reader gets the 7 days ending with that day
 * (the edition is dated by the day after it, as the weekly edition always was: `weekly#<day after>`).
 */
export interface EditionChoice {
  kind: 'daily' | 'weekly';
  /** The edition's date: the Daily-Papers day (daily) or the day after the week it covers (weekly). */
  date: string;
  editionId: string;
  /** The latest Daily-Papers day it covers. */
  lastDay: string;
}

const HOUR_MS = 3_600_000;

/** The latest Daily-Papers day closed at least `settleHours` before `at`. */
export function settledDay(at: Date, settleHours: number): string {
  // Day D closes at D+1 00:00Z; it is settled once D+1 00:00Z + settle ≤ at.
  return addDays(utcDay(new Date(at.getTime() - settleHours * HOUR_MS)), -1);
}

export function editionForDelivery(
  kind: 'daily' | 'weekly',
  deliveryAt: Date,
  settleHours: number,
): EditionChoice {
  const lastDay = settledDay(deliveryAt, settleHours);
  const date = kind === 'daily' ? lastDay : addDays(lastDay, 1);
  return { kind, date, editionId: editionIdFor(kind, date), lastDay };
}

/** Hugging Face lists papers on weekdays (UTC); Saturday and Sunday lists are empty. */
export function isListingDay(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}
