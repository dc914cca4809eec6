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

/**
 * The sender's own SES client: SDK retries off, so that every attempt, first or retried, passes the token
 * bucket below and the rate holds even while SES throttles.
 */
export const createSenderSes = (config: Config) =>
  new SESv2Client({ ...clientOptions(config, config.SES_ENDPOINT), maxAttempts: 1 });

/**
 * This instance's send slots at `ratePerSecond`: callers take turns in order; each waits for its slot on a
 * grid spaced 1.015 s / rate apart, and never while the last floor(rate) sends all fall within the past 1.015 s.
 * The grid keeps the rate when a timer fires late (a token bucket of size 1, as `limiter`'s, drops that
 * lateness: 91 of 120/s were measured under load); the window makes "at most the share in any one-second
 * window" hold at the moment SES is called, whatever the timers do. After an idle spell the grid restarts
 * from now (no burst to catch up, none at the start).
 */
/**
 * One second, plus room for the hop from the pacer into the SDK (microtasks: up to ~4 ms measured on this
 * machine, more under load) so that the window also holds where the request enters the SES client. Sends
 * are spaced WINDOW_MS / share apart: 1.5 % under the share.
 */
const WINDOW_MS = 1015;

export function createSendPacer(ratePerSecond: number, now: () => number = () => performance.now()) {
  const perWindow = Math.max(1, Math.floor(ratePerSecond));
  // The grid puts the next window's first send just as the window allows it, so the window only binds
  // after a catch-up (it would otherwise add every late timer to the next second's sends).
  const spacing = ratePerSecond >= 1 ? WINDOW_MS / perWindow : 1000 / ratePerSecond;
  const recent: number[] = []; // the last `perWindow` send times, oldest first
  let slot = Number.NEGATIVE_INFINITY; // the next grid slot
  let turns: Promise<void> = Promise.resolve();
  const wait = async () => {
    // Whether this caller had to wait for its slot (queued behind the grid) or found it free (idle).
    const queued = now() < slot;
    for (;;) {
      const t = now();
      const windowFree = recent.length < perWindow ? t : (recent[0] as number) + WINDOW_MS;
      const at = Math.max(slot, windowFree);
      if (at <= t) break;
      await new Promise((r) => setTimeout(r, Math.max(1, Math.ceil(at - t))));
    }
    const t = now();
    // Queued: keep to the grid, so a timer that fired late costs nothing, but never closer than 0.6 of a
    // slot to this send (no bursts after a long stall); idle: start the grid again from now.
    slot = queued ? Math.max(slot + spacing, t + 0.6 * spacing) : t + spacing;
    recent.push(t);
    if (recent.length > perWindow) recent.shift();
  };
  return (): Promise<void> => {
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
          await takeSlot();
          // The inner mailer refuses to start a call past `notAfter`, so a long throttled wait cannot outlive the claim.
          return mailer.send(email, sendOpts);
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
