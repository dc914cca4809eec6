import { randomBytes } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import autocannon from 'autocannon';
import type { Root } from '../../../functions/roots/compose';

export interface SignupLoadFigures {
  connections: number;
  durationSeconds: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  accepted: number;
  rateLimited: number;
  /** Any answer other than 202 or 429, plus socket errors and timeouts. */
  errors: number;
  statuses: Record<string, number>;
  /** Accepted addresses found exactly once in the subscribers table. */
  storedOnce: number;
  /** Accepted addresses missing from, or found more than once in, the table. */
  notStoredOnce: number;
  /** Items in the table that no request of the run asked for (must be 0). */
  unexpectedItems: number;
  /** Requests still in flight when the run stopped: the server may have stored them, unanswered. */
  unansweredStored: number;
}

/**
 * Drives POST /subscriptions with autocannon, a fresh address per request (setupRequest runs per request
 * on each connection; with no pipelining the next onResponse on that connection is its answer), then
 * Scans the subscribers table and checks each accepted address is stored exactly once.
 */
export async function runSignupLoad(opts: {
  url: string;
  deps: Root;
  connections: number;
  durationSeconds: number;
}): Promise<SignupLoadFigures> {
  const domain = `load-${randomBytes(4).toString('hex')}.example`;
  let seq = 0;
  const accepted: string[] = [];
  const asked = new Set<string>();
  const statuses: Record<string, number> = {};
  // One signup first: the first request pays for cold code paths and connections, not the load.
  const warm = await fetch(`${opts.url}/subscriptions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `warm-up@${domain}`, topics: ['llm'], frequency: 'daily' }),
  });
  asked.add(`warm-up@${domain}`);
  if (warm.status === 202) accepted.push(`warm-up@${domain}`);
  const result = await autocannon({
    url: `${opts.url}/subscriptions`,
    connections: opts.connections,
    duration: opts.durationSeconds,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        setupRequest: (req, ctx) => {
          const context = ctx as { email?: string };
          const email = `reader-${seq++}@${domain}`;
          context.email = email;
          asked.add(email);
          return { ...req, body: JSON.stringify({ email, topics: ['llm'], frequency: 'daily' }) };
        },
        onResponse: (status, _body, ctx) => {
          const context = ctx as { email?: string };
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status === 202) accepted.push(context.email as string);
        },
      },
    ],
  });
  // Requests in flight when autocannon stopped still finish on the server: wait until the table settles.
  let counts = await countByEmail(opts.deps, domain);
  for (let i = 0; i < 60; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    const again = await countByEmail(opts.deps, domain);
    const settled = again.size === counts.size;
    counts = again;
    if (settled) break;
  }
  let storedOnce = 0;
  for (const email of accepted) if (counts.get(email) === 1) storedOnce++;
  const acceptedSet = new Set(accepted);
  const unexpectedItems = [...counts.keys()].filter((e) => !asked.has(e)).length;
  const unansweredStored = [...counts.keys()].filter((e) => asked.has(e) && !acceptedSet.has(e)).length;
  const rateLimited = statuses[429] ?? 0;
  const otherStatuses = Object.entries(statuses)
    .filter(([s]) => s !== '202' && s !== '429')
    .reduce((n, [, c]) => n + c, 0);
  return {
    connections: opts.connections,
    durationSeconds: opts.durationSeconds,
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    accepted: accepted.length,
    rateLimited,
    errors: result.errors + result.timeouts + otherStatuses,
    statuses,
    storedOnce,
    notStoredOnce: accepted.length - storedOnce,
    unexpectedItems,
    unansweredStored,
  };
}

/** Scan (consistent) of the subscribers table: how many items hold each address of the run's domain. */
async function countByEmail(deps: Root, domain: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await deps.aws.doc.send(
      new ScanCommand({
        TableName: deps.config.tables.subscribers,
        ConsistentRead: true,
        ProjectionExpression: 'email',
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const email = String(item.email);
      if (email.endsWith(`@${domain}`)) counts.set(email, (counts.get(email) ?? 0) + 1);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return counts;
}
