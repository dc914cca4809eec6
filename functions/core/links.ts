/**
 * The links a reader gets in emails, pages and the feed. One place builds them, so the digest's
 * List-Unsubscribe header, the confirmation email, the pages and the feed always agree on paths (kept by
 * the HTTP contract). Paths resolve against `PUBLIC_BASE_URL`, so a base with a path (a stage prefix)
 * keeps it.
 */

/** An absolute URL of one of the site's paths (`/editions`, `editions.atom`). */
export const siteUrl = (base: string, path: string): string =>
  new URL(path.replace(/^\/+/, ''), base.endsWith('/') ? base : `${base}/`).toString();

/** What URLSearchParams leaves as it is: our tokens (base64url and dots) are made of these alone. */
const QUERY_SAFE = /^[A-Za-z0-9._-]*$/;
const prefixes = new Map<string, string>();

/** A token as it stands in a link's query: as it is when URLSearchParams leaves it so (ours), else encoded. */
export const tokenInQuery = (token: string): string =>
  QUERY_SAFE.test(token) ? token : new URLSearchParams({ token }).toString().slice('token='.length);

/** `siteUrl(base, path)?token=`, built once per base and path; '' for a base with a query or fragment. */
const tokenPrefix = (base: string, path: string) => {
  const key = `${base} ${path}`;
  let prefix = prefixes.get(key);
  if (prefix === undefined) {
    const site = siteUrl(base, path);
    prefix = /[?#]/.test(site) ? '' : `${site}?token=`;
    prefixes.set(key, prefix);
  }
  return prefix;
};

/**
 * `siteUrl(base, path)` with `?token=…`: the cached prefix and the token as the query holds it
 * (`tokenInQuery`); a base with a query of its own goes through the URL API, which gives the same string.
 */
const withToken = (base: string, path: string, token: string) => {
  const prefix = tokenPrefix(base, path);
  if (prefix) return prefix + tokenInQuery(token);
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
const kindQuery = (kind: 'more' | 'less') => `&kind=${kind}`;
/** A digest paper's feedback link: the small page that asks before it records (`kind` = more | less). */
export const feedbackUrl = (base: string, token: string, kind: 'more' | 'less') =>
  feedbackPostUrl(base, token) + kindQuery(kind);

/**
 * A token in the form a link's query holds it (URLSearchParams' encoding: letters, digits, `*-._%+`), so
 * a link and the HTML take it as it is and a digest inserts it with no check or escaping per reader.
 * Made by `asQueryToken` (which checks, and encodes as the query would: the link is the one
 * `feedbackUrl` makes of the raw token), or by an issuer whose tokens need no encoding by construction
 * (`core/feedback-token`: base64url and a dot, checked by its test).
 */
export type QueryToken = string & { readonly __queryToken: true };
export const asQueryToken = (token: string): QueryToken => tokenInQuery(token) as QueryToken;

/**
 * A feedback link cut around its token, `feedbackUrl(base, t, kind) === before + asQueryToken(t) + after`
 * for every token, so a digest holds the fixed parts once per edition and inserts only each paper's
 * token.
 */
export function feedbackUrlAround(base: string, kind: 'more' | 'less'): { before: string; after: string } {
  const before = tokenPrefix(base, 'feedback');
  // siteUrl resolves the path against the base, which drops the base's own query and fragment.
  if (!before) throw new Error(`feedback links on ${base} have a query of their own`);
  return { before, after: kindQuery(kind) };
}
