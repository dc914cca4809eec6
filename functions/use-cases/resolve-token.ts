import { matchTokenToSubscriber, type SubscriberTokenResult } from '../core/subscriber-token';
import { type TokenPurpose, type VerifyOptions, verifyToken } from '../core/tokens';
import type { LifecycleDeps } from './lifecycle-deps';

/** Verifies a link's token and loads the subscriber it names (see core/subscriber-token.ts for the rules). */
export async function resolveToken(
  deps: Pick<LifecycleDeps, 'subscriberStore' | 'signingSecret'> &
    Partial<Pick<LifecycleDeps, 'signingKeys'>>,
  token: string | undefined,
  purpose: TokenPurpose,
  now: Date,
  options: VerifyOptions = {},
): Promise<SubscriberTokenResult> {
  if (!token) return { ok: false, reason: 'missing' };
  const keys = deps.signingKeys ? await deps.signingKeys() : await deps.signingSecret();
  let check = verifyToken(keys, token, purpose, now, options);
  // Signed by a key newer than our copy (a rotation since this process read it)? Read again, once.
  if (!check.ok && check.reason === 'forged' && deps.signingKeys)
    check = verifyToken(await deps.signingKeys({ fresh: true }), token, purpose, now, options);
  if (!check.ok) return check;
  return matchTokenToSubscriber(check, await deps.subscriberStore.get(check.subscriberId), options);
}
