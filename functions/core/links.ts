/**
 * The links a reader gets in emails and pages. One place builds them, so the digest's List-Unsubscribe
 * header, the confirmation email and the pages always agree on paths (kept by the HTTP contract).
 */
const withToken = (base: string, path: string, token: string) => {
  const url = new URL(path, base.endsWith('/') ? base : `${base}/`);
  url.searchParams.set('token', token);
  return url.toString();
};

export const confirmUrl = (base: string, token: string) => withToken(base, 'subscriptions/confirm', token);
/** The RFC 8058 one-click target as well as the page with one button. */
export const unsubscribeUrl = (base: string, token: string) => withToken(base, 'unsubscribe', token);
export const preferencesUrl = (base: string, token: string) => withToken(base, 'preferences', token);
export const exportUrl = (base: string, token: string) => withToken(base, 'preferences/export', token);

/**
 * A link's path and query alone, for form actions: a page opened under another host name than
 * PUBLIC_BASE_URL (localhost vs 127.0.0.1, a CDN alias) still posts to itself, which CSP's
 * `form-action 'self'` and the cross-site guard both require.
 */
export const pathOf = (url: string) => {
  const u = new URL(url);
  return u.pathname + u.search;
};

/** Only http(s) URLs are ever rendered as links; anything else (javascript:, data:, …) becomes undefined. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}
