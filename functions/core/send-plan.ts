/**
 * How the sender reaches the account's SES rate (MaxSendRate) without passing it: how many sender
 * instances, each one's share of the rate, how many sends it keeps in flight, how many pages (SQS
 * messages) one invocation takes. One pure function, used by the sender at run time and by CDK at
 * synth (ARCHITECTURE.md, "Sending at the rate limit", gives the reasoning).
 */
export interface SendPlanInput {
  /** The account's SES MaxSendRate, emails per second. */
  maxSendRate: number;
  /** Readers per send-queue message (SEND_PAGE_SIZE). */
  pageSize: number;
  /** A slow SES SendEmail (about its p99), ms. */
  sesLatencyMs: number;
  /** A slow DynamoDB call (about its p99), ms. */
  dynamoLatencyMs: number;
  /** The most emails per second one instance is planned for (its CPU, not its rate share). */
  instanceMaxRate: number;
  /** Fixed by the deployment (the sender's reserved concurrency); else derived. */
  instances?: number;
}

export interface SendPlan {
  /** Sender instances at most (reserved concurrency, the event source's maximum concurrency). */
  instances: number;
  /** Each instance's share of MaxSendRate (its token bucket), emails per second. */
  ratePerInstance: number;
  /** Sends one instance keeps in flight (readers worked on side by side, across its batch's pages). */
  sendsInFlight: number;
  /** SQS messages (pages) per invocation. */
  batchSize: number;
  /** How long one reader keeps a lane busy: the claim, the send, the ledger's `sent` (ms). */
  readerMs: number;
}

/** SQS's event source takes at most 10 messages per batch from a standard queue without a batching window. */
const MAX_BATCH = 10;
/**
 * An invocation should last at least this long: the gap between two (the last readers' calls, the next
 * receive, the page's read and claim: 0.2–0.6 s measured with AWS-like latency) is lost to the rate for
 * good, against the edition's end, where an instance busy with its last batch leaves the others idle
 * (about half an invocation). 8 s balances the two for editions of a few minutes (`limit` bench, 10,000
 readers at 50/s, idle machine: invocations of 2 s reached 0.917 of the rate, 6 s 0.946, 8 s 0.956).
 */
const MIN_INVOCATION_SECONDS = 8;
/**
 * A slow call (the slow tail of DynamoDB or SES, ~p99.9; the limit bench injects 200–400 ms into 1 % of
 * calls), ms. Sends in flight cover it on top of Little's law: readers already claimed and waiting for the
 * pacer carry it through one such call (a page read, a claim, a hiccup of either service) without a slot
 * going unused, since a slot nobody took is never made up.
 */
const SLOW_CALL_MS = 400;

/**
 * Each sender instance's share of the account's rate, so that all instances together stay under it.
 * Sends are spaced at least 1/share apart per instance, so any one-second window holds at most
 * ceil(share) of one instance's sends: a whole share (rounded down) keeps the sum over the instances at
 * or under MaxSendRate in every such window. Below one per second a window holds one send per instance.
 */
export function perInstanceRate(accountMaxSendRate: number, instances: number): number {
  if (!(accountMaxSendRate > 0)) throw new Error(`MaxSendRate must be positive, got ${accountMaxSendRate}`);
  const share = accountMaxSendRate / Math.max(1, instances);
  return share >= 1 ? Math.floor(share) : share;
}

export function sendPlan(input: SendPlanInput): SendPlan {
  const { maxSendRate, pageSize, sesLatencyMs, dynamoLatencyMs, instanceMaxRate } = input;
  if (!(maxSendRate > 0)) throw new Error(`MaxSendRate must be positive, got ${maxSendRate}`);
  if (!(instanceMaxRate > 0)) throw new Error(`instanceMaxRate must be positive, got ${instanceMaxRate}`);
  // At least 2: SQS's maximum concurrency cannot be set below 2, and without it Lambda's pollers are
  // throttled by the reserved concurrency and messages bounce back (towards the dead-letter queue).
  const instances = Math.max(1, input.instances ?? Math.max(2, Math.ceil(maxSendRate / instanceMaxRate)));
  const ratePerInstance = perInstanceRate(maxSendRate, instances);
  const readerMs = 2 * dynamoLatencyMs + sesLatencyMs;
  // Little's law: sends in flight = rate × time per send, the time here with a slow call on top (readers
  // waiting for the pacer as a buffer); one more so a lane is always waiting on the token. Sized for what
  // one instance can push (its CPU): a larger share (instances fixed too few) gains nothing from more
  // lanes, which would only crowd the SDK's sockets.
  const pushed = Math.min(ratePerInstance, instanceMaxRate);
  const sendsInFlight = Math.max(1, Math.ceil((pushed * (readerMs + SLOW_CALL_MS)) / 1000) + 1);
  const pageSeconds = pageSize / ratePerInstance;
  const batchSize = Math.min(MAX_BATCH, Math.max(1, Math.ceil(MIN_INVOCATION_SECONDS / pageSeconds)));
  return { instances, ratePerInstance, sendsInFlight, batchSize, readerMs };
}

/** Room kept at the end of an invocation for the readers already started to finish. */
const INVOCATION_MARGIN_MS = 10_000;

/**
 * When an invocation stops starting readers (epoch ms): its time left, less a safety margin and the
 * longest a send can wait for its slot (every reader in flight shares this instance's rate).
 */
export const startReadersUntil = (
  nowMs: number,
  remainingMs: number,
  plan: Pick<SendPlan, 'sendsInFlight'>,
  ratePerSecond: number,
): number => nowMs + remainingMs - INVOCATION_MARGIN_MS - (plan.sendsInFlight / ratePerSecond) * 1000;
