import { slotFields } from '../../functions/core/reader-schedule';
import { subscriberIdFor } from '../../functions/core/subscriber-id';
import { issueToken } from '../../functions/core/tokens';
import type { Subscriber } from '../../functions/schemas/subscriber';
import { backfillSlots } from '../../functions/use-cases/backfill-slots';
import { type PlanTickDeps, planTick, type TickLine } from '../../functions/use-cases/plan-tick';
import { updatePreferences } from '../../functions/use-cases/preferences';
import { startTestApp, type TestRoot } from '../support/app';
import { uniqueEmail } from '../support/inbox';
import { keptMetrics } from '../support/metrics';
import { makePaper, putPapers, putSubscriber, testQueueUrl } from '../support/seed';

/**
 * The planner tick against DynamoDB Local and the SQS emulator: who is due in a tick (the bySlot GSI),
 * which edition, what happens to their slot. Each test uses its own week of 2027 so editions and
 * readers do not meet.
 */
let app: Awaited<ReturnType<typeof startTestApp>>;
let deps: TestRoot;
let metricLines: string[];
let tickDeps: PlanTickDeps;

beforeAll(async () => {
  app = await startTestApp({ SEND_QUEUE_URL: testQueueUrl() });
  deps = app.deps;
  metricLines = [];
  tickDeps = { ...deps, metrics: keptMetrics(metricLines) };
});
afterAll(() => app.stop());

// A reader left with a past slot is caught up by any later tick (as it should be): each test takes its
// readers out of the index when it ends, so the next test's ticks see only their own.
const made: string[] = [];
afterEach(async () => {
  for (const id of made.splice(0)) {
    const s = await deps.subscribers.get(id);
    if (s?.nextSlot) await deps.subscribers.unslot(id, s.nextSlot);
  }
});

const at = (iso: string) => new Date(iso);
/** What a tick wrote for a reader it read: one line, with this outcome and these fields. */
const oneLine = (outcome: TickLine['outcome'], fields: Partial<TickLine> = {}) => [
  expect.objectContaining({ outcome, ...fields }),
];

/** A confirmed reader filed under their slot as of `now`, as confirm leaves them. */
async function reader(now: string, over: Partial<Subscriber> = {}): Promise<Subscriber> {
  const email = uniqueEmail(over.timeZone?.replace('/', '-') ?? 'reader');
  const base = { id: subscriberIdFor(email), frequency: 'daily' as const, ...over };
  made.push(base.id);
  return putSubscriber(deps, email, { ...over, ...slotFields(base, deps.config, at(now)) });
}

/** A day's papers as the ingest leaves them, its latest run at `ranAt`. */
const ingested = (day: string, ranAt: string, n = 2) =>
  putPapers(
    deps,
    Array.from({ length: n }, (_, i) => makePaper(day, { upvotes: 10 - i, lastUpdatedAt: ranAt })),
  );

async function tick(iso: string, opts: { dryRun?: boolean } = {}) {
  const lines: TickLine[] = [];
  const summary = await planTick(tickDeps, at(iso), { ...opts, onLine: (l) => lines.push(l) });
  return { summary, lines, of: (s: Subscriber) => lines.filter((l) => l.subscriberId === s.id) };
}

test('a tick queues exactly the readers whose local delivery time fell in it, with the settled edition', async () => {
  // Monday 2027-01-04's list, refreshed by the ingest run of Tuesday 06:00 UTC (settle time).
  await ingested('2027-01-04', '2027-01-05T06:00:04Z');
  const berlin = await reader('2027-01-04T12:00:00Z', { timeZone: 'Europe/Berlin', deliveryHour: 7 });
  const york = await reader('2027-01-04T12:00:00Z', { timeZone: 'America/New_York', deliveryHour: 7 });

  const early = await tick('2027-01-05T05:45:00Z');
  expect(early.of(berlin)).toEqual([]);
  const six = await tick('2027-01-05T06:00:00Z');
  expect(six.of(berlin)).toEqual(
    oneLine('queued', { editionId: 'daily#2027-01-04', localTime: '2027-01-05 07:00' }),
  );
  expect(six.of(york)).toEqual([]);
  expect(six.summary.editions).toEqual([
    { editionId: 'daily#2027-01-04', readiness: 'ready', papers: 2, stored: 'new' },
  ]);
  // The slot moved to the next local 07:00; a second run of the same tick finds nobody.
  expect((await deps.subscribers.get(berlin.id))?.nextSlot).toBe('2027-01-06T06:00:00.000Z');
  expect((await deps.subscribers.get(berlin.id))?.servedDay).toBe('2027-01-05');
  expect((await tick('2027-01-05T06:00:00Z')).of(berlin)).toEqual([]);
  const noon = await tick('2027-01-05T12:00:00Z');
  expect(noon.of(york)).toEqual(oneLine('queued', { localTime: '2027-01-05 07:00' }));
  expect(noon.summary.editions[0]).toMatchObject({ stored: 'existing' });
});

