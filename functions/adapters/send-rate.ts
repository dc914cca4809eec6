import { AsyncLocalStorage } from 'node:async_hooks';
import { GetAccountCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { backOff } from 'exponential-backoff';
import type { Config } from '../config';
import { isThrottlingError } from '../core/send-errors';
import { perInstanceRate } from '../core/send-plan';
import type { Mailer } from '../ports';
import { clientOptions } from './client-options';

/** The account's sending rate: config MAX_SEND_RATE if set, else SES v2 GetAccount's SendQuota.MaxSendRate. */
export async function accountMaxSendRate(ses: SESv2Client, config: Config): Promise<number> {
  if (config.MAX_SEND_RATE) return config.MAX_SEND_RATE;
  const out = await ses.send(new GetAccountCommand({}));
  const rate = out.SendQuota?.MaxSendRate;
  if (!rate || rate <= 0) throw new Error('SES GetAccount returned no MaxSendRate: set MAX_SEND_RATE');
  return rate;
}

/** Set around one paced send: told the moment its request enters the sender's SES client. */
const entering = new AsyncLocalStorage<(at: number) => void>();

/**
 * The sender's own SES client: SDK retries off, so that every attempt, first or retried, passes the pacer
 * below and the rate holds even while SES throttles. Its outermost middleware tells the pacer when each
 * SendEmail entered the client: the pacer's window counts those moments, not the moments it granted a
 * slot, so that the hop from the pacer into the SDK (microtasks; more under load) cannot put two sends
 * closer at the client than the pacer allowed. It takes the time once the inner middlewares' synchronous
 * part has run, so any stamp taken there (the limit bench's, the tests') is never later than the pacer's,
 * even when the process is preempted between the two (seen at load 3.4: 51 in one second at 50/s when the
 * time was taken before them).
 */
export function createSenderSes(config: Config): SESv2Client {
  const ses = new SESv2Client({ ...clientOptions(config, config.SES_ENDPOINT), maxAttempts: 1 });
  ses.middlewareStack.add(
    (next, context) => (args) => {
      const entered = context.commandName === 'SendEmailCommand' ? entering.getStore() : undefined;
      try {
        return next(args);
      } finally {
        entered?.(performance.now());
      }
    },
    { step: 'initialize', priority: 'high', name: 'sendPacerClock' },
  );
  return ses;
}

/** The window: one second, where the request enters the SES client. */
const WINDOW_MS = 1000;

/** One granted send: `entered` when its request entered the SES client, `done` when the attempt is over. */
export interface SendSlot {
  entered(at: number): void;
  done(): void;
}

/**
 * This instance's send slots at `ratePerSecond`: callers take turns in order; each waits for its slot on a
 * grid spaced 1 s / rate apart, and never while floor(rate) sends entered the SES client within the past
 * second or are on their way there (granted, not yet entered). That window makes "at most the share in any
 * one-second window" hold where the request enters the client, by construction, whatever the timers and
 * the event loop do: take any second (x − 1 s, x] and, of the sends entering in it, the last granted, at t
 * ≤ x; every other one was, at t, either on its way or entered after x − 1 s ≥ t − 1 s, so the pacer counted
 * it. A send that ends without telling it entered (a client without the clock, a mailer that refused to
 * call SES) counts as entered when it ended, which is no earlier than it could have. The grid spreads the
 * sends within the window: a queued caller keeps to the grid through late timers (a token bucket of size 1,
 * as `limiter`'s, loses that lateness: 91 of 120/s were measured under load), never closer than 0.6 of a
 * slot to the send before; an idle pacer restarts its grid from now (no burst). The window is at the
 * share's most, so a slot nobody took, or a late one, is not made up: each send's lateness (its timer, its
 * hop) delays the send a window later by as much.
 */
export function createSendPacer(
  ratePerSecond: number,
  now: () => number = () => performance.now(),
): () => Promise<SendSlot> {
  const perWindow = Math.max(1, Math.floor(ratePerSecond));
  // The grid puts the next window's first send just as the window allows it, so the window only binds
  // after a catch-up (it would otherwise add every late timer to the next second's sends).
  const spacing = ratePerSecond >= 1 ? WINDOW_MS / perWindow : 1000 / ratePerSecond;
  const entered: number[] = []; // when the sends of the past window entered the client, oldest first
  let onTheWay = 0; // granted, not yet entered nor ended
  let slot = Number.NEGATIVE_INFINITY; // the next grid slot
  let turns: Promise<unknown> = Promise.resolve();
  /** When the window next has room (now, if it has), or undefined while only sends on their way fill it. */
  const windowFree = (t: number): number | undefined => {
    while (entered.length && (entered[0] as number) <= t - WINDOW_MS) entered.shift();
    const over = entered.length + onTheWay - perWindow; // how many must leave the window first
    if (over < 0) return t;
    return over < entered.length ? (entered[over] as number) + WINDOW_MS : undefined;
  };
  const wait = async (): Promise<SendSlot> => {
    // Whether this caller had to wait for its slot (queued behind the grid) or found it free (idle).
    const queued = now() < slot;
    for (;;) {
      const t = now();
      const at = Math.max(slot, windowFree(t) ?? t + 1);
      if (at <= t) break;
      await new Promise((r) => setTimeout(r, Math.max(1, Math.ceil(at - t))));
    }
    const t = now();
    // Queued: keep to the grid, so a timer that fired late costs nothing, but never closer than 0.6 of a
    // slot to this send (no bursts after a long stall); idle: start the grid again from now.
    slot = queued ? Math.max(slot + spacing, t + 0.6 * spacing) : t + spacing;
    onTheWay++;
    let open = true;
    const close = (at: number) => {
      if (!open) return;
      open = false;
      onTheWay--;
      entered.push(Math.max(at, entered.at(-1) ?? at));
    };
    return { entered: close, done: () => close(now()) };
  };
  return () => {
    const turn = turns.then(wait);
    turns = turn;
    return turn;
  };
}

/**
 * Wraps a mailer with this instance's share of the account rate (`createSendPacer`: evenly spaced, never
 * more than the share in a one-second window) and with exponential backoff on SES throttling
 * (`exponential-backoff`, full jitter). Other errors pass through at once.
 */
export function createPacedMailer(
  mailer: Mailer,
  opts: { accountRate: number; concurrency: number; attempts: number; startingDelayMs?: number },
): Mailer & { ratePerSecond: number } {
  const ratePerSecond = perInstanceRate(opts.accountRate, opts.concurrency);
  const takeSlot = createSendPacer(ratePerSecond);
  return {
    ratePerSecond,
    send: (email, sendOpts) =>
      backOff(
        async () => {
          const slot = await takeSlot();
          try {
            // The inner mailer refuses to start a call past `notAfter`, so a long throttled wait cannot outlive the claim.
            return await entering.run(slot.entered, () => mailer.send(email, sendOpts));
          } finally {
            slot.done();
          }
        },
        {
          numOfAttempts: opts.attempts,
          startingDelay: opts.startingDelayMs ?? 200,
          maxDelay: 20_000,
          jitter: 'full',
          retry: (err) => isThrottlingError(err),
        },
      ),
  };
}
