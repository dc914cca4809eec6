import { createHash } from 'node:crypto';

/** Addresses compare case-insensitively and without surrounding space. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/**
 * A subscriber's id, derived from the normalised address: one address is always one item, so two
 * signups racing for the same address meet on one key and a conditional write picks the winner.
 * It is a pseudonym, not a secret: what protects a subscription is the signed token.
 */
export function subscriberIdFor(email: string): string {
  return createHash('sha256')
    .update(`papers-inbox/subscriber/v1:${normalizeEmail(email)}`)
    .digest('base64url')
    .slice(0, 32);
}
