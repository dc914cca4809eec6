import type { Subscriber } from '../schemas/subscriber';
import { TOKEN_TTL_SECONDS, type TokenCheck } from './tokens';

/** Why a link was refused; every reason has its own page text. An unknown subscriber reads as `forged`. */
export type TokenRefusal =
  | 'missing'
  | 'malformed'
  | 'forged'
  | 'expired-confirm'
  | 'expired-manage'
  | 'wrong-purpose'
  | 'revoked';

export type SubscriberTokenResult =
  | { ok: true; subscriber: Subscriber }
  | { ok: false; reason: TokenRefusal };

/**
 * Combines a verified token with the subscriber it names. A valid signature for a subscriber we do not
 * hold answers exactly like a forged one, so no link reveals whether an address is (still) stored.
 * A version other than the stored one means the token was revoked.
 */
export function matchTokenToSubscriber(
  check: TokenCheck,
  subscriber: Subscriber | undefined,
  options: { unsubscribeOnly?: boolean } = {},
): SubscriberTokenResult {
  if (!check.ok) return { ok: false, reason: check.reason };
  if (!subscriber || subscriber.id !== check.subscriberId) return { ok: false, reason: 'forged' };
  // An unsubscribe link from an email of an earlier version of this subscription (before a re-signup)
  // still unsubscribes: only mail sent to this address carries one, and leaving is always allowed.
  // Versions start at the item's creation time in ms, so links from before an erasure stay dead.
  const firstVersion = Math.min(Date.parse(subscriber.createdAt), subscriber.tokenVersion);
  const versionOk = options.unsubscribeOnly
    ? check.version <= subscriber.tokenVersion && check.version >= firstVersion
    : subscriber.tokenVersion === check.version;
  if (!versionOk) return { ok: false, reason: 'revoked' };
  return { ok: true, subscriber };
}

/** What a reader should do about each refusal; pages and JSON answers both use these words. */
export const TOKEN_REFUSAL_TEXT: Record<TokenRefusal, { title: string; reason: string; remedy: string }> = {
  missing: {
    title: 'Link incomplete',
    reason: 'This link has no token.',
    remedy: 'Open the whole link from your email, or sign up again to get a new one.',
  },
  malformed: {
    title: 'Link damaged',
    reason: 'This link is damaged (it may have been cut off or wrapped by your mail program).',
    remedy: 'Copy the whole link from your email into the address bar, or sign up again to get a new one.',
  },
  forged: {
    title: 'Link not valid',
    reason:
      'This link is not valid: it was not issued by Papers Inbox, was altered, or its subscription no longer exists.',
    remedy: 'Use the link exactly as it came in your email, or sign up again to get a new one.',
  },
  'expired-confirm': {
    title: 'Confirmation link expired',
    reason: `This confirmation link has expired: confirmation links last ${TOKEN_TTL_SECONDS.confirm / 3600} hours.`,
    remedy: 'Sign up again with the same address and we will email you a new confirmation link.',
  },
  'expired-manage': {
    title: 'Preferences link expired',
    reason: `This preferences link has expired: links to manage a subscription last ${TOKEN_TTL_SECONDS.manage / 86400} days (the unsubscribe link in every email keeps working).`,
    remedy:
      'Open the link in your most recent digest, or sign up again with the same address and we will email you a new one.',
  },
  'wrong-purpose': {
    title: 'Wrong link',
    reason: 'This link was made for a different page.',
    remedy: 'Use the link from your email that matches what you want to do.',
  },
  revoked: {
    title: 'Link replaced',
    reason: 'This link has been replaced by a newer one.',
    remedy: 'Use the link in your most recent email from Papers Inbox, or sign up again to get a new one.',
  },
};
