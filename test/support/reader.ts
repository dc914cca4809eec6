/** What a reader does over HTTP: post the signup, follow the emailed links. */
import { emailsTo, type StoredEmail, waitForEmail } from './inbox';

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export async function postForm(
  url: string,
  fields: [string, string][],
  headers: Record<string, string> = {},
) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

/** The confirmation link as a reader finds it: in the plain-text part, and the same in the HTML part. */
export function confirmLinkIn(email: StoredEmail): string {
  const inText = email.body.text?.match(/https?:\/\/\S+\/subscriptions\/confirm\?token=[\w.-]+/)?.[0];
  if (!inText) throw new Error(`no confirmation link in email "${email.subject}"`);
  return inText;
}

/** A link of a page, by its path (`/preferences`, `/unsubscribe`), with `&amp;` decoded. */
export function linkInPage(page: string, path: string): string {
  const m = page.match(new RegExp(`href="(https?://[^"]*${path.replace('/', '\\/')}\\?token=[^"]+)"`));
  if (!m?.[1]) throw new Error(`no ${path} link in page`);
  return m[1].replace(/&amp;/g, '&');
}

/** Presses the confirm page's button: POST to the link (opening it with GET confirms nothing). */
export async function confirmAt(link: string, headers: Record<string, string> = {}) {
  return fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: 'confirm=yes',
  });
}

export const tokenOf = (url: string) => new URL(url).searchParams.get('token') as string;

/** Signs up through the API, follows the emailed link, and returns the reader's manage links. */
export async function subscribeAndConfirm(base: string, email: string, body: Record<string, unknown> = {}) {
  const before = (await emailsTo(email)).length;
  const res = await postJson(`${base}/subscriptions`, { email, ...body });
  if (res.status !== 202) throw new Error(`signup answered ${res.status}: ${await res.text()}`);
  const mail = await waitForEmail(email, before + 1);
  const confirmed = await confirmAt(confirmLinkIn(mail));
  const page = await confirmed.text();
  if (confirmed.status !== 200) throw new Error(`confirm answered ${confirmed.status}`);
  return {
    page,
    preferences: linkInPage(page, '/preferences'),
    unsubscribe: linkInPage(page, '/unsubscribe'),
  };
}
