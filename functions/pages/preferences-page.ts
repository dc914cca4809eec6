import type { Subscriber } from '../schemas/subscriber';
import { html } from './html';
import { layout } from './layout';
import { messagePage } from './message-page';
import { topicLabel } from './signup-page';

/**
 * GET /preferences: topics (the vocabulary as checkboxes plus free keywords), frequency, the data
 * export and the first step of erasing. Every form posts back to the same tokenised URL.
 */
export function preferencesPage(opts: {
  subscriber: Subscriber;
  vocabulary: readonly string[];
  actionUrl: string;
  exportUrl: string;
  unsubscribeUrl: string;
  notice?: string;
  errors?: string[];
}): string {
  const s = opts.subscriber;
  const known = new Set(opts.vocabulary);
  const keywords = s.topics.filter((t) => !known.has(t)).join(', ');
  const statusText = {
    pending: 'waiting for you to confirm the email we sent',
    active: 'subscribed',
    unsubscribed: 'unsubscribed: you get no emails',
  }[s.status];
  return layout({
    title: 'Your preferences',
    body: html`<h1>Your preferences</h1>
${opts.notice ? html`<p role="status">${opts.notice}</p>` : ''}
${opts.errors?.length ? html`<div role="alert"><p>Nothing was saved:</p><ul>${opts.errors.map((e) => html`<li>${e}</li>`)}</ul></div>` : ''}
<p><strong>${s.email}</strong>: ${statusText}.</p>
<form method="post" action="${opts.actionUrl}">
<fieldset>
<legend>Topics${s.topics.length ? '' : ' (none chosen: the overall top papers)'}</legend>
${opts.vocabulary.map(
  (t) =>
    html`<label><input type="checkbox" name="topics" value="${t}"${s.topics.includes(t) ? html` checked` : ''}> ${topicLabel(t)}</label>\n`,
)}
<label for="keywords">Other keywords, comma-separated</label>
<input id="keywords" type="text" name="topics" value="${keywords}" maxlength="400">
</fieldset>
<fieldset>
<legend>How often</legend>
<label><input type="radio" name="frequency" value="daily"${s.frequency === 'daily' ? html` checked` : ''}> Daily</label>
<label><input type="radio" name="frequency" value="weekly"${s.frequency === 'weekly' ? html` checked` : ''}> Weekly</label>
</fieldset>
<button type="submit" name="action" value="update">Save preferences</button>
</form>
<h2>Your data</h2>
<p><a href="${opts.exportUrl}" rel="nofollow" download>Download everything we store about you (JSON)</a></p>
<form method="post" action="${opts.actionUrl}">
<button type="submit" name="action" value="erase">Erase me…</button>
</form>
<p><a href="${opts.unsubscribeUrl}" rel="nofollow">Unsubscribe</a></p>`,
  });
}

/** The erase confirmation step: nothing is deleted until this form is sent. */
export function eraseConfirmPage(opts: { email: string; actionUrl: string; preferencesUrl: string }): string {
  return layout({
    title: 'Erase your data?',
    body: html`<h1>Erase your data?</h1>
<p>This deletes <strong>${opts.email}</strong>, your preferences, your consent records and the list of emails we sent you. It cannot be undone, and every link in your old emails stops working.</p>
<form method="post" action="${opts.actionUrl}">
<input type="hidden" name="action" value="erase">
<input type="hidden" name="confirm" value="yes">
<button type="submit">Yes, erase everything</button>
</form>
<p><a href="${opts.preferencesUrl}" rel="nofollow">No, keep my subscription</a></p>`,
  });
}

export const erasedPage = () =>
  messagePage({
    title: 'Your data is erased',
    lines: ['We deleted your subscription and everything stored with it. You will get no more emails.'],
  });
