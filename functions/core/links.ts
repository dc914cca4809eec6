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

/** Where the feedback page's form posts (the choice travels in the body). */
export const feedbackPostUrl = (base: string, token: string) => withToken(base, 'feedback', token);
/** A digest paper's feedback link: the small page that asks before it records (`kind` = more | less). */
export const feedbackUrl = (base: string, token: string, kind: 'more' | 'less') => {
  const url = new URL(feedbackPostUrl(base, token));
  url.searchParams.set('kind', kind);
  return url.toString();
};
