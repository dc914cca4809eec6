import { errorPage } from '../pages/error-page';
import { wantsPage } from './negotiate';
import type { HttpRequest } from './request';
import { type HttpResponse, html } from './response';

const TITLES: Record<number, string> = { 404: 'Page not found', 405: 'Not possible here' };

/**
 * The router answers an unknown path or method with a JSON problem; a browser that asked for a page
 * (a mistyped or truncated link) gets the same status and reason as a page instead.
 */
export function pageForBrowsers(req: HttpRequest, res: HttpResponse): HttpResponse {
  const title = TITLES[res.status];
  if (!title || !wantsPage(req) || !res.headers['content-type']?.startsWith('application/json')) return res;
  let reason = 'no such page';
  try {
    reason = (JSON.parse(res.body) as { error?: string }).error ?? reason;
  } catch {
    // keep the generic reason
  }
  const extra = res.headers.allow ? { allow: res.headers.allow } : undefined;
  return html(res.status, errorPage({ title, message: `Sorry: ${reason}.` }), extra);
}
