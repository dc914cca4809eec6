import { errorPage } from '../pages/error-page';
import { html } from '../pages/html';
import { wantsPage } from './negotiate';
import type { HttpRequest } from './request';
import { type HttpResponse, html as htmlResponse, problem } from './response';

/**
 * No script at all, styles only from our own stylesheet, images from us or https (paper thumbnails),
 * forms only to us, never framed, no <base> games. Pages need nothing more: they work without JavaScript.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self' https:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * Headers on every answer of the HTTP API, pages and JSON alike. `no-referrer` matters here: page URLs
 * carry signed tokens, which must never leak to arxiv.org or GitHub through a Referer header.
 */
export function securityHeaders(publicBaseUrl: string): Record<string, string> {
  const headers: Record<string, string> = {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
  if (publicBaseUrl.startsWith('https:')) headers['strict-transport-security'] = 'max-age=31536000';
  return headers;
}

/** Adds the security headers; a route may set its own value of one (it then owns that choice). */
export function withSecurityHeaders(res: HttpResponse, publicBaseUrl: string): HttpResponse {
  return { ...res, headers: { ...securityHeaders(publicBaseUrl), ...res.headers } };
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const originOf = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
};

/**
 * Why a state-changing request must be refused as a cross-site submission, or undefined to let it through.
 * Browsers say where a request comes from (Sec-Fetch-Site, else Origin); a form on another site cannot
 * forge either. Requests that carry neither are not from a browser page — API clients, and the RFC 8058
 * one-click unsubscribe POSTs that mail providers send from their servers — and pass; they prove
 * themselves with a signed token or are harmless (a signup only sends a confirmation email).
 */
export function crossSiteReason(req: HttpRequest, publicBaseUrl: string): string | undefined {
  if (!UNSAFE_METHODS.has(req.method)) return undefined;
  const site = req.headers['sec-fetch-site'];
  if (site) {
    if (site === 'same-origin' || site === 'none') return undefined;
    return `the form was sent from another site (Sec-Fetch-Site: ${site})`;
  }
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  const own = new Set([originOf(publicBaseUrl)]);
  if (req.headers.host) {
    own.add(`https://${req.headers.host}`);
    own.add(`http://${req.headers.host}`);
  }
  if (own.has(originOf(origin))) return undefined;
  return `the form was sent from another site (Origin: ${origin})`;
}

/** The 403 for a cross-site submission: a page for browsers, a JSON problem for API callers. */
export function crossSiteRejection(req: HttpRequest, publicBaseUrl: string): HttpResponse | undefined {
  const reason = crossSiteReason(req, publicBaseUrl);
  if (!reason) return undefined;
  if (!wantsPage(req)) return problem(403, `cross-site request refused: ${reason}`);
  return htmlResponse(
    403,
    errorPage({
      title: 'Request refused',
      message: `We did not act on this request because ${reason}. If you meant to do it, open Papers Inbox directly and use its own form.`,
      next: html`<p><a href="/">Go to Papers Inbox</a></p>`,
    }),
  );
}
