import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import {
  InternalServiceErrorException,
  SESv2Client,
  SendEmailCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { BatchWriteCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { subscriberIdFor } from '../../../functions/core/subscriber-id';
import { type Subscriber, subscriberSchema } from '../../../functions/schemas/subscriber';
import { createSqsPoller } from '../../../infra/local/sqs-poller';
import type { TestRoot } from '../../support/app';
import type { StoredEmail } from '../../support/inbox';
import { aSubscriber, makePaper, putPapers } from '../../support/seed';

/**
 * One edition sent to `readers` readers through the real planner, send queue (fauxqs) and sender handler,
 * against the real emulators, with faults injected only where the emulators cannot produce them:
 * - DynamoDB (a middleware inside the SDK's retry loop): throttling, timeouts before the request and
 *   timeouts after DynamoDB already applied it (the response is lost);
 * - SES (aws-sdk-client-mock on SESv2Client, every other call passes through to the emulator): throttling,
 *   5xx, timeouts, and the sender process dying after a random number of sends (before or after the send
 *   in hand), after which every call of that invocation fails and its SQS batch is not acknowledged;
 * - SQS: duplicate pages, and redelivery of every unacknowledged message after the visibility timeout.
 * Readers who are pending, unsubscribed, suppressed, or who unsubscribe after planning, are in the table too.
 */
export interface FaultRunOptions {
  deps: TestRoot;
  queueUrl: string;
  readers: number;
  /** Sends between sender deaths: a random number in [min, max]. */
  sendsBetweenDeaths: [number, number];
  date: string;
  /** Faults on the SES event path too (on unless false). */
  eventFaults?: boolean;
  /**
   * Resolves once every SES event of the emails sent so far is handled, delayed ones aside (the app's
   * `sesEventsSettled`): awaited before each resend and before counting (see `takeOver` below).
   */
  eventsSettled?: (timeoutMs?: number) => Promise<void>;
  log?: (line: string) => void;
}

export interface FaultFigures {
  readers: number;
  expected: number;
  mailed: number;
  duplicates: number;
  missing: number;
  /** Missing readers whose ledger record is a claim never completed (the documented crash window). */
  missingWithStaleClaim: number;
  /**
   * Faults (injected, or real errors of the overloaded emulators that never answered) after which nobody
   * can know whether the email left: the bound on `missing`.
   */
  ambiguousFaults: number;
  mailedUnsubscribedOrSuppressed: number;
  sentRecordsWithoutOneEmail: number;
  rejectedReaders: number;
  injected: Record<string, number>;
  duplicatePages: number;
  sqsReceivesHandled: number;
  deadLettered: number;
  seconds: number;
  /** The sender's log lines about the first missing readers: why each claim was left. */
  missingExplained: string[];
  /** Readers sent once more after a grace window without SES's event. */
  resent: number;
  /** SES events that named a second message for one reader's copy (each one a duplicate SES took). */
  secondCopies: number;
  /** Time the resends waited for the SES event consumer's backlog (see `takeOver` below). */
  waitedForEventsSeconds: number;
  /** Send events handled, the slowest one (ms from SES's clock), and those later than window + grace. */
  sendEvents: { handled: number; slowestMs: number; laterThanGrace: number; graceSeconds: number };
  /** The log lines and ledger record of the first readers mailed twice. */
  duplicatesExplained: string[];
}

const answered = (err: unknown) =>
  typeof (err as { $metadata?: { httpStatusCode?: unknown } })?.$metadata?.httpStatusCode === 'number';
const rnd = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));
const chance = (p: number) => Math.random() < p;

class InjectedTimeout extends Error {
  override name = 'TimeoutError';
}
class SenderDied extends Error {
  override name = 'SenderDied';
}

