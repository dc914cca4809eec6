import { rawTimeZones } from '@vvo/tzdb';

/**
 * Wall-clock arithmetic in IANA time zones, on the runtime's own tz database (Node's full ICU, the
 * same on Lambda): no Temporal, no bundled rules that go stale. @vvo/tzdb only supplies the list of
 * current zone names and cities for the pickers (Node 20's ICU still calls Asia/Kolkata "Asia/Calcutta").
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's wall-clock time at `instantMs`, as epoch ms of the same fields read as UTC. */
function wallClockMs(instantMs: number, zone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(instantMs))
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
}

/** The zone's UTC offset at that instant, in minutes (Asia/Kathmandu: 345). */
export function offsetMinutes(instantMs: number, zone: string): number {
  const floored = Math.floor(instantMs / 1000) * 1000;
  return Math.round((wallClockMs(floored, zone) - floored) / MINUTE_MS);
}

/** The local calendar day (YYYY-MM-DD) and weekday (0 = Sunday) at an instant. */
export function localDayOf(instantMs: number, zone: string): { day: string; weekday: number } {
  const wall = new Date(wallClockMs(instantMs, zone));
  return { day: wall.toISOString().slice(0, 10), weekday: wall.getUTCDay() };
}

/** The local wall time at an instant as `YYYY-MM-DD HH:MM` (for logs, pages and dry runs). */
export function localTimeText(instantMs: number, zone: string): string {
  return new Date(wallClockMs(instantMs, zone)).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * The instant at which the zone's clocks show `day` at `hour`:00.
 * - A time that occurs twice (autumn: clocks go back) is its first occurrence.
 * - A time that does not exist (spring: clocks jump forward) is the moment of the jump, when the clocks
 *   show the first minute after the gap (Europe/Berlin 02:00 on the last Sunday of March → 03:00 CEST).
 */
export function zonedInstant(day: string, hour: number, zone: string): number {
  const wall = Date.parse(`${day}T00:00:00Z`) + hour * 3_600_000;
  // The offsets a day either side cover any transition near this wall time (transitions are months apart).
  const before = offsetMinutes(wall - DAY_MS, zone);
  const after = offsetMinutes(wall + DAY_MS, zone);
  const candidates = [...new Set([before, after])]
    .map((o) => wall - o * MINUTE_MS)
    .filter((t) => wallClockMs(t, zone) === wall)
    .sort((a, b) => a - b);
  // In a gap, the offset before the jump maps the missing time onto the jump itself.
  return candidates[0] ?? wall - before * MINUTE_MS;
}

/** Current IANA names for the pickers, with a readable label; `UTC` first. */
export interface ZoneOption {
  name: string;
  label: string;
}

let options: ZoneOption[] | undefined;
let byLowerName: Map<string, string> | undefined;

export function timeZoneOptions(): ZoneOption[] {
  options ??= [
    { name: 'UTC', label: 'UTC' },
    ...rawTimeZones
      .map((z) => ({
        name: z.name,
        label: `${z.name.replaceAll('_', ' ')} (${[z.alternativeName, ...z.mainCities.slice(0, 2)].join(', ')})`,
      }))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
  ];
  return options;
}

const ZONE_NAME = /^(?:UTC|[A-Za-z]+(?:\/[A-Za-z0-9_+-]+){1,2})$/i;

/**
 * The zone's canonical spelling when the runtime knows it (`europe/berlin` → `Europe/Berlin`, old names
 * such as `Asia/Calcutta` kept as given), else undefined. Offsets (`+05:30`) and abbreviations (`CET`)
 * are refused: only IANA region names, and `UTC`.
 */
export function canonicalTimeZone(input: string): string | undefined {
  const name = input.trim();
  if (!ZONE_NAME.test(name)) return undefined;
  if (!byLowerName) {
    byLowerName = new Map([['utc', 'UTC']]);
    for (const z of rawTimeZones) for (const n of [z.name, ...z.group]) byLowerName.set(n.toLowerCase(), n);
  }
  const known = byLowerName.get(name.toLowerCase());
  // A name from the list is one the runtime's ICU knows (test/core/delivery-slot.test.ts checks every
  // one): no formatter is built for it, because the first one costs ~20 ms of ICU start-up, which a
  // cold start's config (DEFAULT_TIME_ZONE) would otherwise pay. Other names are asked of the runtime.
  if (known) return known;
  try {
    formatter(name);
  } catch {
    return undefined;
  }
  return name;
}
