import type { Subscriber } from '../schemas/subscriber';

/** A signup nobody confirms is removed by DynamoDB TTL after this long. */
export const PENDING_TTL_SECONDS = 7 * 24 * 3600;

/**
 * What a signup does to the stored subscriber. `already-active` changes nothing (topics change only
 * through a manage link) and mails a manage link instead of a confirmation.
 */
export type SignupAction = 'create' | 'refresh-pending' | 'restart-opt-in' | 'already-active';

export function signupAction(existing: Subscriber | undefined): SignupAction {
  if (!existing) return 'create';
  switch (existing.status) {
    case 'pending':
      return 'refresh-pending';
    case 'unsubscribed':
      return 'restart-opt-in';
    case 'active':
      return 'already-active';
  }
}

/** Fixed windows for counters: the key names the window, the counter expires when it ends. */
export function rateWindow(now: Date, seconds: number): { id: string; endsAt: number; retryAfter: number } {
  const nowSec = Math.floor(now.getTime() / 1000);
  const start = nowSec - (nowSec % seconds);
  const endsAt = start + seconds;
  return { id: String(start), endsAt, retryAfter: Math.max(1, endsAt - nowSec) };
}
