import type { TokenRefusal } from '../core/subscriber-token';
import { SLOT_KEYS, type Subscriber } from '../schemas/subscriber';
import type { LifecycleDeps } from './lifecycle-deps';
import { resolveToken } from './resolve-token';

/** The unsubscribe link of any email ever sent works: no expiry, any key we signed with (core/tokens.ts). */
const UNSUBSCRIBE_ONLY = { unsubscribeOnly: true } as const;

export type UnsubscribeOutcome =
  | { ok: true; subscriber: Subscriber; alreadyUnsubscribed: boolean }
  | { ok: false; reason: TokenRefusal };

/** For the GET page: checks the link and changes nothing (mail scanners follow links). */
export async function checkUnsubscribeLink(
  deps: LifecycleDeps,
  token: string | undefined,
  now: Date,
): Promise<UnsubscribeOutcome> {
  const resolved = await resolveToken(deps, token, 'manage', now, UNSUBSCRIBE_ONLY);
  if (!resolved.ok) return resolved;
  return {
    ok: true,
    subscriber: resolved.subscriber,
    alreadyUnsubscribed: resolved.subscriber.status === 'unsubscribed',
  };
}

/** Unsubscribes at once (RFC 8058 one-click or the page's button); repeating it changes nothing. */
export async function unsubscribe(
  deps: LifecycleDeps,
  token: string | undefined,
  now: Date,
): Promise<UnsubscribeOutcome> {
  for (let round = 0; round < 3; round++) {
    const resolved = await resolveToken(deps, token, 'manage', now, UNSUBSCRIBE_ONLY);
    if (!resolved.ok) return resolved;
    const s = resolved.subscriber;
    if (s.status === 'unsubscribed') return { ok: true, subscriber: s, alreadyUnsubscribed: true };
    const at = now.toISOString();
    // No TTL on the unsubscribed item: it is the evidence that consent was withdrawn, until erased.
    // Out of the slot index in the same write: no planner tick reads this reader again.
    const done = await deps.subscribers.updateIf(
      s.id,
      s.tokenVersion,
      { status: 'unsubscribed', unsubscribedAt: at, updatedAt: at },
      { remove: ['expiresAt', ...SLOT_KEYS], statusIs: s.status },
    );
    if (done) {
      const { expiresAt: _e, nextSlot: _n, slotShard: _s, ...rest } = s;
      return {
        ok: true,
        subscriber: { ...rest, status: 'unsubscribed', unsubscribedAt: at, updatedAt: at },
        alreadyUnsubscribed: false,
      };
    }
  }
  return { ok: false, reason: 'revoked' };
}
