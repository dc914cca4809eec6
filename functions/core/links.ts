/**
 * The links a reader gets in emails, pages and the feed. One place builds them, so the digest's
 * List-Unsubscribe header, the confirmation email, the pages and the feed always agree on paths (kept by
 * the HTTP contract). Paths resolve against `PUBLIC_BASE_URL`, so a base with a path (a stage prefix)
 * keeps it.
 */

/** An absolute URL of one of the site's paths (`/editions`, `editions.atom`). */
export const siteUrl = (base: string, path: string): string =>
  new URL(path.replace(/^\/+/, ''), base.endsWith('/') ? base : `${base}/`).toString();

const withToken = (base: string, path: string, token: string) => {
  const url = new URL(siteUrl(base, path));
  url.searchParams.set('token', token);
  return url.toString();
};

export const confirmUrl = (base: string, token: string) => withToken(base, 'subscriptions/confirm', token);
/** The RFC 8058 one-click target as well as the page with one button. */
export const unsubscribeUrl = (base: string, token: string) => withToken(base, 'unsubscribe', token);
export const preferencesUrl = (base: string, token: string) => withToken(base, 'preferences', token);
export const exportUrl = (base: string, token: string) => withToken(base, 'preferences/export', token);

/** The two links every page and email for a confirmed reader carries. */
export const manageLinks = (base: string, token: string) => ({
  preferencesUrl: preferencesUrl(base, token),
  unsubscribeUrl: unsubscribeUrl(base, token),
});

/** The public web view of an edition, as a site path (links within the site). */
export function editionWebPath(edition: { kind: 'daily' | 'weekly'; date: string }): string {
  return `/editions/${edition.date}${edition.kind === 'weekly' ? '?kind=weekly' : ''}`;
}

/** The public web view of an edition, absolute (the emails' "view in a browser", the feed). */
export const editionUrl = (base: string, edition: { kind: 'daily' | 'weekly'; date: string }): string =>
  siteUrl(base, editionWebPath(edition));

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
