import { isFormPost } from './body';
import type { HttpRequest } from './request';

/** The q-value the Accept header gives a media type (exact, then `type/*`, then `*\/*`), 0 when absent. */
function quality(accept: string, type: string): number {
  const [major] = type.split('/');
  let best = -1;
  let q = 0;
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.trim().toLowerCase().split(';');
    const specificity = range === type ? 3 : range === `${major}/*` ? 2 : range === '*/*' ? 1 : 0;
    if (specificity <= best || specificity === 0) continue;
    best = specificity;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q = Number.isFinite(value) ? value : 0;
  }
  return q;
}

/**
 * Pages for browsers, JSON for programs. A browser's form post gets a page unless its Accept asks for
 * JSON over HTML; any other request gets a page only when Accept prefers text/html to application/json.
 */
export function wantsPage(req: HttpRequest): boolean {
  const accept = req.headers.accept ?? '';
  const htmlQ = accept ? quality(accept, 'text/html') : 0;
  const jsonQ = accept ? quality(accept, 'application/json') : 0;
  if (isFormPost(req)) return !(jsonQ > htmlQ);
  return htmlQ > jsonQ;
}
