import type { Delivery } from '../schemas/delivery';

/** Ledger records outlive any re-run of their edition by far, then DynamoDB TTL removes them. */
export const LEDGER_RETENTION_DAYS = 60;

export const ledgerExpiresAt = (now: Date): number =>
  Math.floor(now.getTime() / 1000) + LEDGER_RETENTION_DAYS * 24 * 3600;

/**
 * What to do when a reader's ledger record already exists.
 * - `sent`: delivered before; skip.
 * - `claimed` and younger than the visibility timeout: another invocation may be sending right now; retry the
 *   message later (by then it is `sent`, released, or stale).
 * - `claimed` and older: a process died between the send and the ledger update, or could not tell whether SES
 *   took the email. Readers prefer a missed digest to a duplicate, so it is never resent: counted and logged.
 */
export type ExistingClaimVerdict = 'already-sent' | 'in-flight' | 'uncertain';

export function verdictOnExisting(
  existing: Pick<Delivery, 'status' | 'claimedAt'>,
  now: Date,
  visibilityTimeoutSeconds: number,
): ExistingClaimVerdict {
  if (existing.status === 'sent') return 'already-sent';
  const age = now.getTime() - Date.parse(existing.claimedAt);
  return age >= visibilityTimeoutSeconds * 1000 ? 'uncertain' : 'in-flight';
}

/** Each sender instance's share of the account's rate, so that all reserved instances together stay under it. */
export function perInstanceRate(accountMaxSendRate: number, senderConcurrency: number): number {
  if (!(accountMaxSendRate > 0)) throw new Error(`MaxSendRate must be positive, got ${accountMaxSendRate}`);
  return accountMaxSendRate / Math.max(1, senderConcurrency);
}
