import { matchTokenToSubscriber, type SubscriberTokenResult } from '../core/subscriber-token';
import { type SigningKeys, type TokenPurpose, type VerifyOptions, verifyToken } from '../core/tokens';
import type { Ports } from '../ports';
import type { LifecycleDeps } from './lifecycle-deps';

/**
 * A token check against the key ring, made once more on a fresh read of the ring when the token reads
 * as forged: it may be signed by a key newer than our copy (a rotation since this process read it).
 * The port limits how often a fresh read reaches Secrets Manager, so forged links cannot flood it.
 */
export async function checkAgainstKeyRing<C extends { ok: boolean; reason?: string }>(
  signingKeys: Ports['signingKeys'],
  check: (keys: SigningKeys) => C,
): Promise<C> {
  const first = check(await signingKeys());
  return first.ok || first.reason !== 'forged' ? first : check(await signingKeys({ fresh: true }));
}

/** Verifies a link's token and loads the subscriber it names (see core/subscriber-token.ts for the rules). */
export async function resolveToken(
  deps: Pick<LifecycleDeps, 'subscribers' | 'signingSecret' | 'signingKeys'>,
  token: string | undefined,
  purpose: TokenPurpose,
  now: Date,
  options: VerifyOptions = {},
): Promise<SubscriberTokenResult> {
  if (!token) return { ok: false, reason: 'missing' };
  const verify = (keys: Buffer | SigningKeys) => verifyToken(keys, token, purpose, now, options);
  const check = deps.signingKeys
    ? await checkAgainstKeyRing(deps.signingKeys, verify)
    : verify(await deps.signingSecret());
  if (!check.ok) return check;
  return matchTokenToSubscriber(check, await deps.subscribers.get(check.subscriberId), options);
}
