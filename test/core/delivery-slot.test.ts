import { rawTimeZones } from '@vvo/tzdb';
import {
  type DeliverySchedule,
  localDayOfSlot,
  nextDelivery,
  owedToday,
  SLOT_SHARDS,
  slotKey,
  slotShardOf,
  tickOf,
} from '../../functions/core/delivery-slot';
import { editionForDelivery, isListingDay, settledDay } from '../../functions/core/edition-day';
import {
  canonicalTimeZone,
  localDayOf,
  localTimeText,
  offsetMinutes,
  timeZoneOptions,
  zonedInstant,
} from '../../functions/core/time-zones';

const iso = (ms: number) => new Date(ms).toISOString();

describe('zonedInstant: the instant a zone shows a local hour', () => {
  test.each([
    // Europe/Berlin: CET +1, CEST +2; spring forward 2026-03-29 02:00→03:00, back 2026-10-25 03:00→02:00.
    ['Europe/Berlin', '2026-03-28', 7, '2026-03-28T06:00:00.000Z'],
    ['Europe/Berlin', '2026-03-29', 7, '2026-03-29T05:00:00.000Z'],
    ['Europe/Berlin', '2026-03-29', 2, '2026-03-29T01:00:00.000Z'], // 02:00 does not exist: the jump
    ['Europe/Berlin', '2026-10-25', 2, '2026-10-25T00:00:00.000Z'], // 02:00 twice: the first (CEST)
    ['Europe/Berlin', '2026-10-25', 7, '2026-10-25T06:00:00.000Z'],
    // America/New_York: EST -5, EDT -4; spring 2026-03-08 02:00→03:00, back 2026-11-01 02:00→01:00.
    ['America/New_York', '2026-03-07', 7, '2026-03-07T12:00:00.000Z'],
    ['America/New_York', '2026-03-08', 7, '2026-03-08T11:00:00.000Z'],
    ['America/New_York', '2026-03-08', 2, '2026-03-08T07:00:00.000Z'],
    ['America/New_York', '2026-11-01', 1, '2026-11-01T05:00:00.000Z'],
    ['America/New_York', '2026-11-01', 7, '2026-11-01T12:00:00.000Z'],
    ['Asia/Kolkata', '2026-03-29', 7, '2026-03-29T01:30:00.000Z'],
    ['Asia/Kathmandu', '2026-03-29', 7, '2026-03-29T01:15:00.000Z'],
    ['Asia/Kathmandu', '2026-03-29', 0, '2026-03-28T18:15:00.000Z'],
    // Pacific/Chatham: +13:45 in the southern summer, +12:45 in winter (back 2026-04-05 03:45→02:45).
    ['Pacific/Chatham', '2026-01-15', 7, '2026-01-14T17:15:00.000Z'],
    ['Pacific/Chatham', '2026-04-05', 7, '2026-04-04T18:15:00.000Z'],
    ['Pacific/Chatham', '2026-07-15', 7, '2026-07-14T18:15:00.000Z'],
    ['UTC', '2026-07-15', 7, '2026-07-15T07:00:00.000Z'],
  ])('%s %s %i:00 → %s', (zone, day, hour, expected) => {
    expect(iso(zonedInstant(day, hour, zone))).toBe(expected);
  });

  test('offsets, including the quarter-hour ones', () => {
    expect(offsetMinutes(Date.parse('2026-07-01T00:00:00Z'), 'Asia/Kathmandu')).toBe(345);
    expect(offsetMinutes(Date.parse('2026-07-01T00:00:00Z'), 'Asia/Kolkata')).toBe(330);
    expect(offsetMinutes(Date.parse('2026-01-01T00:00:00Z'), 'Pacific/Chatham')).toBe(825);
    expect(offsetMinutes(Date.parse('2026-07-01T00:00:00Z'), 'Pacific/Chatham')).toBe(765);
    expect(offsetMinutes(Date.parse('2026-07-01T00:00:00Z'), 'America/New_York')).toBe(-240);
  });

  test('local day and weekday of an instant', () => {
    expect(localDayOf(Date.parse('2026-12-01T22:00:00Z'), 'Asia/Tokyo')).toEqual({
      day: '2026-12-02',
      weekday: 3,
    });
    expect(localTimeText(Date.parse('2026-12-01T22:00:00Z'), 'Asia/Tokyo')).toBe('2026-12-02 07:00');
  });
});

