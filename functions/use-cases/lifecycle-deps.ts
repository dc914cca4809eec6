import type { EmailRenderer } from '../adapters/email-renderer';
import type { Mailer } from '../adapters/mailer';
import type { SubscriberStore } from '../adapters/subscriber-store';
import type { ThrottleStore } from '../adapters/throttle-store';
import type { Config } from '../config';
import type { SigningKeys } from '../core/tokens';

/** The adapters the subscriber-lifecycle use-cases take (a subset of `Deps`, so handlers pass `deps`). */
export interface LifecycleDeps {
  config: Config;
  subscriberStore: SubscriberStore;
  throttleStore: ThrottleStore;
  mailer: Mailer;
  emailRenderer: EmailRenderer;
  signingSecret: () => Promise<Buffer>;
  /**
   * Every key that verifies (current, previous, retired). `fresh` re-reads the secret when the copy is
   * older than a few seconds: a link signed by a key rotated in after this process read it still works.
   */
  signingKeys?: (opts?: { fresh?: boolean }) => Promise<SigningKeys>;
}

/** Who did something, when and from where: the consent evidence we keep. */
export interface RequestContext {
  ip: string;
  userAgent: string;
  now: Date;
}

export const consentEvent = (ctx: RequestContext) => ({
  at: ctx.now.toISOString(),
  ip: ctx.ip.slice(0, 64) || undefined,
  userAgent: ctx.userAgent.slice(0, 512) || undefined,
});
