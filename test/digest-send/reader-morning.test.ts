import { TICK_MINUTES } from '../../functions/core/delivery-slot';
import { slotFields } from '../../functions/core/reader-schedule';
import { subscriberIdFor } from '../../functions/core/subscriber-id';
import type { Paper } from '../../functions/schemas/paper';
import type { Subscriber } from '../../functions/schemas/subscriber';
import { type PlanTickDeps, planTick, type TickLine } from '../../functions/use-cases/plan-tick';
import type { TestRoot } from '../support/app';
import { type DigestApp, startDigestApp } from '../support/digest-app';
import { emailsTo, uniqueEmail } from '../support/inbox';
import { keptMetrics } from '../support/metrics';
import { makePaper, putPapers, putSubscriber } from '../support/seed';

/**
 * Journey: three readers at 07:00 in Asia/Kolkata, Europe/Berlin and America/New_York, through every
 * 15-minute tick of two days (the planner's tick use-case, as its handler runs it) → the send queue → the sender
 * handler → the SES emulator's inbox. Once across New York's spring change (2027-03-14) and once across
 * Berlin's (2027-03-28).
 */
let app: DigestApp;
let deps: TestRoot;
let tickDeps: PlanTickDeps;
const metricLines: string[] = [];
/** Every line the ticks wrote, per reader id: which tick, which edition, what happened. */
const seen = new Map<string, { tick: string; line: TickLine }[]>();

beforeAll(async () => {
  app = await startDigestApp({ DIGEST_TOP_N: '2' });
  deps = app.deps;
  tickDeps = { ...deps, metrics: keptMetrics(metricLines) };
});
afterAll(() => app.stop());

/** The three readers, confirmed at `now` (filed under their slot as confirm files them). */
async function readers(now: string) {
  const make = async (timeZone: string): Promise<Subscriber> => {
    const email = uniqueEmail(timeZone.split('/')[1]?.toLowerCase());
    const s = { id: subscriberIdFor(email), frequency: 'daily' as const, timeZone, deliveryHour: 7 };
    return putSubscriber(deps, email, { ...s, ...slotFields(s, deps.config, new Date(now)) });
  };
  return {
    kolkata: await make('Asia/Kolkata'),
    berlin: await make('Europe/Berlin'),
    york: await make('America/New_York'),
  };
}

/** A day's list as the ingest's run after its settle time leaves it. */
const list = (day: string, papers: Paper[]) =>
  putPapers(
    deps,
    papers.map((p) => ({ ...p, dailyDate: day, lastUpdatedAt: `${nextDay(day)}T06:00:05.000Z` })),
  );
const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Runs every tick from `from` (inclusive) to `to` (exclusive), draining the queue after a tick that queued. */
async function runTicks(from: string, to: string, before?: (tick: string) => Promise<void>) {
  for (let t = Date.parse(from); t < Date.parse(to); t += TICK_MINUTES * 60_000) {
    const tick = new Date(t).toISOString();
    await before?.(tick);
    const lines: TickLine[] = [];
    // The use-case the planner handler runs for the schedule's event, with its lines kept for the test.
    const summary = await planTick(tickDeps, new Date(tick), { onLine: (l) => lines.push(l) });
    for (const line of lines)
      seen.set(line.subscriberId, [...(seen.get(line.subscriberId) ?? []), { tick, line }]);
    if (summary.pages) await app.drain();
  }
}

/**
 * Every line the ticks wrote for each reader, in tick order, one string a line: the tick (UTC, to the
 * minute), the reader's local time (`HH:MM` when on the tick's UTC date, else in full), the outcome, the
 * edition (its day, for a daily one).
 */
const timetable = (readers: Record<string, Subscriber>) =>
  Object.fromEntries(
    Object.entries(readers).map(([name, s]) => [
      name,
      (seen.get(s.id) ?? []).map(({ tick, line }) => {
        const local = line.localTime.startsWith(tick.slice(0, 10))
          ? line.localTime.slice(11)
          : line.localTime;
        return `${tick.slice(0, 16)}Z ${local} ${line.outcome} ${line.editionId.replace(/^daily#/, '')}`;
      }),
    ]),
  );
const paperIdsIn = (text: string | undefined) => [
  ...new Set([...(text ?? '').matchAll(/huggingface\.co\/papers\/(\d{4}\.\d{4,5})/g)].map((m) => m[1])),
];

