import { matchTokenToSubscriber, type SubscriberTokenResult } from '../core/subscriber-token';
import { type TokenPurpose, verifyToken } from '../core/tokens';
import type { LifecycleDeps } from './lifecycle-deps';

/** Verifies a link's token and loads the subscriber it names (see core/subscriber-token.ts for the rules). */
export async function resolveToken(
  deps: Pick<LifecycleDeps, 'subscribers' | 'signingSecret'>,
  token: string | undefined,
  purpose: TokenPurpose,
  now: Date,
): Promise<SubscriberTokenResult> {
  if (!token) return { ok: false, reason: 'missing' };
  const check = verifyToken(await deps.signingSecret(), token, purpose, now);
  if (!check.ok) return check;
  return matchTokenToSubscriber(check, await deps.subscribers.get(check.subscriberId));
}
