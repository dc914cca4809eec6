import { pathOf, preferencesUrl, unsubscribeUrl } from '../../core/links';
import { unsubscribedPage, unsubscribeFormPage } from '../../pages/unsubscribe-page';
import type { Ports } from '../../ports';
import { checkUnsubscribeLink, unsubscribe } from '../../use-cases/unsubscribe';
import { MAX_FORM_BODY_BYTES } from '../body';
import { linkPageRoute, notAccepted, refusalText, tokenRefusal } from '../refusal';
import { html } from '../response';
import type { Route } from '../router';

const text = (status: number, body: string) => ({
  status,
  headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  body: `${body}\n`,
});

/**
 * RFC 8058: mailbox providers POST `List-Unsubscribe=One-Click` (form-urlencoded, or multipart with
 * that field), and want a short answer. Our own page's button posts `confirm=yes` and gets a page.
 */
const isOneClick = (body: string) => /List-Unsubscribe/i.test(body) && /One-Click/i.test(body);

/** GET /unsubscribe?token=…: the page with one button; mail scanners that follow links change nothing. */
export const unsubscribePageRoute = linkPageRoute(
  '/unsubscribe',
  checkUnsubscribeLink,
  (deps, token, outcome) => {
    const base = deps.config.PUBLIC_BASE_URL;
    return html(
      200,
      unsubscribeFormPage({
        email: outcome.subscriber.email,
        alreadyUnsubscribed: outcome.alreadyUnsubscribed,
        actionUrl: pathOf(unsubscribeUrl(base, token)),
        preferencesUrl: preferencesUrl(base, token),
      }),
    );
  },
);

/** POST /unsubscribe?token=…: unsubscribes at once, idempotent, 200. */
export const unsubscribeRoute: Route<Ports> = {
  method: 'POST',
  path: '/unsubscribe',
  async handle(req, deps) {
    const oneClick = isOneClick(req.body);
    if (Buffer.byteLength(req.body, 'utf8') > MAX_FORM_BODY_BYTES) {
      const reason = `request body is larger than ${MAX_FORM_BODY_BYTES} bytes`;
      return oneClick ? text(413, reason) : notAccepted(413, reason, true, 'Request too large');
    }
    const token = req.query.token;
    const outcome = await unsubscribe(deps, token, new Date());
    if (!outcome.ok)
      return oneClick ? text(400, refusalText(outcome.reason)) : tokenRefusal(outcome.reason, true);
    if (!outcome.alreadyUnsubscribed) deps.metrics.count({ Unsubscribes: 1 });
    if (oneClick) return text(200, 'Unsubscribed.');
    return html(
      200,
      unsubscribedPage({
        email: outcome.subscriber.email,
        preferencesUrl: preferencesUrl(deps.config.PUBLIC_BASE_URL, token as string),
      }),
    );
  },
};

export const unsubscribeRoutes = [unsubscribePageRoute, unsubscribeRoute];
