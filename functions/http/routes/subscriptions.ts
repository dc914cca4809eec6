import { describeIssues } from '../../core/issues';
import { confirmUrl, manageLinks, pathOf } from '../../core/links';
import { issueToken } from '../../core/tokens';
import { confirmedPage, confirmFormPage } from '../../pages/confirm-page';
import { linkErrorPage } from '../../pages/error-page';
import { SIGNUP_ACCEPTED_MESSAGE, signupAcceptedPage, signupProblemPage } from '../../pages/signup-page';
import type { Ports } from '../../ports';
import type { Subscriber } from '../../schemas/subscriber';
import { subscribeRequestSchemaFor } from '../../schemas/subscription-request';
import { checkConfirmLink, confirmSubscription } from '../../use-cases/confirm';
import { subscribe } from '../../use-cases/subscribe';
import { parseBody } from '../body';
import { wantsPage } from '../negotiate';
import { linkPageRoute } from '../refusal';
import { html, json, problem } from '../response';
import type { Route } from '../router';
import { signupErrors, signupFormAgain } from './home';

/** POST /subscriptions: 202 with one body for every address; 400/413/415 with reasons; 429 per IP. */
export const subscribeRoute: Route<Ports> = {
  method: 'POST',
  path: '/subscriptions',
  async handle(req, deps) {
    const page = wantsPage(req);
    const refuse = (status: number, reasons: string[]) =>
      page
        ? html(status, signupProblemPage('Sign-up not accepted', reasons))
        : problem(status, reasons.join('; '), reasons.length > 1 ? reasons : undefined);
    const body = parseBody(req);
    if (!body.ok) return refuse(body.status, [body.error]);
    const parsed = subscribeRequestSchemaFor(deps.config.TOPICS).safeParse(body.fields);
    if (!parsed.success) {
      // A browser gets the form back with what was typed and a message on each field at fault.
      return page
        ? signupFormAgain(deps, 400, body.fields, signupErrors(parsed.error))
        : refuse(400, describeIssues(parsed.error));
    }
    const outcome = await subscribe(deps, parsed.data, {
      ip: req.sourceIp,
      userAgent: req.userAgent,
      now: new Date(),
    });
    if (outcome.kind === 'rate-limited') {
      const headers = { 'retry-after': String(outcome.retryAfter) };
      const reason = `too many sign-ups from your network; try again in ${Math.ceil(outcome.retryAfter / 60)} minutes`;
      return page
        ? signupFormAgain(deps, 429, body.fields, { form: reason }, headers)
        : problem(429, reason, undefined, headers);
    }
    if (outcome.detail !== 'honeypot') deps.metrics.count({ SubscriptionsRequested: 1 });
    return page
      ? html(202, signupAcceptedPage())
      : json(202, { status: 'accepted', message: SIGNUP_ACCEPTED_MESSAGE });
  },
};

/**
 * GET /subscriptions/confirm?token=…: the link in the email opens a page whose button confirms;
 * opening it changes nothing (mail scanners follow links). An already active reader sees that.
 */
export const confirmPageRoute = linkPageRoute(
  '/subscriptions/confirm',
  checkConfirmLink,
  (deps, token, check) =>
    check.alreadyConfirmed
      ? confirmed(deps, check.subscriber, true, new Date())
      : html(
          200,
          confirmFormPage({
            email: check.subscriber.email,
            actionUrl: pathOf(confirmUrl(deps.config.PUBLIC_BASE_URL, token)),
          }),
        ),
);

/** POST /subscriptions/confirm?token=…: the confirm page's button; activates the subscription, a page. */
export const confirmRoute: Route<Ports> = {
  method: 'POST',
  path: '/subscriptions/confirm',
  async handle(req, deps) {
    const outcome = await confirmSubscription(deps, req.query.token, {
      ip: req.sourceIp,
      userAgent: req.userAgent,
      now: new Date(),
    });
    if (!outcome.ok) return html(400, linkErrorPage(outcome.reason));
    if (!outcome.alreadyConfirmed) deps.metrics.count({ SubscriptionsConfirmed: 1 });
    return html(
      200,
      confirmedPage({
        email: outcome.subscriber.email,
        alreadyConfirmed: outcome.alreadyConfirmed,
        ...manageLinks(deps.config.PUBLIC_BASE_URL, outcome.manageToken),
      }),
    );
  },
};

/** The confirmed page for a reader already active (GET of an old link): fresh manage links, no write. */
async function confirmed(
  deps: Pick<Ports, 'config' | 'signingKeys'>,
  subscriber: Subscriber,
  alreadyConfirmed: boolean,
  now: Date,
) {
  const manageToken = issueToken(
    await deps.signingKeys(),
    { subscriberId: subscriber.id, purpose: 'manage', version: subscriber.tokenVersion },
    now,
  );
  const base = deps.config.PUBLIC_BASE_URL;
  return html(
    200,
    confirmedPage({
      email: subscriber.email,
      alreadyConfirmed,
      ...manageLinks(base, manageToken),
    }),
  );
}

export const subscriptionRoutes = [subscribeRoute, confirmPageRoute, confirmRoute];
