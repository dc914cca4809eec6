import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { normalizeHfDay } from '../functions/core/normalize-paper';
import type { Paper } from '../functions/schemas/paper';
import { ingest } from '../functions/use-cases/ingest';
import { createTableInput } from '../infra/local/tables';
import { TABLES } from '../infra/tables';
import { createBenchRoot } from './root';
import type { BenchContext } from './run';

/**
 * Ingest 100 papers into DynamoDB Local: the real path (conditional UpdateItem per paper, through the
 * use-case and a local replay of a recorded day) against a one-PutItem-per-paper baseline and the
 * BatchGet + BatchWrite(25) alternative, all in this run, on fresh tables, same concurrency.
 * The 100 entries are the 38 recorded ones repeated with changed arXiv ids (nothing else changed).
 */

const N = 100;
const ROUNDS = 5;
const FIX = path.join(__dirname, '..', 'test', 'fixtures', 'hf-daily-papers');

function hundredEntries(): unknown[] {
  const recorded = [
    'lucas-m-lopes__sotawhat__2026-06-12_limit30.json',
    'BuiVannn__All-News-AI__2026-07-31_date-query_5-item-subset.json',
    'DiQu1997__NewsAssistant__2026-08-03_3-item-subset.json',
  ].flatMap(
    (f) => JSON.parse(readFileSync(path.join(FIX, f), 'utf8')) as { paper: Record<string, unknown> }[],
  );
  return Array.from({ length: N }, (_, i) => {
    const e = structuredClone(recorded[i % recorded.length]) as { paper: Record<string, unknown> };
    e.paper.id = `2699.${String(10000 + i)}`;
    e.paper.submittedOnDailyAt = '2026-09-01T00:00:00.000Z';
    return e;
  });
}

async function freshDeps(env: Record<string, string> = {}) {
  const deps = createBenchRoot(env);
  const { config } = deps;
  const spec = TABLES.find((t) => t.id === 'papers');
  if (!spec) throw new Error('no papers spec');
  await deps.aws.dynamo.send(new CreateTableCommand(createTableInput(spec, config.tables.papers)));
  let calls = 0;
  deps.aws.dynamo.middlewareStack.add(
    (next) => async (args) => {
      calls++;
      return next(args);
    },
    { step: 'initialize', name: 'countCalls' },
  );
  return { deps, config, calls: () => calls };
}

async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await task(items[next++] as T);
    }),
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

type Fresh = Awaited<ReturnType<typeof freshDeps>>;

/** Median over ROUNDS of one timed step on fresh tables; `prepare` runs untimed and uncounted first. */
async function measure(
  run: (fresh: Fresh) => Promise<void>,
  opts: { prepare?: (fresh: Fresh) => Promise<void>; env?: Record<string, string> } = {},
) {
  const rates: number[] = [];
  const perPaper: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const fresh = await freshDeps(opts.env);
    await opts.prepare?.(fresh);
    const before = fresh.calls();
    const t0 = performance.now();
    await run(fresh);
    const ms = performance.now() - t0;
    rates.push((N / ms) * 1000);
    perPaper.push((fresh.calls() - before) / N);
    fresh.deps.aws.dynamo.destroy();
  }
  return { papersPerSec: median(rates), callsPerPaper: median(perPaper) };
}

export default async function ingestBench(ctx: BenchContext) {
  const entries = hundredEntries();
  const now = new Date().toISOString();
  const { papers } = normalizeHfDay(entries, { requestedDate: '2026-09-01', now });
  if (papers.length !== N) throw new Error(`expected ${N} papers, got ${papers.length}`);
  const concurrency = createBenchRoot().config.INGEST_WRITE_CONCURRENCY;

  // Warm-up (not reported): the first writes pay for JIT and DynamoDB Local's own warm-up.
  await measure(async ({ deps }) => {
    await deps.papers.upsert(papers);
  });
  const baseline = await measure(async ({ deps, config }) => {
    await pool(papers, concurrency, (p) =>
      deps.aws.doc.send(new PutCommand({ TableName: config.tables.papers, Item: p })),
    );
  });

  const upsert = async ({ deps }: Fresh) => {
    await deps.papers.upsert(papers);
  };
  const update = await measure(upsert);
  // A re-ingest: every paper already stored; only the second pass is timed and counted.
  const reupdate = await measure(upsert, { prepare: upsert });

  const batch = await measure(async ({ deps, config }) => {
    const ps = papers;
    const table = config.tables.papers;
    const firstSeen = new Map<string, string>();
    for (let i = 0; i < ps.length; i += 100) {
      let keys = ps.slice(i, i + 100).map((p) => ({ arxivId: p.arxivId }));
      while (keys.length) {
        const out = await deps.aws.doc.send(
          new BatchGetCommand({
            RequestItems: { [table]: { Keys: keys, ProjectionExpression: 'arxivId, firstSeenAt' } },
          }),
        );
        for (const it of out.Responses?.[table] ?? []) firstSeen.set(it.arxivId, it.firstSeenAt);
        keys = (out.UnprocessedKeys?.[table]?.Keys ?? []) as { arxivId: string }[];
      }
    }
    const chunks: Paper[][] = [];
    for (let i = 0; i < ps.length; i += 25) chunks.push(ps.slice(i, i + 25));
    await pool(chunks, concurrency, async (chunk) => {
      let requests = chunk.map((p) => ({
        PutRequest: {
          Item: { ...p, sources: [...p.sources], firstSeenAt: firstSeen.get(p.arxivId) ?? p.firstSeenAt },
        },
      }));
      while (requests.length) {
        const out = await deps.aws.doc.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
        requests = (out.UnprocessedItems?.[table] ?? []) as typeof requests;
      }
    });
  });

  // The whole use-case: fetch (a local replay: one full page of 100, then an empty one), validate, store.
  const body = JSON.stringify(entries);
  const server = http.createServer((req, res) =>
    res.end(new URL(req.url ?? '/', 'http://x').searchParams.get('p') === '0' ? body : '[]'),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/daily_papers`;
  const full = await measure(
    async ({ deps }) => {
      const s = await ingest(deps, { date: '2026-09-01', reingestDays: 0 });
      if (s.storedNew !== N) throw new Error(`use-case stored ${s.storedNew}`);
    },
    { env: { PAPERS_API_URL: url } },
  );
  server.close();

  const fmt = (name: string, m: { papersPerSec: number; callsPerPaper: number }) =>
    `${name.padEnd(44)} ${m.papersPerSec.toFixed(0).padStart(6)} papers/s (${(m.papersPerSec / baseline.papersPerSec).toFixed(2)}x baseline)  ${m.callsPerPaper.toFixed(2)} DynamoDB calls/paper (${(m.callsPerPaper / baseline.callsPerPaper).toFixed(2)}x)`;
  ctx.log(`${N} papers, ${ROUNDS} rounds (median), ${concurrency} requests in flight, DynamoDB Local`);
  ctx.log(fmt('baseline: one PutItem per paper', baseline));
  ctx.log(fmt('chosen: conditional UpdateItem (new papers)', update));
  ctx.log(fmt('chosen: conditional UpdateItem (re-ingest)', reupdate));
  ctx.log(fmt('alternative: BatchGet + BatchWriteItem(25)', batch));
  ctx.log(fmt('use-case ingest(): fetch + validate + store', full));
}