describe('time zone names', () => {
  test.each([
    ['Europe/Berlin', 'Europe/Berlin'],
    ['europe/berlin', 'Europe/Berlin'],
    [' Asia/Kolkata ', 'Asia/Kolkata'],
    ['Asia/Calcutta', 'Asia/Calcutta'],
    ['utc', 'UTC'],
    ['America/Argentina/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
  ])('%p is known as %p', (input, canonical) => {
    expect(canonicalTimeZone(input)).toBe(canonical);
  });

  test.each(['Mars/Olympus', '+05:30', 'CET', 'Europe', '', 'Europe/Berlin; DROP', 'a'.repeat(300)])(
    '%p is refused',
    (input) => {
      expect(canonicalTimeZone(input)).toBeUndefined();
    },
  );

  test('every name in the list is one the runtime knows (canonicalTimeZone takes them without asking it)', () => {
    const names = ['UTC', ...rawTimeZones.flatMap((z) => [z.name, ...z.group])];
    const unknown = names.filter((zone) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: zone });
        return false;
      } catch {
        return true;
      }
    });
    expect(unknown).toEqual([]);
  });

  test('the picker lists current names, each one accepted', () => {
    const names = timeZoneOptions().map((o) => o.name);
    expect(names[0]).toBe('UTC');
    expect(names).toEqual(expect.arrayContaining(['Asia/Kolkata', 'Asia/Kathmandu', 'Pacific/Chatham']));
    for (const n of names) expect(canonicalTimeZone(n)).toBe(n);
  });
});

const daily = (timeZone: string, deliveryHour: number): DeliverySchedule => ({
  frequency: 'daily',
  timeZone,
  deliveryHour,
  weeklyDay: 1,
});

/**
 * Runs the planner's rule tick by tick (every 15 minutes) from `from` to `to`: a reader is due when their
 * slot is ≤ the tick, then moves to their next delivery. Returns the instants they were planned at.
 */
function simulate(schedule: DeliverySchedule, from: string, to: string, skipTicks = new Set<string>()) {
  const start = tickOf(new Date(from));
  let slot = nextDelivery(schedule, start).at.getTime();
  const planned: { tick: string; slot: string }[] = [];
  for (let t = start.getTime(); t <= Date.parse(to); t += 15 * 60_000) {
    if (skipTicks.has(iso(t))) continue;
    if (slot > t) continue;
    planned.push({ tick: iso(t), slot: iso(slot) });
    slot = nextDelivery(schedule, new Date(t), {
      servedDay: localDayOfSlot(slotKey(slot), schedule.timeZone),
    }).at.getTime();
  }
  return planned;
}

