import { hmacSha256 } from '../core/hmac';
import { confirmUrl, manageLinks } from '../core/links';
import { PENDING_TTL_SECONDS, rateWindow, signupAction } from '../core/signup';
import { normalizeEmail, subscriberIdFor } from '../core/subscriber-id';
import { issueToken } from '../core/tokens';
import type { Subscriber } from '../schemas/subscriber';
import type { SubscribeRequest } from '../schemas/subscription-request';
import { consentEvent, type LifecycleDeps, type RequestContext } from './lifecycle-deps';

/**
 * Every outcome but `rate-limited` looks the same to the caller (202, one body): whether the address
 * was new, pending, active or unsubscribed, whether a honeypot was filled or the address' daily email
 * budget was spent. `rate-limited` depends only on the caller's own IP, never on the address.
 */
export type SubscribeOutcome =
  | {
      kind: 'accepted';
      detail: 'honeypot' | 'created' | 'refreshed' | 'restarted' | 'already-active' | 'raced';
    }
  | { kind: 'rate-limited'; retryAfter: number };

const HOUR = 3600;
const DAY = 24 * HOUR;

/**
 * Counter keys hold a keyed hash, not the raw IP: the counter table is not consent evidence, and a
 * plain hash of an IPv4 address is reversed by trying all 2^32.
 */
const keyedHash = (secret: Buffer, s: string) =>
  hmacSha256(secret, `signup-ip:${s}`).digest('base64url').slice(0, 22);

export async function subscribe(
  deps: LifecycleDeps,
  request: SubscribeRequest,
  ctx: RequestContext,
): Promise<SubscribeOutcome> {
  if (request.website?.trim()) return { kind: 'accepted', detail: 'honeypot' };

  const ipWindow = rateWindow(ctx.now, HOUR);
  const ipKey = `signup-ip:${keyedHash(await deps.signingSecret(), ctx.ip)}:${ipWindow.id}`;
  const ipHits = await deps.throttles.hit(ipKey, ipWindow.endsAt);
  if (ipHits > deps.config.SIGNUP_LIMIT_PER_IP_PER_HOUR)
    return { kind: 'rate-limited', retryAfter: ipWindow.retryAfter };

  const email = normalizeEmail(request.email);
  const id = subscriberIdFor(email);
  const now = ctx.now.toISOString();
  const expiresAt = Math.floor(ctx.now.getTime() / 1000) + PENDING_TTL_SECONDS;
  // Zone, hour and weekday only when given: absent ones follow the configured defaults when read.
  const choices = Object.fromEntries(
    Object.entries({
      topics: request.topics,
      frequency: request.frequency,
      timeZone: request.timeZone,
      deliveryHour: request.deliveryHour,
      weeklyDay: request.weeklyDay,
    }).filter(([, v]) => v !== undefined),
  ) as Pick<Subscriber, 'topics' | 'frequency' | 'timeZone' | 'deliveryHour' | 'weeklyDay'>;

  // A conditional write that loses a race re-reads and decides again; three rounds settle any race.
  for (let round = 0; round < 3; round++) {
    const existing = await deps.subscribers.get(id);
    const action = signupAction(existing);
    if (action === 'already-active') {
      const active = existing as Subscriber;
      // Recorded with one conditional write, as a new or pending signup costs one: beyond keeping the
      // request as evidence, it keeps the two paths' response times alike (no enumeration by timing).
      await deps.subscribers.updateIf(
        id,
        active.tokenVersion,
        { lastSignupRequest: consentEvent(ctx) },
        { statusIs: 'active' },
      );
      await sendSignupEmail(deps, active, ctx.now);
      return { kind: 'accepted', detail: 'already-active' };
    }
    if (action === 'create') {
      const fresh: Subscriber = {
        id,
        email,
        status: 'pending',
        ...choices,
        // Starts at the creation time in ms, not 0: links from an erased earlier subscription of the
        // same address carry a smaller version and stay dead.
        tokenVersion: ctx.now.getTime(),
        createdAt: now,
        updatedAt: now,
        signup: consentEvent(ctx),
        expiresAt,
      };
      // The request that loses a create race sends nothing: the winner's email is on its way.
      if (!(await deps.subscribers.create(fresh))) return { kind: 'accepted', detail: 'raced' };
      await sendSignupEmail(deps, fresh, ctx.now);
      return { kind: 'accepted', detail: 'created' };
    }
    const prior = existing as Subscriber;
    const { confirmation: _c, unsubscribedAt: _u, ...kept } = prior;
    const next: Subscriber =
      action === 'refresh-pending'
        ? { ...prior, ...choices, updatedAt: now, signup: consentEvent(ctx), expiresAt }
        : {
            // Back to double opt-in; links from the old subscription stop working.
            ...kept,
            ...choices,
            status: 'pending',
            tokenVersion: prior.tokenVersion + 1,
            updatedAt: now,
            signup: consentEvent(ctx),
            expiresAt,
          };
    if (await deps.subscribers.replaceIf(next, { status: prior.status, tokenVersion: prior.tokenVersion })) {
      await sendSignupEmail(deps, next, ctx.now);
      return { kind: 'accepted', detail: action === 'refresh-pending' ? 'refreshed' : 'restarted' };
    }
  }
  return { kind: 'accepted', detail: 'raced' };
}

/**
 * The one email a signup sends, within the address' daily budget: the double opt-in link to a pending
 * subscriber, or a manage link to an active one (who must not be confirmed again). Both cost the same
 * work, so response time does not tell the two apart.
 */
async function sendSignupEmail(deps: LifecycleDeps, subscriber: Subscriber, now: Date): Promise<boolean> {
  // A suppressed address hard-bounced or complained: mailing it again hurts the sender's reputation
  // (SES's own advice). The answer stays the same 202; an operator can lift a suppression.
  if (subscriber.suppressed) return false;
  const day = rateWindow(now, DAY);
  const sent = await deps.throttles.hit(`signup-mail:${subscriber.id}:${day.id}`, day.endsAt);
  if (sent > deps.config.CONFIRM_EMAILS_PER_ADDRESS_PER_DAY) return false;
  const secret = await deps.signingSecret();
  const base = deps.config.PUBLIC_BASE_URL;
  const common = { email: subscriber.email, postalAddress: deps.config.POSTAL_ADDRESS };
  const claims = { subscriberId: subscriber.id, version: subscriber.tokenVersion };
  const active = subscriber.status === 'active';
  const body = active
    ? await deps.emailRenderer.render('already-subscribed', {
        ...common,
        ...manageLinks(base, issueToken(secret, { ...claims, purpose: 'manage' }, now)),
      })
    : await deps.emailRenderer.render('confirm', {
        ...common,
        confirmUrl: confirmUrl(base, issueToken(secret, { ...claims, purpose: 'confirm' }, now)),
      });
  await deps.mailer.send({
    to: subscriber.email,
    subject: active ? 'You are already subscribed to Papers Inbox' : 'Confirm your Papers Inbox subscription',
    ...body,
  });
  return true;
}
