import type { Delivery } from '../schemas/delivery';

/** Ledger records outlive any re-run of their edition by far, then DynamoDB TTL removes them. */
export const LEDGER_RETENTION_DAYS = 60;

export const ledgerExpiresAt = (now: Date): number =>
  Math.floor(now.getTime() / 1000) + LEDGER_RETENTION_DAYS * 24 * 3600;

/**
 * What to do when a reader's ledger record already exists (the settle rule):
 * - `ours`: the record carries our own claim id: our earlier write went through but its answer was lost.
 * - `already-sent`: SES took a copy: the sender heard its answer, or SES's own event said so. Skip.
 * - `in-flight`: a claim younger than the claim window (the send queue's visibility timeout): another
 *   invocation may be sending right now; the page is retried later.
 * - `settling`: the claim window is over (no SES call may be made under that claim any more) but SES's
 *   events may still be on their way: wait out the grace window; the page is retried later.
 * - `resend`: no SES event for `graceSeconds` after the claim window closed: SES never took the email.
 *   The caller takes the claim over (conditionally) and sends once more.
 */
export type ExistingClaimVerdict = 'ours' | 'already-sent' | 'in-flight' | 'settling' | 'resend';

export interface SettleWindow {
  now: Date;
  /** The claim id of the caller's attempt. */
  claimId: string;
  /** How long a claim may call SES (the send queue's visibility timeout). */
  claimWindowSeconds: number;
  /** How long after the claim window SES's events may still arrive (SEND_GRACE_SECONDS). */
  graceSeconds: number;
}

export function verdictOnExisting(
  existing: Pick<Delivery, 'status' | 'claimedAt' | 'claimId'>,
  w: SettleWindow,
): ExistingClaimVerdict {
  if (existing.status === 'sent') return 'already-sent';
  if (existing.claimId === w.claimId) return 'ours';
  const age = w.now.getTime() - Date.parse(existing.claimedAt);
  if (age < w.claimWindowSeconds * 1000) return 'in-flight';
  return age < (w.claimWindowSeconds + w.graceSeconds) * 1000 ? 'settling' : 'resend';
}

/** The last moment (epoch ms) a sender may call SES under a claim taken at `claimedAt`. */
export const claimSendsUntil = (claimedAt: string, claimWindowSeconds: number): number =>
  Date.parse(claimedAt) + claimWindowSeconds * 1000;
