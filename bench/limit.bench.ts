import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { senderPlanOf } from '../infra/sender-plan';
import { DAY_0612, loadPapers } from '../test/support/fixtures';
import { aSubscriber, putPapers } from '../test/support/seed';
import { maxInOneSecond } from '../test/support/send-windows';
import { createBenchRoot } from './root';
import type { BenchContext } from './run';
import { emulatorCpu } from './support/process-cpu';

/**
 * Delivery at the SES limit: the real planner → queue → sender path (the sender handler behind the local
 * stand-in of Lambda's SQS event source, as many pollers as CDK deploys instances, each with its own SES
 * client and token bucket like a Lambda instance) for N readers, with AWS-like latency injected into the
 * DynamoDB and SES clients by SDK middleware here (our code is unchanged), at each MaxSendRate with the
 * settings CDK would deploy for it (infra/sender-plan.ts). The baseline is the limit itself:
 * readers ÷ MaxSendRate.
 *
 * Flags (`npm run bench -- limit --limit-readers=2000`): readers, rates (`50,500`), DynamoDB and SES
 * latency ranges in ms (`5-15`, `30-80`), the slow tail (`0.01:200-400`: 1 % of calls take 200–400 ms).
 */
const flag = (name: string, def: string) => process.env[`BENCH_LIMIT_${name}`] ?? def;
const range = (s: string) => {
  const [lo, hi] = s.split('-').map(Number) as [number, number];
  return { lo, hi: hi ?? lo };
};