describe('the tick rule: once per local day at the local hour, across DST changes', () => {
  const zones = [
    'Europe/Berlin',
    'America/New_York',
    'Asia/Kolkata',
    'Asia/Kathmandu',
    'Pacific/Chatham',
    'Australia/Lord_Howe', // a 30-minute DST shift
    'UTC',
  ];
  // Windows around each zone's changes in 2026 (spring and autumn, both hemispheres).
  const windows = [
    ['2026-03-05T00:00:00Z', '2026-03-12T00:00:00Z'],
    ['2026-03-26T00:00:00Z', '2026-04-08T00:00:00Z'],
    ['2026-09-24T00:00:00Z', '2026-10-06T00:00:00Z'],
    ['2026-10-22T00:00:00Z', '2026-11-04T00:00:00Z'],
  ];
  for (const zone of zones)
    test(`${zone}: the hours around the change and later ones, every day of the change windows`, () => {
      for (const [from, to] of windows) {
        // Changes happen between 00:00 and 04:00 local; a few later hours check the rest of the day.
        for (const hour of [0, 1, 2, 3, 4, 7, 13, 23]) {
          const planned = simulate(daily(zone, hour), from as string, to as string);
          const days = planned.map((p) => localDayOf(Date.parse(p.slot), zone).day);
          // One per local day, no day missed, no day twice.
          expect(new Set(days).size).toBe(days.length);
          for (let i = 1; i < days.length; i++)
            expect(Date.parse(`${days[i]}T00:00:00Z`) - Date.parse(`${days[i - 1]}T00:00:00Z`)).toBe(
              86_400_000,
            );
          expect(days.length).toBeGreaterThanOrEqual(6);
          for (const p of planned) {
            // Planned by the tick its slot falls in, at the local hour (or the jump over a missing hour).
            expect(p.tick).toBe(p.slot);
            const local = localTimeText(Date.parse(p.slot), zone);
            const shown = Number(local.slice(11, 13));
            expect(shown === hour || shown === (hour + 1) % 24).toBe(true);
            if (shown !== hour) {
              // Only a time that does not exist moves, and it moves to the end of the gap.
              const day = localDayOf(Date.parse(p.slot), zone).day;
              expect(iso(zonedInstant(day, hour, zone))).toBe(p.slot);
            }
          }
        }
      }
    });

  test('Berlin and New York at 07:00 on their change days: the tick at local 07:00 and no other', () => {
    const cases = [
      ['Europe/Berlin', '2026-03-29', '2026-03-29T05:00:00.000Z'],
      ['Europe/Berlin', '2026-10-25', '2026-10-25T06:00:00.000Z'],
      ['America/New_York', '2026-03-08', '2026-03-08T11:00:00.000Z'],
      ['America/New_York', '2026-11-01', '2026-11-01T12:00:00.000Z'],
      ['Asia/Kolkata', '2026-03-29', '2026-03-29T01:30:00.000Z'],
    ] as const;
    for (const [zone, day, expected] of cases) {
      const planned = simulate(daily(zone, 7), `${day}T00:00:00Z`, `${day}T23:59:00Z`).filter(
        (p) => localDayOf(Date.parse(p.slot), zone).day === day,
      );
      expect(planned).toEqual([{ tick: expected, slot: expected }]);
    }
  });

  test('a tick that did not run is caught up by the next one, once', () => {
    const planned = simulate(
      daily('Asia/Kolkata', 7),
      '2026-06-01T00:00:00Z',
      '2026-06-02T00:00:00Z',
      new Set(['2026-06-01T01:30:00.000Z', '2026-06-01T01:45:00.000Z']),
    );
    expect(planned).toEqual([{ tick: '2026-06-01T02:00:00.000Z', slot: '2026-06-01T01:30:00.000Z' }]);
  });

  test('weekly readers: their weekday at their hour, once a week', () => {
    const planned = simulate(
      { frequency: 'weekly', timeZone: 'America/New_York', deliveryHour: 7, weeklyDay: 0 },
      '2026-10-20T00:00:00Z',
      '2026-11-12T00:00:00Z',
    );
    expect(planned.map((p) => p.slot)).toEqual([
      '2026-10-25T11:00:00.000Z',
      '2026-11-01T12:00:00.000Z', // the Sunday clocks go back: still 07:00 local
      '2026-11-08T12:00:00.000Z',
    ]);
  });
});

