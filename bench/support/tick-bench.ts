import { randomBytes } from 'node:crypto';
import { BatchWriteCommand, ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { slotFields } from '../../functions/core/reader-schedule';
import { makePaper, putPapers } from '../../test/support/seed';
import { createBenchRoot } from '../root';
import type { BenchContext } from '../run';

/**
 * The planner tick over many readers spread over many zones and hours: DynamoDB items read by the tick
 * (its `bySlot` Queries) against the readers due, and against a full Scan of the same table, measured
 * here in the same run; and the tick's time (Query, enqueue, one conditional slot update per reader)
 * against the Scan's. 2 % of the readers left after being filed (still in the index): the tick reads them
 * once and takes them out, which is what a real table carries.
 */
const ZONES = [
  ['UTC', 6],
  ['Europe/London', 8],
  ['Europe/Berlin', 14],
  ['Europe/Paris', 8],
  ['Europe/Madrid', 4],
  ['Europe/Helsinki', 3],
  ['America/New_York', 14],
  ['America/Chicago', 6],
  ['America/Denver', 3],
  ['America/Los_Angeles', 9],
  ['America/Sao_Paulo', 3],
  ['America/St_Johns', 1],
  ['Asia/Kolkata', 7],
  ['Asia/Kathmandu', 1],
  ['Asia/Shanghai', 6],
  ['Asia/Tokyo', 3],
  ['Asia/Seoul', 2],
  ['Asia/Singapore', 2],
  ['Australia/Sydney', 2],
  ['Australia/Adelaide', 1],
  ['Pacific/Auckland', 1],
  ['Pacific/Chatham', 1],
  ['Africa/Lagos', 1],
] as const;

/** Small deterministic generator: the same readers every run. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export async function tickBench({ log }: BenchContext) {
  const readers = Number(process.env.BENCH_TICK_READERS ?? 100_000);
  const filedAt = new Date('2026-11-30T12:00:00Z');
  const sqsPort = Number(new URL(process.env.SQS_ENDPOINT as string).port);
  const { localQueueUrl, ensureSendQueue } = await import('../../infra/local/send-queue');
  const deps = createBenchRoot({
    TABLE_PREFIX: `b${randomBytes(4).toString('hex')}-`,
    SEND_QUEUE_URL: localQueueUrl('us-east-1', sqsPort, `b${randomBytes(3).toString('hex')}-tick`),
  });
  const { ensureTables } = await import('../../infra/local/tables');
  await ensureTables(deps.aws.dynamo, deps.config.tables);
  await ensureSendQueue(deps.aws.sqs, deps.config.SEND_QUEUE_URL as string, 60);
  // The two lists the day's deliveries get (Sunday's and Monday's), each settled by the next 06:00 ingest.
  for (const [day, ranAt] of [
    ['2026-11-29', '2026-11-30T06:00:05.000Z'],
    ['2026-11-30', '2026-12-01T06:00:05.000Z'],
  ] as const)
    await putPapers(
      deps,
      Array.from({ length: 30 }, (_, i) => makePaper(day, { upvotes: 100 - i, lastUpdatedAt: ranAt })),
    );

  // Zones by weight; hours mostly the default 7, the rest spread over 5–10 and the whole day.
  const rand = lcg(11);
  const totalWeight = ZONES.reduce((n, [, w]) => n + w, 0);
  const pickZone = () => {
    let x = rand() * totalWeight;
    for (const [zone, w] of ZONES) {
      x -= w;
      if (x < 0) return zone;
    }
    return 'UTC';
  };
  const pickHour = () => {
    const x = rand();
    return x < 0.5 ? 7 : x < 0.85 ? 5 + Math.floor(rand() * 6) : Math.floor(rand() * 24);
  };
  const now = filedAt.toISOString();
  const dueBySlot = new Map<string, number>();
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < readers; i++) {
    const base = {
      id: `tick-${i}`,
      frequency: 'daily' as const,
      timeZone: pickZone(),
      deliveryHour: pickHour(),
    };
    const slot = slotFields(base, deps.config, filedAt);
    const left = rand() < 0.02;
    if (!left) dueBySlot.set(slot.nextSlot, (dueBySlot.get(slot.nextSlot) ?? 0) + 1);
    items.push({
      ...base,
      ...slot,
      email: `tick-${i}@example.com`,
      status: left ? 'unsubscribed' : 'active',
      topics: [],
      tokenVersion: 0,
      createdAt: now,
      updatedAt: now,
    });
  }
  let t = performance.now();
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < batches.length) {
        const batch = batches[next++] as Record<string, unknown>[];
        let request = { [deps.config.tables.subscribers]: batch.map((Item) => ({ PutRequest: { Item } })) };
        for (;;) {
          const out = await deps.aws.doc.send(new BatchWriteCommand({ RequestItems: request }));
          const rest = out.UnprocessedItems?.[deps.config.tables.subscribers];
          if (!rest?.length) break;
          request = { [deps.config.tables.subscribers]: rest as (typeof request)[string] };
        }
      }
    }),
  );
  log(
    `tick: ${readers} readers in ${ZONES.length} zones written in ${((performance.now() - t) / 1000).toFixed(0)} s`,
  );

  // Baseline: a full Scan of the same table (what the planner read before the tick, every run).
  t = performance.now();
  let scanned = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page: ScanCommandOutput = await deps.aws.doc.send(
      new ScanCommand({ TableName: deps.config.tables.subscribers, ExclusiveStartKey: start }),
    );
    scanned += page.ScannedCount ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  const scanMs = performance.now() - t;

  // Every tick of the 24 hours after filing, in order, as the schedule runs them: each reader is due once.
  const { planTick } = await import('../../functions/use-cases/plan-tick');
  let read = 0;
  let dueTotal = 0;
  let worst = 0;
  let busiest = { tick: '', due: 0, read: 0, ms: 0, pages: 0 };
  const dayStarted = performance.now();
  // The planner's memory: its peak resident set over the day of ticks, sampled as they run.
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  for (let i = 1; i <= 96; i++) {
    const at = new Date(filedAt.getTime() + i * 15 * 60_000);
    const due = dueBySlot.get(at.toISOString()) ?? 0;
    t = performance.now();
    const tick = await planTick(deps, at);
    const ms = performance.now() - t;
    read += tick.itemsRead;
    dueTotal += due;
    if (due > 0) worst = Math.max(worst, tick.itemsRead / due);
    if (due > busiest.due)
      busiest = { tick: at.toISOString(), due, read: tick.itemsRead, ms, pages: tick.pages };
  }
  const dayMs = performance.now() - dayStarted;
  clearInterval(sampler);
  log(
    `tick: 96 ticks (24 h) read ${read} items for ${dueTotal} readers due = ${(read / dueTotal).toFixed(3)}× (goal ≤ 1.2×; the extra are the 2 % who left, read once and taken out of the index); worst tick ${worst.toFixed(3)}×; a full Scan reads ${scanned} items every run (${(scanned / busiest.due).toFixed(0)}× the busiest tick's readers)`,
  );
  log(
    `tick: busiest ${busiest.tick}: ${busiest.due} due, ${busiest.read} items read, ${busiest.pages} pages, ${(busiest.ms / 1000).toFixed(2)} s (16 shard Queries, enqueue, a conditional slot update per reader) vs full Scan ${(scanMs / 1000).toFixed(2)} s → ${(busiest.ms / scanMs).toFixed(2)}× a bare Scan (which reads only): ${((busiest.due / busiest.ms) * 1000).toFixed(0)} readers/s vs the Scan's ${((scanned / scanMs) * 1000).toFixed(0)} items/s; whole day of ticks ${(dayMs / 1000).toFixed(0)} s; peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`,
  );
}
