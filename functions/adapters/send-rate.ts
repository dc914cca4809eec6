import { GetAccountCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { backOff } from 'exponential-backoff';
import { TokenBucket } from 'limiter';
import type { Config } from '../config';
import { isThrottlingError } from '../core/send-errors';
import { perInstanceRate } from '../core/send-plan';
import type { Mailer } from '../ports';
import { clientOptions } from './aws-clients';

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
 * Wraps a mailer with this instance's share of the account rate (a token bucket of size 1 from `limiter`:
 * sends are spaced at least 1/rate apart, no burst) and with exponential backoff on SES throttling
 * (`exponential-backoff`, full jitter). Other errors pass through at once.
 */
export function createPacedMailer(
  mailer: Mailer,
  opts: { accountRate: number; concurrency: number; attempts: number; startingDelayMs?: number },
): Mailer & { ratePerSecond: number } {
  const ratePerSecond = perInstanceRate(opts.accountRate, opts.concurrency);
  const bucket = new TokenBucket({ bucketSize: 1, tokensPerInterval: ratePerSecond, interval: 'second' });
  return {
    ratePerSecond,
    send: (email, sendOpts) =>
      backOff(
        async () => {
          await bucket.removeTokens(1);
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
