import type { HttpRequest } from './request';

/**
 * Whether the caller is a browser that wants a page rather than JSON: it asks for text/html, or it
 * posted an HTML form. API clients (curl, fetch with JSON) get JSON problems.
 */
export function acceptsHtml(req: Pick<HttpRequest, 'headers'>): boolean {
  const accept = req.headers.accept ?? '';
  const type = req.headers['content-type'] ?? '';
  return (
    /\btext\/html\b/i.test(accept) ||
    /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)
  );
}
