import { html } from './html';
import { layout } from './layout';
import { messagePage } from './message-page';

/**
 * GET /subscriptions/confirm: the link in the confirmation email opens this page, and only its button
 * (a POST) confirms. A mail scanner or link preview that opens the link confirms nothing, so a signup
 * typed by someone else is not activated by the victim's mail gateway.
 */
export function confirmFormPage(opts: { email: string; actionUrl: string }): string {
  return layout({
    title: 'Confirm your subscription',
    body: html`<h1>Confirm your subscription</h1>
<p>Start the Papers Inbox digest for <strong>${opts.email}</strong>?</p>
<form method="post" action="${opts.actionUrl}">
<input type="hidden" name="confirm" value="yes">
<button type="submit">Confirm subscription</button>
</form>
<p>Did not sign up? Ignore this page and the email: nothing is sent without this confirmation.</p>`,
  });
}

/** After a confirm link: the subscription is on, with the reader's manage and unsubscribe links. */
export function confirmedPage(opts: {
  email: string;
  alreadyConfirmed: boolean;
  preferencesUrl: string;
  unsubscribeUrl: string;
}): string {
  return messagePage({
    title: opts.alreadyConfirmed ? 'Already confirmed' : 'Subscription confirmed',
    lines: [
      opts.alreadyConfirmed
        ? html`The subscription for <strong>${opts.email}</strong> was already confirmed; nothing changed.`
        : html`Thanks: <strong>${opts.email}</strong> will get the next digest of trending AI papers.`,
      html`<a href="${opts.preferencesUrl}" rel="nofollow">Manage your preferences</a> (topics, daily or weekly, your data).`,
      html`<a href="${opts.unsubscribeUrl}" rel="nofollow">Unsubscribe</a> at any time; every email has this link too.`,
    ],
  });
}
