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