describe('changing the hour on the same day: one digest, not two or none', () => {
  const zone = 'Europe/Berlin';
  const at = (s: string) => new Date(s);

  test('served at 07:00, moved to 09:00 at 08:00: next is tomorrow 09:00', () => {
    const next = nextDelivery(daily(zone, 9), at('2026-06-10T06:00:00Z'), {
      servedDay: '2026-06-10',
      owedToday: false,
    });
    expect(next).toEqual({ at: at('2026-06-11T07:00:00Z'), localDay: '2026-06-11' });
  });

  test('due at 09:00, moved to 07:00 at 08:00: due at the next tick today', () => {
    const now = at('2026-06-10T06:05:00Z');
    const owed = owedToday('2026-06-10T07:00:00.000Z', zone, now);
    expect(owed).toBe(true);
    expect(nextDelivery(daily(zone, 7), now, { servedDay: '2026-06-09', owedToday: owed })).toEqual({
      at: at('2026-06-10T06:15:00Z'),
      localDay: '2026-06-10',
    });
  });

  test('due at 09:00, moved to 10:00 at 08:00: today at 10:00', () => {
    const now = at('2026-06-10T06:00:00Z');
    expect(nextDelivery(daily(zone, 10), now, { servedDay: '2026-06-09', owedToday: true }).at).toEqual(
      at('2026-06-10T08:00:00Z'),
    );
  });

  test('a new reader whose hour has passed starts tomorrow', () => {
    expect(nextDelivery(daily(zone, 7), at('2026-06-10T12:00:00Z')).at).toEqual(at('2026-06-11T05:00:00Z'));
  });

  test('a reader whose slot is tomorrow is not owed today', () => {
    expect(owedToday('2026-06-11T05:00:00.000Z', zone, at('2026-06-10T12:00:00Z'))).toBe(false);
    expect(owedToday(undefined, zone, at('2026-06-10T12:00:00Z'))).toBe(false);
  });
});

describe('which edition a delivery gets (EDITION_SETTLE_HOURS 6)', () => {
  test.each([
    // Tokyo 07:00 JST on 2 Dec is 1 Dec 22:00Z: 1 Dec has not closed, 30 Nov closed 22 h before.
    ['Asia/Tokyo', '2026-12-02', '2026-11-30'],
    // Berlin 07:00 CET is 06:00Z: 1 Dec closed exactly 6 h before.
    ['Europe/Berlin', '2026-12-02', '2026-12-01'],
    ['America/New_York', '2026-12-02', '2026-12-01'],
    // Summer: Berlin 07:00 CEST is 05:00Z, 5 h after the close: the day before.
    ['Europe/Berlin', '2026-07-02', '2026-06-30'],
  ])('%s at 07:00 on %s gets the Daily-Papers day %s', (zone, day, expected) => {
    const at = new Date(zonedInstant(day, 7, zone));
    expect(editionForDelivery('daily', at, 6)).toEqual({
      kind: 'daily',
      date: expected,
      editionId: `daily#${expected}`,
      lastDay: expected,
    });
  });

  test('weekly: the 7 days ending with the settled day, dated the day after', () => {
    expect(editionForDelivery('weekly', new Date('2026-12-07T06:00:00Z'), 6)).toEqual({
      kind: 'weekly',
      date: '2026-12-07',
      editionId: 'weekly#2026-12-07',
      lastDay: '2026-12-06',
    });
  });

  test('the settle boundary', () => {
    expect(settledDay(new Date('2026-12-02T05:59:59Z'), 6)).toBe('2026-11-30');
    expect(settledDay(new Date('2026-12-02T06:00:00Z'), 6)).toBe('2026-12-01');
    expect(settledDay(new Date('2026-12-02T00:00:00Z'), 0)).toBe('2026-12-01');
  });

  test('weekends list nothing', () => {
    expect(['2026-12-04', '2026-12-05', '2026-12-06', '2026-12-07'].map(isListingDay)).toEqual([
      true,
      false,
      false,
      true,
    ]);
  });
});

test('slot shards spread ids over every shard', () => {
  const counts = new Array(SLOT_SHARDS).fill(0);
  for (let i = 0; i < 16_000; i++) counts[slotShardOf(`reader-${i}`)]++;
  for (const c of counts) expect(c).toBeGreaterThan(800);
});
