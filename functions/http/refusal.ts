import { TOKEN_REFUSAL_TEXT, type TokenRefusal } from '../core/subscriber-token';
import { errorPage, linkErrorPage } from '../pages/error-page';
import { type HttpResponse, html, problem } from './response';

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
