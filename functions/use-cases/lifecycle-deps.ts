import type { Ports } from '../ports';

/**
 * The ports the subscriber-lifecycle use-cases take (routes pass their own `Ports`). `signingKeys`
 * (every key that verifies: current, previous, retired) is optional so a caller with one secret works.
 */
export type LifecycleDeps = Pick<
  Ports,
  'config' | 'subscribers' | 'throttles' | 'mailer' | 'emailRenderer' | 'signingSecret'
> &
  Partial<Pick<Ports, 'signingKeys'>>;

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
