import type { FeedbackKind } from '../schemas/profile';
import { html } from './html';
import { layout } from './layout';

const label = (kind: FeedbackKind) => (kind === 'more' ? 'More like this' : 'Less like this');
const effect = (kind: FeedbackKind) =>
  kind === 'more'
    ? 'Your next digests rank papers like this one higher.'
    : 'Your next digests rank papers like this one lower.';

/**
 * GET /feedback: what the press will do, and the one button that does it. Opening the link (as mail
 * scanners do) records nothing.
 */
export function feedbackAskPage(opts: {
  title: string;
  paperUrl: string;
  kind: FeedbackKind;
  actionUrl: string;
  otherUrl: string;
}): string {
  const other: FeedbackKind = opts.kind === 'more' ? 'less' : 'more';
  return layout({
    title: label(opts.kind),
    body: html`<h1>${label(opts.kind)}?</h1>
<p><a href="${opts.paperUrl}">${opts.title}</a></p>
<p>${effect(opts.kind)} Nothing is recorded until you press the button.</p>
<form method="post" action="${opts.actionUrl}">
<input type="hidden" name="kind" value="${opts.kind}">
<button type="submit">${label(opts.kind)}</button>
</form>
<p><a href="${opts.otherUrl}" rel="nofollow">${label(other)} instead</a></p>`,
  });
}

/** After the press: what was recorded, and "undo". */
export function feedbackDonePage(opts: {
  title: string;
  kind: FeedbackKind;
  actionUrl: string;
  preferencesUrl: string;
}): string {
  return layout({
    title: 'Feedback recorded',
    body: html`<h1>Thanks: “${label(opts.kind)}” recorded</h1>
<p role="status">${opts.title}</p>
<p>${effect(opts.kind)} You can see and forget all your feedback on <a href="${opts.preferencesUrl}">your preferences page</a>.</p>
<form method="post" action="${opts.actionUrl}">
<input type="hidden" name="kind" value="undo">
<button type="submit">Undo</button>
</form>`,
  });
}

export function feedbackUndonePage(opts: { title: string }): string {
  return layout({
    title: 'Feedback undone',
    body: html`<h1>Undone</h1>
<p role="status">Your feedback on “${opts.title}” is removed.</p>`,
  });
}