describe("New York's spring change (Sunday 2027-03-14): a list listed again, a v2, a day with no papers", () => {
  let r: Awaited<ReturnType<typeof readers>>;
  const top = makePaper('2027-03-12', { title: 'Top of Friday', upvotes: 90 });
  const second = makePaper('2027-03-12', { title: 'Second of Friday', upvotes: 80 });
  const third = makePaper('2027-03-12', { title: 'Third of Friday', upvotes: 10 });
  const fresh1 = makePaper('2027-03-13', { title: 'New on Saturday', upvotes: 50 });
  const fresh2 = makePaper('2027-03-13', { title: 'Also new on Saturday', upvotes: 40 });

  beforeAll(async () => {
    r = await readers('2027-03-12T12:00:00Z');
    // Thursday 2027-03-11: Hugging Face returned nothing. Friday's list is there.
    await list('2027-03-12', [top, second, third]);
    metricLines.length = 0;
    await runTicks('2027-03-13T00:00:00Z', '2027-03-15T00:00:00Z', async (tick) => {
      // Saturday's list, ingested on Sunday: Friday's top paper listed again, the second back as its v2
      // (stored under the bare id, as the ingest normalises it), and two new papers.
      if (tick === '2027-03-14T06:00:00.000Z')
        await list('2027-03-13', [{ ...top, upvotes: 200 }, { ...second, upvotes: 150 }, fresh1, fresh2]);
    });
  }, 600_000);

  test('each reader is planned by the tick at their local 07:00 and by no other tick, DST change included', () => {
    // 07:00 EST is 12:00 UTC; on the change day 07:00 EDT is 11:00 UTC.
    expect(timetable(r)).toEqual({
      kolkata: ['2027-03-13T01:30Z 07:00 missed 2027-03-11', '2027-03-14T01:30Z 07:00 queued 2027-03-12'],
      berlin: ['2027-03-13T06:00Z 07:00 queued 2027-03-12', '2027-03-14T06:00Z 07:00 queued 2027-03-13'],
      york: ['2027-03-13T12:00Z 07:00 queued 2027-03-12', '2027-03-14T11:00Z 07:00 queued 2027-03-13'],
    });
  });

  test('a paper listed again on a later day and a v2 of a paper sent are not sent again; the next ones fill in', async () => {
    for (const s of [r.berlin, r.york]) {
      const mails = await emailsTo(s.email);
      expect(mails).toHaveLength(2);
      const ids = mails.map((m) => paperIdsIn(m.body.text));
      expect(ids).toContainEqual([top.arxivId, second.arxivId]);
      expect(ids).toContainEqual([fresh1.arxivId, fresh2.arxivId]);
    }
  });

  test('a weekday with no papers sends nothing to anyone and raises EditionMissed', async () => {
    expect(await emailsTo(r.kolkata.email)).toHaveLength(1);
    expect(await deps.editions.getEdition('daily#2027-03-11')).toBeUndefined();
    expect(metricLines.map((l) => JSON.parse(l).EditionMissed)).toEqual([1]);
  });
});

describe("Berlin's spring change (Sunday 2027-03-28) and a weekend with no list", () => {
  let r: Awaited<ReturnType<typeof readers>>;

  beforeAll(async () => {
    r = await readers('2027-03-26T12:00:00Z');
    await list('2027-03-25', [makePaper('2027-03-25', { title: 'Thursday paper', upvotes: 5 })]);
    await list('2027-03-26', [makePaper('2027-03-26', { title: 'Friday paper', upvotes: 5 })]);
    // Saturday 2027-03-27: Hugging Face lists nothing.
    await runTicks('2027-03-27T00:00:00Z', '2027-03-29T00:00:00Z');
  }, 600_000);

  test('each reader is planned by the tick at their local 07:00 and by no other tick', () => {
    // 07:00 CET is 06:00 UTC; on the change day 07:00 CEST is 05:00 UTC, before Saturday's settle time:
    // the latest settled day is still Friday, whose digest the reader has (the ledger sends it once).
    expect(timetable(r)).toEqual({
      kolkata: ['2027-03-27T01:30Z 07:00 queued 2027-03-25', '2027-03-28T01:30Z 07:00 queued 2027-03-26'],
      berlin: ['2027-03-27T06:00Z 07:00 queued 2027-03-26', '2027-03-28T05:00Z 07:00 queued 2027-03-26'],
      york: ['2027-03-27T11:00Z 07:00 queued 2027-03-26', '2027-03-28T11:00Z 07:00 no-list 2027-03-27'],
    });
  });

  test('one email per edition, never two in a day; the weekend sends nothing and says so', async () => {
    expect(await emailsTo(r.kolkata.email)).toHaveLength(2);
    expect(await emailsTo(r.berlin.email)).toHaveLength(1);
    expect(await emailsTo(r.york.email)).toHaveLength(1);
    expect(deps.logLines.some((l) => l.includes('weekend') && l.includes('daily#2027-03-27'))).toBe(true);
  });
});
