import { html } from './html';
import { layout } from './layout';
import { messagePage } from './message-page';

/** GET /unsubscribe: one button that POSTs; showing the page changes nothing. */
export function unsubscribeFormPage(opts: {
  email: string;
  alreadyUnsubscribed: boolean;
  actionUrl: string;
  preferencesUrl: string;
}): string {
  if (opts.alreadyUnsubscribed)
    return messagePage({
      title: 'Already unsubscribed',
      lines: [
        html`<strong>${opts.email}</strong> is unsubscribed and gets no more emails.`,
        html`<a href="/">Subscribe again</a> or <a href="${opts.preferencesUrl}" rel="nofollow">see and erase your data</a>.`,
      ],
    });
  return layout({
    title: 'Unsubscribe',
    body: html`<h1>Unsubscribe</h1>
<p>Stop all Papers Inbox emails to <strong>${opts.email}</strong>?</p>
<form method="post" action="${opts.actionUrl}">
<input type="hidden" name="confirm" value="yes">
<button type="submit">Unsubscribe</button>
</form>
<p>Rather get fewer emails? <a href="${opts.preferencesUrl}" rel="nofollow">Choose weekly or change topics</a>.</p>`,
  });
}

export function unsubscribedPage(opts: { email: string; preferencesUrl: string }): string {
  return messagePage({
    title: 'Unsubscribed',
    lines: [
      html`<strong>${opts.email}</strong> will get no more emails from Papers Inbox.`,
      html`Changed your mind? <a href="/">Subscribe again</a>. You can also <a href="${opts.preferencesUrl}" rel="nofollow">download or erase your data</a>.`,
    ],
  });
}