export async function runFaultEdition(opts: FaultRunOptions): Promise<FaultFigures> {
  const { deps, queueUrl, date } = opts;
  const log = opts.log ?? (() => {});
  const started = Date.now();
  const domain = `fault-${randomBytes(4).toString('hex')}.example`;
  const injected: Record<string, number> = {};
  const count = (k: string) => {
    injected[k] = (injected[k] ?? 0) + 1;
  };
  let ambiguousFaults = 0;

  // ---- seed: papers and readers ----
  await putPapers(deps, [
    makePaper(date, { title: 'Reliable agents', upvotes: 20, aiKeywords: ['agents'] }),
    makePaper(date, { title: 'Robust retrieval', upvotes: 10, aiKeywords: ['retrieval'] }),
  ]);
  const active = Array.from({ length: opts.readers }, (_, i) => `r${i}@${domain}`);
  const others = Math.max(3, Math.round(opts.readers * 0.05));
  const pending = Array.from({ length: others }, (_, i) => `pending${i}@${domain}`);
  const unsubscribed = Array.from({ length: others }, (_, i) => `unsub${i}@${domain}`);
  const suppressed = Array.from({ length: others }, (_, i) => `supp${i}@${domain}`);
  const now = new Date().toISOString();
  const item = (email: string, over: Partial<Subscriber> = {}) =>
    subscriberSchema.parse(aSubscriber({ id: subscriberIdFor(email), email, tokenVersion: 1, ...over }, now));
  const items = [
    ...active.map((e) => item(e)),
    ...pending.map((e) => item(e, { status: 'pending' })),
    ...unsubscribed.map((e) => item(e, { status: 'unsubscribed', unsubscribedAt: now })),
    ...suppressed.map((e) => item(e, { suppressed: { reason: 'bounce', at: now } })),
  ];
  await batchPut(deps, items);

  // ---- plan (no faults: the planner is idempotent and retried by its schedule; the send path is tested) ----
  const { createPlannerHandler } = await import('../../../functions/handlers/planner');
  const plannerHandler = createPlannerHandler(deps);
  const summary = await plannerHandler({ date });
  const editionId = `daily#${date}`;
  // Readers who leave after planning: their pages are queued, they must get nothing.
  const leavers = active.filter(() => chance(0.02));
  for (const email of leavers)
    await deps.aws.doc.send(
      new UpdateCommand({
        TableName: deps.config.tables.subscribers,
        Key: { id: subscriberIdFor(email) },
        UpdateExpression: 'SET #s = :u, tokenVersion = tokenVersion + :one',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':u': 'unsubscribed', ':one': 1 },
      }),
    );
  // Duplicate pages (a planner re-run, an SQS at-least-once duplicate): ~10% of readers queued twice.
  const dupIds = active.filter(() => chance(0.1)).map(subscriberIdFor);
  let duplicatePages = 0;
  for (let i = 0; i < dupIds.length; i += 100) {
    const entries = [];
    for (let j = i; j < Math.min(i + 100, dupIds.length); j += 10)
      entries.push({
        Id: String(entries.length),
        MessageBody: JSON.stringify({ editionId, subscriberIds: dupIds.slice(j, j + 10) }),
      });
    await deps.aws.sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
    duplicatePages += entries.length;
  }
  log(`planned ${summary.readers} readers in ${summary.pages} pages; ${duplicatePages} duplicate pages`);

  // ---- faults ----
  let faultsOn = true;
  // A death stops the sender's process only: the ses-events Lambda is a process of its own.
  const inSender = new AsyncLocalStorage<boolean>();
  let deathEpoch = 0;
  let dead = false;
  let sendsLeft = rnd(...opts.sendsBetweenDeaths);
  const die = () => {
    dead = true;
    deathEpoch++;
    sendsLeft = rnd(...opts.sendsBetweenDeaths);
  };

  const dynamo = deps.aws.dynamo;
  const ledgerTable = deps.config.tables.deliveries;
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      if (!faultsOn) return next(args);
      const input = args.input as { TableName?: string };
      const isLedgerWrite =
        input.TableName === ledgerTable &&
        ['PutItemCommand', 'DeleteItemCommand'].includes(String(context.commandName));
      if (dead && inSender.getStore()) {
        count('dynamo: call while dead');
        throw new SenderDied('process is dead');
      }
      if (chance(0.03)) {
        count('dynamo: throttled');
        throw new ProvisionedThroughputExceededException({
          message: 'injected throttling',
          $metadata: { httpStatusCode: 400 },
        });
      }
      if (chance(0.01)) {
        count('dynamo: timeout before the request');
        throw new InjectedTimeout('injected timeout');
      }
      if (chance(0.005)) {
        const out = await next(args);
        void out;
        count('dynamo: timeout after it was applied');
        if (isLedgerWrite) ambiguousFaults++;
        throw new InjectedTimeout('injected timeout after the write');
      }
      try {
        return await next(args);
      } catch (err) {
        // The emulator itself failed without answering (an overloaded machine): just as ambiguous.
        if (!answered(err)) {
          count('dynamo: real error without an answer');
          if (isLedgerWrite) ambiguousFaults++;
        }
        throw err;
      }
    },
    { step: 'finalizeRequest', priority: 'low', name: 'reliabilityFaults' },
  );
  // Outside the SDK's retries: a ledger write that failed for good leaves a claim nobody can judge.
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (err) {
        const input = args.input as { TableName?: string };
        if (
          faultsOn &&
          input.TableName === ledgerTable &&
          context.commandName === 'DeleteItemCommand' &&
          (err as Error).name !== 'ConditionalCheckFailedException'
        )
          ambiguousFaults++;
        throw err;
      }
    },
    { step: 'initialize', priority: 'high', name: 'reliabilityFaultsOutcome' },
  );

  // ---- the SES event path (SES → SNS → SQS ses-events → handler), at the SQS boundary ----
  const eventsQueue = deps.config.SES_EVENTS_QUEUE_URL;
  const grace = deps.config.SEND_GRACE_SECONDS;
  const windowMs = deps.config.SEND_VISIBILITY_TIMEOUT_SECONDS * 1000;
  let sendEventsHandled = 0;
  let latestSendEventMs = 0;
  const lateSendEvents: string[] = [];
  const sqs = deps.aws.sqs;
  sqs.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { QueueUrl?: string; MessageBody?: string; DelaySeconds?: number };
      if (!eventsQueue || input.QueueUrl !== eventsQueue) return next(args);
      const command = String(context.commandName);
      if (command === 'SendMessageCommand' && faultsOn && opts.eventFaults !== false) {
        // SNS → SQS: late (more than half the grace window), duplicated; late ones come after later events.
        if (chance(0.1)) {
          input.DelaySeconds = rnd(
            Math.ceil(grace / 2) + 1,
            Math.max(Math.ceil(grace / 2) + 1, Math.floor(grace * 0.7)),
          );
          count('events: delayed past half the grace window');
        }
        if (chance(0.05)) {
          await next(args);
          count('events: duplicated');
        }
      }
      const out = await next(args);
      if (command === 'ReceiveMessageCommand') {
        const got = (out.output as { Messages?: { Body?: string }[] }).Messages ?? [];
        const now = Date.now();
        for (const m of got) {
          try {
            const e = JSON.parse(JSON.parse(m.Body ?? '{}').Message) as {
              eventType?: string;
              mail?: { timestamp?: string; messageId?: string };
            };
            if (e.eventType === 'Send' && e.mail?.timestamp) {
              const latency = now - Date.parse(e.mail.timestamp);
              latestSendEventMs = Math.max(latestSendEventMs, latency);
              sendEventsHandled++;
              // Later than the claim window plus the grace window: a resend may already have gone out.
              if (latency > windowMs + grace * 1000) lateSendEvents.push(`${e.mail.messageId} ${latency} ms`);
            }
          } catch {}
        }
        // The handler crashed holding these: nothing recorded, SQS redelivers them after the visibility timeout.
        if (faultsOn && opts.eventFaults !== false && got.length && chance(0.05)) {
          count('events: lost with a crashed handler (batches)');
          return { ...out, output: { ...(out.output as object), Messages: [] } } as unknown as typeof out;
        }
      }
      return out;
    },
    { step: 'initialize', priority: 'high', name: 'reliabilityEventFaults' },
  );

  const realSend = SESv2Client.prototype.send;
  const ses = mockClient(SESv2Client);
  const passThrough = (input: unknown, getClient: () => unknown) =>
    // biome-ignore lint/suspicious/noExplicitAny: re-issues the intercepted command to the real client
    (realSend as any).call(getClient(), new SendEmailCommand(input as never));
  ses.on(SendEmailCommand).callsFake(async (input, getClient) => {
    if (!faultsOn) return passThrough(input, getClient);
    if (dead) {
      // A claim taken before the death whose send never happened: the crash window.
      count('ses: send while dead');
      ambiguousFaults++;
      throw new SenderDied('process is dead');
    }
    if (chance(0.05)) {
      count('ses: throttled');
      throw new TooManyRequestsException({ message: 'injected', $metadata: { httpStatusCode: 429 } });
    }
    if (chance(0.02)) {
      count('ses: 5xx');
      throw new InternalServiceErrorException({ message: 'injected', $metadata: { httpStatusCode: 500 } });
    }
    if (chance(0.005)) {
      count('ses: timeout (not sent)');
      ambiguousFaults++;
      throw new InjectedTimeout('injected SES timeout');
    }
    if (--sendsLeft <= 0) {
      if (chance(0.5)) {
        count('sender died before a send');
        ambiguousFaults++;
        die();
        throw new SenderDied('sender died before sending');
      }
      const out = await passThrough(input, getClient);
      void out;
      count('sender died after a send');
      die();
      throw new SenderDied('sender died after sending');
    }
    try {
      return await passThrough(input, getClient);
    } catch (err) {
      // A socket hang-up or timeout of the emulator itself: nobody knows whether it took the email.
      if (!answered(err)) {
        count('ses: real error without an answer');
        ambiguousFaults++;
      }
      throw err;
    }
  });

  // ---- send: two pollers (the sender's reserved concurrency), until the queue is empty ----
  // The sender's log lines of this run (the root keeps what its logger wrote).
  const firstLine = deps.logLines.length;
  let handled = 0;
  let deadLettered = 0;
  let waitedForEventsMs = 0;
  let restoreTakeOver = () => {};
  try {
    // Before the sender sends once more (a claim with no SES event after window + grace), the SES events
    // already published are handled. On AWS the ses-events Lambda scales out with its queue, so a Send
    // event is late by SES's and SNS's delay (injected above: up to 70 % of the grace window). Here the
    // consumer is pollers in this one process: on a CPU-starved machine their backlog grew until Send
    // events reached the ledger 35-60 s after SES took the email, past window + grace (19 s), and a claim
    // whose SES answer was lost was, as designed, sent once more: a real second email, a duplicate.
    // Waiting on the backlog (not on the delayed events) keeps the rig's own lag out of the count;
    // `sendEvents.laterThanGrace` still reports every Send event later than window + grace.
    const takeOver = deps.deliveries.takeOver;
    deps.deliveries.takeOver = async (stale, claim) => {
      const from = Date.now();
      await opts.eventsSettled?.(120_000).catch(() => count('events: consumer still behind after 120 s'));
      waitedForEventsMs += Date.now() - from;
      return takeOver.call(deps.deliveries, stale, claim);
    };
    restoreTakeOver = () => {
      deps.deliveries.takeOver = takeOver;
    };
    const { createSenderHandler } = await import('../../../functions/handlers/sender');
    const handler = createSenderHandler(deps);
    const invoke = async (event: SQSEvent) => {
      if (dead) dead = false; // a new process
      const epoch = deathEpoch;
      handled += event.Records.length;
      const res = await inSender.run(true, () => handler(event));
      // The process died during this invocation: Lambda never reports, the batch comes back.
      if (deathEpoch !== epoch) throw new SenderDied('invocation died');
      return res;
    };
    const dlqUrl = `${queueUrl}-dlq`;
    for (let round = 0; round < 4; round++) {
      await Promise.all(
        [0, 1].map(async () => {
          const p = createSqsPoller({
            sqs: deps.aws.sqs,
            queueUrl,
            handler: invoke,
            region: 'us-east-1',
            batchSize: 5,
          });
          for (;;) {
            const n = await p.pollOnce(1);
            if (n === 0 && (await p.backlog()) === 0) return;
          }
        }),
      );
      // What an operator does with the dead-letter queue: redrive it (the ledger keeps resends safe).
      const dlq = await deps.aws.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
      );
      if (!dlq.Messages?.length) break;
      for (;;) {
        const got = await deps.aws.sqs.send(
          new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
        );
        const all = [...(dlq.Messages ?? []), ...(got.Messages ?? [])];
        dlq.Messages = [];
        for (const m of all) {
          deadLettered++;
          await deps.aws.sqs.send(
            new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: m.Body as string }),
          );
        }
        if (!got.Messages?.length) break;
      }
    }
  } finally {
    faultsOn = false;
    restoreTakeOver();
    ses.restore();
    dynamo.middlewareStack.remove('reliabilityFaults');
    sqs.middlewareStack.remove('reliabilityEventFaults');
    dynamo.middlewareStack.remove('reliabilityFaultsOutcome');
  }

  // ---- count: the SES emulator's store and the deliveries table, once SES's events are all in ----
  await opts.eventsSettled?.(120_000);
  const res = await fetch(`${deps.config.SES_ENDPOINT}/store?since=${Math.floor(started / 1000) - 1}`);
  const { emails } = (await res.json()) as { emails: StoredEmail[] };
  const perAddress = new Map<string, number>();
  for (const e of emails)
    for (const to of e.destination.to)
      if (to.endsWith(`@${domain}`)) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
  const lines = deps.logLines.slice(firstLine);
  const ledger = await scanLedger(deps, editionId);
  const twice = [...perAddress].filter(([, n]) => n > 1).map(([e]) => e);
  const leaving = new Set(leavers);
  const expected = active.filter((e) => !leaving.has(e));
  let duplicates = 0;
  for (const n of perAddress.values()) duplicates += Math.max(0, n - 1);
  const missingList = expected.filter((e) => !perAddress.has(e));
  const missingWithStaleClaim = missingList.filter(
    (e) => ledger.get(subscriberIdFor(e))?.status === 'claimed',
  ).length;
  const mailedUnsubscribedOrSuppressed = [...pending, ...unsubscribed, ...suppressed, ...leavers].filter(
    (e) => perAddress.has(e),
  ).length;
  const sentRecordsWithoutOneEmail = [...active].filter(
    (e) => ledger.get(subscriberIdFor(e))?.status === 'sent' && perAddress.get(e) !== 1,
  ).length;
  return {
    readers: opts.readers,
    expected: expected.length,
    mailed: [...perAddress.values()].reduce((a, b) => a + b, 0),
    duplicates,
    missing: missingList.length,
    missingWithStaleClaim,
    ambiguousFaults,
    mailedUnsubscribedOrSuppressed,
    sentRecordsWithoutOneEmail,
    rejectedReaders: lines.filter((l) => l.includes('"outcome":"rejected"')).length,
    injected,
    duplicatePages,
    sqsReceivesHandled: handled,
    deadLettered,
    seconds: Math.round((Date.now() - started) / 1000),
    resent: lines.filter((l) => l.includes('sending once more')).length,
    secondCopies: lines.filter((l) => l.includes('"ses-events: second-copy"') && l.includes('"type":"Send"'))
      .length,
    waitedForEventsSeconds: Math.round(waitedForEventsMs / 1000),
    sendEvents: {
      handled: sendEventsHandled,
      slowestMs: latestSendEventMs,
      laterThanGrace: lateSendEvents.length,
      graceSeconds: grace,
    },
    duplicatesExplained: twice.slice(0, 10).flatMap((e) => {
      const id = subscriberIdFor(e);
      return [
        `${e}: ${JSON.stringify(ledger.get(id))}`,
        ...emails.filter((m) => m.destination.to.includes(e)).map((m) => `  email ${m.messageId} at ${m.at}`),
        ...lines.filter((l) => l.includes(id)).map((l) => `  ${l.slice(0, 300)}`),
      ];
    }),
    missingExplained: missingList.slice(0, 20).flatMap((e) => {
      const id = subscriberIdFor(e);
      return lines.filter((l) => l.includes(id)).map((l) => l.slice(0, 300));
    }),
  };
}

async function batchPut(deps: TestRoot, items: Subscriber[]) {
  const batches: Subscriber[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < batches.length) {
        const batch = batches[next++] as Subscriber[];
        let requests: Record<string, unknown>[] | undefined = batch.map((Item) => ({ PutRequest: { Item } }));
        while (requests?.length) {
          const out = await deps.aws.doc.send(
            new BatchWriteCommand({ RequestItems: { [deps.config.tables.subscribers]: requests } }),
          );
          requests = out.UnprocessedItems?.[deps.config.tables.subscribers] as typeof requests;
        }
      }
    }),
  );
}

async function scanLedger(deps: TestRoot, editionId: string) {
  const out = new Map<string, Record<string, unknown> & { status: string }>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await deps.aws.doc.send(
      new ScanCommand({
        TableName: deps.config.tables.deliveries,
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const i of page.Items ?? [])
      if (i.editionId === editionId)
        out.set(String(i.subscriberId), {
          ...i,
          status: String(i.status),
          sesMessageIds: i.sesMessageIds instanceof Set ? [...i.sesMessageIds] : i.sesMessageIds,
        });
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}