export default async function limitBench({ log }: BenchContext) {
  const readers = Number(flag('READERS', '10000'));
  const rates = flag('RATES', '50,500').split(',').map(Number);
  const dynamoMs = range(flag('DYNAMO_MS', '5-15'));
  const sesMs = range(flag('SES_MS', '30-80'));
  const [tailShare, tailRange] = flag('TAIL', '0.01:200-400').split(':') as [string, string];
  const tail = { share: Number(tailShare), ...range(tailRange) };
  const latency = (r: { lo: number; hi: number }) =>
    Math.random() < tail.share
      ? tail.lo + Math.random() * (tail.hi - tail.lo)
      : r.lo + Math.random() * (r.hi - r.lo);
  log(
    `${readers} readers; injected latency: DynamoDB ${dynamoMs.lo}–${dynamoMs.hi} ms, SES ${sesMs.lo}–${sesMs.hi} ms, ` +
      `${(tail.share * 100).toFixed(1)} % of calls ${tail.lo}–${tail.hi} ms; load average ${loadavg()[0]?.toFixed(1)} ` +
      '(2 cores shared with other sessions)',
  );
  for (const rate of rates) await atRate(rate);

  async function atRate(maxSendRate: number) {
    const plan = senderPlanOf({ maxSendRate });
    const sqsPort = Number(new URL(process.env.SQS_ENDPOINT as string).port);
    const { localQueueUrl, ensureSendQueue } = await import('../infra/local/send-queue');
    const root = createBenchRoot({
      SEND_QUEUE_URL: localQueueUrl('us-east-1', sqsPort, `b${randomBytes(3).toString('hex')}-send`),
      MAX_SEND_RATE: String(maxSendRate),
      SENDER_CONCURRENCY: String(plan.instances),
    });
    const { ensureTables } = await import('../infra/local/tables');
    await ensureTables(root.aws.dynamo, root.config.tables);
    await ensureSendQueue(root.aws.sqs, root.config.SEND_QUEUE_URL as string, 900);
    const papers = loadPapers(DAY_0612);
    const date = papers[0]?.dailyDate as string;
    await putPapers(root, papers);
    await seedReaders(root, readers);

    // ---- latency and counting, at the SDK boundary ----
    // Which instance (and which of its invocations) a call belongs to; unset outside the sender.
    const inSender = new AsyncLocalStorage<{ instance: number; invocation: number }>();
    const dynamoCalls = new Map<string, number>();
    let rcu = 0;
    let wcu = 0;
    let capacityReported = false;
    root.aws.dynamo.middlewareStack.add(
      (next, context) => async (args) => {
        const counted = inSender.getStore() !== undefined;
        if (counted) {
          const name = String(context.commandName).replace(/Command$/, '');
          dynamoCalls.set(name, (dynamoCalls.get(name) ?? 0) + 1);
          (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
        }
        // Half of the call's latency on the way there, half on the way back.
        const ms = latency(dynamoMs);
        await sleep(ms / 2);
        const out = await next(args);
        await sleep(ms / 2);
        if (counted) {
          const used = (out.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
          for (const c of (Array.isArray(used) ? used : used ? [used] : []) as {
            CapacityUnits?: number;
            ReadCapacityUnits?: number;
            WriteCapacityUnits?: number;
          }[]) {
            capacityReported = true;
            const write = /Put|Update|Delete|Write/.test(String(context.commandName));
            if (write) wcu += c.WriteCapacityUnits ?? c.CapacityUnits ?? 0;
            else rcu += c.ReadCapacityUnits ?? c.CapacityUnits ?? 0;
          }
        }
        return out;
      },
      { step: 'finalizeRequest', priority: 'low', name: 'benchLatency' },
    );

    const sendStarts: number[] = [];
    // Per instance: each SendEmail's start and its invocation, and each invocation's start and end.
    const waitingInPacer: number[] = [];
    const editionLoads: { started: number; ms: number }[] = [];
    const timeline = Array.from({ length: plan.instances }, () => ({
      sends: [] as Send[],
      invocations: [] as { start: number; end: number }[],
    }));
    let inFlight = 0;
    let peakInFlight = 0;
    let lastDone = 0;
    const { createSenderSes } = await import('../functions/adapters/send-rate');
    const { createSenderDeps } = await import('../functions/roots/sender');
    const { sendQueuePoller } = await import('../infra/local/stack');
    // One SES client, token bucket and edition cache per instance, as each Lambda instance has its own.
    const handlers = await Promise.all(
      Array.from({ length: plan.instances }, async (_, instance) => {
        const ses = createSenderSes(root.config);
        ses.middlewareStack.add(
          (next, context) => async (args) => {
            if (context.commandName !== 'SendEmailCommand') return next(args);
            // Where the request leaves our client, i.e. after its token: what the rate limit is about.
            const at = performance.now();
            sendStarts.push(at);
            waitingInPacer[instance] = (waitingInPacer[instance] ?? 1) - 1;
            timeline[instance]?.sends.push({
              at,
              invocation: inSender.getStore()?.invocation ?? -1,
              queuedBehind: waitingInPacer[instance] ?? 0,
            });
            peakInFlight = Math.max(peakInFlight, ++inFlight);
            try {
              const ms = latency(sesMs);
              await sleep(ms / 2);
              const out = await next(args);
              await sleep(ms / 2);
              return out;
            } finally {
              inFlight--;
              lastDone = performance.now();
            }
          },
          { step: 'initialize', priority: 'high', name: 'benchLatency' },
        );
        const deps = await createSenderDeps(root, ses);
        // Observed, not changed: callers waiting in the pacer (to tell a starved pacer from a busy one), and
        // how long the first edition load takes.
        const { send } = deps.mailer;
        deps.mailer = {
          ...deps.mailer,
          send: (email, opts) => {
            waitingInPacer[instance] = (waitingInPacer[instance] ?? 0) + 1;
            return send(email, opts);
          },
        };
        const { load } = deps.preparedEditions;
        deps.preparedEditions = {
          load: async (id) => {
            const started = performance.now();
            const loaded = await load(id);
            editionLoads.push({ started, ms: performance.now() - started });
            return loaded;
          },
        };
        return sendQueuePoller(root, {
          sender: async () => deps,
          batchSize: plan.batchSize,
          wrap: <T>(run: () => T) => {
            const own = timeline[instance]?.invocations as { start: number; end: number }[];
            const invocation = own.push({ start: performance.now(), end: Number.NaN }) - 1;
            const done = () => {
              (own[invocation] as { end: number }).end = performance.now();
            };
            const out = inSender.run({ instance, invocation }, run);
            if (out instanceof Promise) void out.then(done, done);
            return out;
          },
        });
      }),
    );
    // The SES emulator keeps every email in memory: empty it as the run goes (nothing here reads it).
    const clearSes = setInterval(
      () => void fetch(`${root.config.SES_ENDPOINT}/clear-store`, { method: 'POST' }).catch(() => {}),
      2000,
    );

    // A stalled event loop (this process's CPU, or a core taken by another) delays every timer and answer.
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const cpu0 = process.cpuUsage();
    const emulatorsCpu = emulatorCpu();
    // Loaded before the clock starts: tsx compiling the planner's TypeScript is not what a Lambda does
    // (its cold start, a bundle load, is the coldstart bench's).
    const { planEdition } = await import('../functions/use-cases/plan-edition');
    const t0 = performance.now();
    let planned = false;
    let plannedAt = Number.NaN;
    let firstPage = Number.NaN;
    const planning = planEdition(root, date, {
      onPage: () => {
        if (Number.isNaN(firstPage)) firstPage = performance.now();
      },
    }).finally(() => {
      planned = true;
      plannedAt = performance.now();
    });
    // A page that failed (a reader's call errored) comes back only after the queue's visibility timeout,
    // and a claim whose send was not recorded waits for SES events this bench does not run: stop
    // waiting at 3× the ideal time plus a minute, and report what did not settle.
    const giveUpAt = t0 + 3 * (readers / maxSendRate) * 1000 + 60_000;
    await Promise.all(
      handlers.map(async (poller) => {
        if (!poller) throw new Error('no send queue');
        while (performance.now() < giveUpAt) {
          const n = await poller.pollOnce(1);
          if (n === 0 && planned && (await poller.backlog()) === 0) return;
        }
      }),
    );
    const plannedSummary = await planning;
    const cpu = process.cpuUsage(cpu0);
    const emulatorsMs = emulatorsCpu.stop();
    clearInterval(clearSes);
    root.aws.dynamo.middlewareStack.remove('benchLatency');

    const sent = await countSent(root);
    const editionMs = lastDone - t0;
    const idealMs = (readers / maxSendRate) * 1000;
    const first = Math.min(...sendStarts);
    const sendingMs = lastDone - first;
    const perDelivery = (n: number) => (n / sent).toFixed(3);
    const calls = [...dynamoCalls].sort(([a], [b]) => a.localeCompare(b));
    const reads = calls.filter(([c]) => /Get|Query|Scan/.test(c)).reduce((s, [, n]) => s + n, 0);
    const writes = calls.filter(([c]) => !/Get|Query|Scan/.test(c)).reduce((s, [, n]) => s + n, 0);
    log(
      `MaxSendRate ${maxSendRate}/s, as CDK deploys it: ${plan.instances} instances × ${plan.ratePerInstance}/s, ` +
        `${plan.sendsInFlight} sends in flight each, SQS batch ${plan.batchSize}; planner ${plannedSummary.readers} readers in ${plannedSummary.pages} pages`,
    );
    log(
      `  sent ${sent}/${readers} (ledger), ${sendStarts.length} SendEmail calls; ` +
        `achieved ${(((sent / editionMs) * 1000) / maxSendRate).toFixed(3)} of MaxSendRate from the planner's start ` +
        `(${(((sent / sendingMs) * 1000) / maxSendRate).toFixed(3)} from the first send); ` +
        `edition ${(editionMs / 1000).toFixed(1)} s = ${(editionMs / idealMs).toFixed(3)}× the ideal ${(idealMs / 1000).toFixed(1)} s`,
    );
    log(
      `  peak sends in flight ${peakInFlight}; most sends in any one-second window ${maxInOneSecond(sendStarts)} ` +
        `(limit ${maxSendRate})`,
    );
    const firstInvocation = Math.min(
      ...timeline.map((i) => i.invocations[0]?.start ?? Number.POSITIVE_INFINITY),
    );
    log(
      `  from the planner's start: first page enqueued ${((firstPage - t0) / 1000).toFixed(2)} s, first invocation ` +
        `${((firstInvocation - t0) / 1000).toFixed(2)} s, first send ${((first - t0) / 1000).toFixed(2)} s (edition loads: ${editionLoads
          .map((l) => `${((l.started - t0) / 1000).toFixed(2)} s + ${l.ms.toFixed(0)} ms`)
          .slice(0, plan.instances)
          .join(', ')}); planner done ${((plannedAt - t0) / 1000).toFixed(1)} s`,
    );
    loopDelay.disable();
    log(
      `  this process's event loop: a 10 ms timer fired late by ${(loopDelay.mean / 1e6 - 10).toFixed(1)} ms on average, ` +
        `${(loopDelay.percentile(99) / 1e6 - 10).toFixed(0)} ms at p99, ${(loopDelay.max / 1e6 - 10).toFixed(0)} ms at most; load average now ${loadavg()[0]?.toFixed(1)}`,
    );
    log(`  where the time goes: ${lossReport(timeline, t0, lastDone, plan.ratePerInstance)}`);
    // What this machine can do at all: every process of the pipeline shares its cores (on AWS, SES and
    // DynamoDB run elsewhere and each sender instance has a CPU of its own).
    const senderMsPerEmail = (cpu.user + cpu.system) / 1000 / sent;
    const perEmail = emulatorsMs.map((e) => ({ name: e.name, ms: e.ms / sent }));
    const machineMs = senderMsPerEmail + perEmail.reduce((a, e) => a + e.ms, 0);
    const machineBound = (cpus().length * 1000) / machineMs;
    log(
      `  CPU per email on this machine: bench process (planner, queue poller, senders) ${senderMsPerEmail.toFixed(2)} ms, ${perEmail
        .map((e) => `${e.name} ${e.ms.toFixed(2)} ms`)
        .join(', ')}; ${machineMs.toFixed(2)} ms in all → its ${cpus().length} cores cap the pipeline at ` +
        `${machineBound.toFixed(0)} emails/s (${Math.min(1, machineBound / maxSendRate).toFixed(2)} of MaxSendRate); achieved ` +
        `${((sent / sendingMs) * 1000).toFixed(0)}/s from the first send = ${((((sent / sendingMs) * 1000) / Math.min(machineBound, maxSendRate)) * 1).toFixed(2)} of the lower of the two`,
    );
    log(
      `  DynamoDB per delivery (sender): ${perDelivery(reads)} reads, ${perDelivery(writes)} writes (calls: ${calls
        .map(([c, n]) => `${c} ${perDelivery(n)}`)
        .join(', ')})` +
        (capacityReported
          ? `; capacity ${perDelivery(rcu)} RCU, ${perDelivery(wcu)} WCU`
          : '; capacity units: not reported by DynamoDB Local'),
    );
  }
}

/** One SendEmail as the bench saw it enter the client: when, in which invocation, how many callers still waited in the pacer. */
interface Send {
  at: number;
  invocation: number;
  queuedBehind: number;
}

/**
 * Each instance's share of the edition, in seconds at its rate: sending (its sends × 1/share), the pacer's
 * margin (its sends × (spacing − 1/share)), and where it sent nothing for longer than two slots: before its
 * first send, between invocations (from an invocation's last send to the next one's first), inside them,
 * and after its last send until the edition's end. They add up to the edition's time.
 */
function lossReport(
  timeline: { sends: Send[]; invocations: { start: number; end: number }[] }[],
  t0: number,
  end: number,
  share: number,
): string {
  const slot = 1000 / share;
  const s = (ms: number) => (ms / 1000).toFixed(1);
  return timeline
    .map(({ sends, invocations }, i) => {
      const sorted = [...sends].sort((a, b) => a.at - b.at);
      let between = 0;
      let within = 0;
      let starved = 0;
      let gaps = 0;
      let pacing = 0;
      for (let k = 1; k < sorted.length; k++) {
        const a = sorted[k - 1] as Send;
        const b = sorted[k] as Send;
        const idle = b.at - a.at - slot;
        if (a.invocation !== b.invocation) {
          between += Math.max(0, idle);
          gaps++;
        } else if (idle > slot) {
          within += idle;
          // Nobody was waiting for the pacer when this gap began: every lane was busy in DynamoDB or SES.
          if (a.queuedBehind === 0) starved += idle;
        } else pacing += idle;
      }
      // Each gap between invocations, in its parts: the last readers' calls after the last send (drain),
      // the queue (delete, receive), the next invocation's page read and first claim (start).
      let drain = 0;
      let queue = 0;
      let start = 0;
      for (let k = 1; k < invocations.length; k++) {
        const prev = invocations[k - 1] as { start: number; end: number };
        const next = invocations[k] as { start: number; end: number };
        const lastOfPrev = sorted.filter((x) => x.invocation === k - 1).at(-1)?.at ?? prev.end;
        const firstOfNext = sorted.find((x) => x.invocation === k)?.at ?? next.start;
        drain += prev.end - lastOfPrev;
        queue += next.start - prev.end;
        start += firstOfNext - next.start;
      }
      const parts = Math.max(1, invocations.length - 1);
      const first = (sorted[0]?.at ?? end) - t0;
      const last = end - (sorted.at(-1)?.at ?? end);
      const perBatch = sorted.length / Math.max(1, invocations.length);
      return (
        `instance ${i + 1}: ${sorted.length} sends in ${invocations.length} invocations (${perBatch.toFixed(0)} each) = ${s(sorted.length * slot)} s at ${share}/s` +
        ` + pacer ${s(pacing)} s + before its first send ${s(first)} s + between invocations ${s(between)} s (${gaps} gaps, ${(between / Math.max(1, gaps)).toFixed(0)} ms each, net of a slot: last calls ${(drain / parts).toFixed(0)} + queue ${(queue / parts).toFixed(0)} + read and claim ${(start / parts).toFixed(0)} ms)` +
        ` + idle inside ${s(within)} s (${s(starved)} s of it with no caller waiting for the pacer) + after its last send ${s(last)} s`
      );
    })
    .join('; ');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function seedReaders(root: ReturnType<typeof createBenchRoot>, n: number) {
  const now = new Date().toISOString();
  const batches: Promise<unknown>[] = [];
  for (let i = 0; i < n; i += 25) {
    const items = Array.from({ length: Math.min(25, n - i) }, (_, j) =>
      aSubscriber({ id: `limit-${i + j}`, email: `limit-${i + j}@example.com`, tokenVersion: 1 }, now),
    );
    batches.push(
      root.aws.doc.send(
        new BatchWriteCommand({
          RequestItems: { [root.config.tables.subscribers]: items.map((Item) => ({ PutRequest: { Item } })) },
        }),
      ),
    );
    if (batches.length >= 8) await Promise.all(batches.splice(0));
  }
  await Promise.all(batches);
}

async function countSent(root: ReturnType<typeof createBenchRoot>): Promise<number> {
  let sent = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await root.aws.doc.send(
      new ScanCommand({
        TableName: root.config.tables.deliveries,
        FilterExpression: '#s = :sent',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent' },
        Select: 'COUNT',
        ExclusiveStartKey: start,
      }),
    );
    sent += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return sent;
}
