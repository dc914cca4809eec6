import { TOKEN_REFUSAL_TEXT, type TokenRefusal } from '../core/subscriber-token';
import { errorPage, linkErrorPage } from '../pages/error-page';
import type { Ports } from '../ports';
import { type HttpResponse, html, problem } from './response';
import type { Route } from './router';

/** A refused link's words for a program (a JSON problem, RFC 8058's plain-text answer). */
export const refusalText = (reason: TokenRefusal): string => {
  const t = TOKEN_REFUSAL_TEXT[reason];
  return `${t.reason} ${t.remedy}`;
};

/** A refused link: the link error page for a person, a JSON problem naming the reason for a program. */
export const tokenRefusal = (reason: TokenRefusal, asPage: boolean): HttpResponse =>
  asPage ? html(400, linkErrorPage(reason)) : problem(400, refusalText(reason), { reason });

/** A request refused before any use-case ran (its body, a field): the error page, or a JSON problem. */
export const notAccepted = (
  status: number,
  reason: string,
  asPage: boolean,
  title = 'Request not accepted',
): HttpResponse => (asPage ? html(status, errorPage({ title, message: reason })) : problem(status, reason));

type LinkCheck = { ok: true } | { ok: false; reason: TokenRefusal | 'unsubscribed' };

/**
 * A page an emailed link opens (GET: checking the link changes nothing, since mail scanners open every
 * link): a refused link gets the link error page, a good one the page `render` makes of the check.
 */
export const linkPageRoute = <C extends LinkCheck>(
  path: string,
  check: (deps: Ports, token: string | undefined, now: Date) => Promise<C>,
  render: (
    deps: Ports,
    token: string,
    checked: Extract<C, { ok: true }>,
  ) => HttpResponse | Promise<HttpResponse>,
): Route<Ports> => ({
  method: 'GET',
  path,
  async handle(req, deps) {
    const checked: LinkCheck = await check(deps, req.query.token, new Date());
    if (!checked.ok) return html(400, linkErrorPage(checked.reason));
    return render(deps, req.query.token as string, checked as Extract<C, { ok: true }>);
  },
});