test('a tick that did not run is caught up by the next one', async () => {
  await ingested('2027-01-11', '2027-01-12T06:00:00Z');
  const berlin = await reader('2027-01-11T12:00:00Z', { timeZone: 'Europe/Berlin', deliveryHour: 7 });
  // No tick at 06:00 UTC (the schedule skipped it): the 06:15 tick reads the overdue slot too.
  const next = await tick('2027-01-12T06:15:00Z');
  expect(next.of(berlin)).toEqual(
    oneLine('queued', { editionId: 'daily#2027-01-11', localTime: '2027-01-12 07:00' }),
  );
  expect((await deps.subscribers.get(berlin.id))?.nextSlot).toBe('2027-01-13T06:00:00.000Z');
});

test('an edition whose day the ingest has not refreshed since the settle time waits: the readers stay due', async () => {
  // Only the run of Monday itself (a list still filling): not settled.
  await ingested('2027-01-18', '2027-01-18T06:00:00Z');
  const berlin = await reader('2027-01-18T12:00:00Z', { timeZone: 'Europe/Berlin', deliveryHour: 7 });
  const first = await tick('2027-01-19T06:00:00Z');
  expect(first.of(berlin)).toEqual(oneLine('waiting'));
  expect(first.summary.pages).toBe(0);
  expect(await deps.editions.getEdition('daily#2027-01-18')).toBeUndefined();
  expect((await deps.subscribers.get(berlin.id))?.nextSlot).toBe(berlin.nextSlot);
  // The ingest's run after the settle time lands (a few minutes late): the next tick sends.
  await ingested('2027-01-18', '2027-01-19T06:03:00Z', 3);
  const later = await tick('2027-01-19T06:15:00Z');
  expect(later.of(berlin)).toEqual(oneLine('queued', { editionId: 'daily#2027-01-18' }));
});

test('a weekday with no list by the deadline sends nothing to anyone and counts EditionMissed', async () => {
  // Monday 2027-01-25: Hugging Face answered nothing (or only an arXiv part was stored).
  await putPapers(deps, [
    makePaper('2027-01-25', { sources: ['arxiv'], lastUpdatedAt: '2027-01-26T06:00:00Z' }),
  ]);
  const berlin = await reader('2027-01-25T12:00:00Z', { timeZone: 'Europe/Berlin', deliveryHour: 7 });
  const york = await reader('2027-01-25T12:00:00Z', { timeZone: 'America/New_York', deliveryHour: 7 });
  expect((await tick('2027-01-26T06:00:00Z')).of(berlin)).toEqual(oneLine('waiting'));
  metricLines.length = 0;
  // Settle 06:00 + deadline 4 h = 10:00 UTC: Berlin (still due) misses it then, New York at its own 07:00.
  const deadline = await tick('2027-01-26T10:00:00Z');
  expect(deadline.of(berlin)).toEqual(oneLine('missed', { editionId: 'daily#2027-01-25' }));
  expect(deadline.summary.pages).toBe(0);
  expect(metricLines.map((l) => JSON.parse(l).EditionMissed)).toEqual([1]);
  expect((await tick('2027-01-26T12:00:00Z')).of(york)).toEqual(oneLine('missed'));
  expect(await deps.editions.getEdition('daily#2027-01-25')).toBeUndefined();
  expect(
    deps.logLines.some(
      (l) => l.includes('edition missed') && l.includes('npm run digest -- --date 2027-01-25'),
    ),
  ).toBe(true);
  // Both move on to the next day: nothing half-built goes out later either.
  expect((await deps.subscribers.get(berlin.id))?.nextSlot).toBe('2027-01-27T06:00:00.000Z');
});

test('a dry run over a missed edition counts nothing and logs no error: it says the edition would be missed', async () => {
  // Monday 2027-03-15: nothing from Hugging Face by the deadline (10:00 UTC on Tuesday).
  const berlin = await reader('2027-03-15T12:00:00Z', { timeZone: 'Europe/Berlin', deliveryHour: 7 });
  metricLines.length = 0;
  const firstLine = deps.logLines.length;
  const dry = await tick('2027-03-16T10:00:00Z', { dryRun: true });
  expect(dry.of(berlin)).toEqual(oneLine('missed', { editionId: 'daily#2027-03-15' }));
  expect(dry.summary.missed).toBe(1);
  expect(metricLines).toEqual([]);
  const logged = deps.logLines
    .slice(firstLine)
    .map((l) => JSON.parse(l) as { level: string; message: string });
  expect(logged.filter((l) => l.level === 'ERROR')).toEqual([]);
  expect(logged).toContainEqual(
    expect.objectContaining({
      level: 'INFO',
      message: 'planner (dry run): edition would be missed: its list did not settle by the deadline',
      editionId: 'daily#2027-03-15',
    }),
  );
  expect((await deps.subscribers.get(berlin.id))?.nextSlot).toBe(berlin.nextSlot);
});

