import { slotFields } from '../core/reader-schedule';
import type { TokenRefusal } from '../core/subscriber-token';
import { issueToken } from '../core/tokens';
import type { Subscriber } from '../schemas/subscriber';
import { consentEvent, type LifecycleDeps, type RequestContext } from './lifecycle-deps';
import { resolveToken } from './resolve-token';

export type ConfirmOutcome =
  | { ok: true; subscriber: Subscriber; manageToken: string; alreadyConfirmed: boolean }
  /** `unsubscribed`: the reader left after confirming; an old confirm link must not sign them up again. */
  | { ok: false; reason: TokenRefusal | 'unsubscribed' };

export type ConfirmLinkCheck =
  | { ok: true; subscriber: Subscriber; alreadyConfirmed: boolean }
  | { ok: false; reason: TokenRefusal | 'unsubscribed' };

/**
 * For the GET page the confirmation link opens: checks the link and changes nothing. Mail scanners
 * open every link of an email, so only the page's button (a POST) activates anyone.
 */
export async function checkConfirmLink(
  deps: LifecycleDeps,
  token: string | undefined,
  now: Date,
): Promise<ConfirmLinkCheck> {
  const resolved = await resolveToken(deps, token, 'confirm', now);
  if (!resolved.ok) return resolved;
  const s = resolved.subscriber;
  if (s.status === 'unsubscribed') return { ok: false, reason: 'unsubscribed' };
  return { ok: true, subscriber: s, alreadyConfirmed: s.status === 'active' };
}

/** Activates a pending subscriber (the confirm page's POST); confirming twice is the same as once. */
export async function confirmSubscription(
  deps: LifecycleDeps,
  token: string | undefined,
  ctx: RequestContext,
): Promise<ConfirmOutcome> {
  for (let round = 0; round < 3; round++) {
    const resolved = await resolveToken(deps, token, 'confirm', ctx.now);
    if (!resolved.ok) return resolved;
    const s = resolved.subscriber;
    if (s.status === 'unsubscribed') return { ok: false, reason: 'unsubscribed' };
    const manageToken = issueToken(
      await deps.signingSecret(),
      { subscriberId: s.id, purpose: 'manage', version: s.tokenVersion },
      ctx.now,
    );
    if (s.status === 'active') return { ok: true, subscriber: s, manageToken, alreadyConfirmed: true };
    // A confirmed reader is kept until they leave: the pending TTL goes.
    const { expiresAt: _ttl, ...kept } = s;
    const activated: Subscriber = {
      ...kept,
      status: 'active',
      confirmation: consentEvent(ctx),
      updatedAt: ctx.now.toISOString(),
      // Filed under the next delivery slot: from now on the planner's ticks find this reader.
      ...slotFields(s, deps.config, ctx.now),
    };
    const done = await deps.subscriberStore.updateIf(
      s.id,
      s.tokenVersion,
      {
        status: 'active',
        confirmation: activated.confirmation,
        updatedAt: activated.updatedAt,
        nextSlot: activated.nextSlot,
        slotShard: activated.slotShard,
      },
      { remove: ['expiresAt'], statusIs: 'pending' },
    );
    if (done) return { ok: true, subscriber: activated, manageToken, alreadyConfirmed: false };
  }
  return { ok: false, reason: 'revoked' };
}