test('a weekend (no list) sends nothing, says so in the log and moves on', async () => {
  // Sunday 2027-01-31 is the edition of Monday morning in Berlin.
  const berlin = await reader('2027-01-31T12:00:00Z', { timeZone: 'Europe/Berlin', deliveryHour: 7 });
  metricLines.length = 0;
  const monday = await tick('2027-02-01T06:00:00Z');
  expect(monday.of(berlin)).toEqual(oneLine('no-list', { editionId: 'daily#2027-01-31' }));
  expect(metricLines).toEqual([]);
  expect(deps.logLines.some((l) => l.includes('weekend') && l.includes('daily#2027-01-31'))).toBe(true);
  expect((await deps.subscribers.get(berlin.id))?.nextSlot).toBe('2027-02-02T06:00:00.000Z');
});

describe('a reader who changes their hour the same day gets exactly one digest', () => {
  const token = async (s: Subscriber) =>
    issueToken(await deps.signingSecret(), {
      subscriberId: s.id,
      purpose: 'manage',
      version: s.tokenVersion,
    });
  const queuedOn = async (s: Subscriber, from: string, to: string) => {
    const got: string[] = [];
    for (let t = Date.parse(from); t <= Date.parse(to); t += 15 * 60_000)
      for (const l of (await tick(new Date(t).toISOString())).of(s))
        if (l.outcome === 'queued') got.push(l.localTime);
    return got;
  };

  test('served at 07:00, moved to 09:00 at 07:30: nothing more that day', async () => {
    await ingested('2027-02-08', '2027-02-09T06:00:00Z');
    const s = await reader('2027-02-08T12:00:00Z', { timeZone: 'Europe/Berlin', deliveryHour: 7 });
    expect(await queuedOn(s, '2027-02-09T06:00:00Z', '2027-02-09T06:15:00Z')).toEqual(['2027-02-09 07:00']);
    const served = (await deps.subscribers.get(s.id)) as Subscriber;
    await updatePreferences(deps, await token(served), { deliveryHour: 9 }, at('2027-02-09T06:30:00Z'));
    // Every tick until 12:00 local, well past both the old and the new hour.
    expect(await queuedOn(s, '2027-02-09T06:30:00Z', '2027-02-09T11:00:00Z')).toEqual([]);
    expect((await deps.subscribers.get(s.id))?.nextSlot).toBe('2027-02-10T08:00:00.000Z');
  }, 120_000);

  test('due at 09:00, moved to 07:00 at 08:05 (already past): the next tick, and not again at 09:00', async () => {
    await ingested('2027-02-15', '2027-02-16T06:00:00Z');
    const s = await reader('2027-02-15T12:00:00Z', { timeZone: 'Europe/Berlin', deliveryHour: 9 });
    await updatePreferences(deps, await token(s), { deliveryHour: 7 }, at('2027-02-16T07:05:00Z'));
    expect(await queuedOn(s, '2027-02-16T07:15:00Z', '2027-02-16T11:00:00Z')).toEqual(['2027-02-16 08:15']);
  }, 120_000);
});

test('a reader stored before slots existed is filed by the backfill and gets the digest at the defaults', async () => {
  await ingested('2027-02-22', '2027-02-23T06:00:00Z');
  // No zone, no hour, no slot: as items were written before issue 11.
  const old = await putSubscriber(deps, uniqueEmail('old'));
  made.push(old.id);
  expect(old.nextSlot).toBeUndefined();
  const { filed } = await backfillSlots({ ...deps, clock: { now: () => at('2027-02-22T12:00:00Z') } });
  expect(filed).toBeGreaterThanOrEqual(1);
  // DEFAULT_TIME_ZONE UTC, DEFAULT_DELIVERY_HOUR 7.
  expect((await deps.subscribers.get(old.id))?.nextSlot).toBe('2027-02-23T07:00:00.000Z');
  expect((await tick('2027-02-23T07:00:00Z')).of(old)).toEqual(
    oneLine('queued', { timeZone: 'UTC', localTime: '2027-02-23 07:00' }),
  );
  // Running it again files nobody twice.
  expect((await backfillSlots({ ...deps, clock: { now: () => at('2027-02-23T12:00:00Z') } })).filed).toBe(0);
});

test('a reader who left is taken out of the slot index, not queued', async () => {
  await ingested('2027-03-01', '2027-03-02T06:00:00Z');
  const s = await reader('2027-03-01T12:00:00Z', {
    timeZone: 'Europe/Berlin',
    deliveryHour: 7,
    status: 'unsubscribed',
  });
  expect((await tick('2027-03-02T06:00:00Z')).of(s)).toEqual(oneLine('left'));
  expect((await deps.subscribers.get(s.id))?.nextSlot).toBeUndefined();
});

test('a dry run reads only: no edition stored, no slot moved', async () => {
  await ingested('2027-03-08', '2027-03-09T06:00:00Z');
  const s = await reader('2027-03-08T12:00:00Z', { timeZone: 'Europe/Berlin', deliveryHour: 7 });
  const dry = await tick('2027-03-09T06:00:00Z', { dryRun: true });
  expect(dry.of(s)).toEqual(oneLine('queued', { editionId: 'daily#2027-03-08' }));
  expect(await deps.editions.getEdition('daily#2027-03-08')).toBeUndefined();
  expect((await deps.subscribers.get(s.id))?.nextSlot).toBe(s.nextSlot);
});
