import { TOKEN_REFUSAL_TEXT, type TokenRefusal } from '../core/subscriber-token';
import { html, type SafeHtml } from './html';
import { layout } from './layout';

type Line = string | SafeHtml;

/**
 * The one error page (every 4xx/5xx a person sees): what happened, in words, and where to go next.
 * Never a stack trace. `next` defaults to the way back to the signup page.
 */
export function errorPage(opts: { title: string; message: Line | Line[]; next?: SafeHtml }): string {
  const lines = Array.isArray(opts.message) ? opts.message : [opts.message];
  const body = html`<div class="narrow">
<div class="notice error">
<h1>${opts.title}</h1>
${lines.map((l) => html`<p>${l}</p>\n`)}</div>
${opts.next ?? html`<p><a href="/">Back to the signup page</a></p>`}
</div>`;
  return layout({ title: opts.title, body });
}

/** The 400 page for a refused link: which problem, and how to get a working link. */
export function linkErrorPage(reason: TokenRefusal | 'unsubscribed'): string {
  if (reason === 'unsubscribed')
    return errorPage({
      title: 'Subscription ended',
      message:
        'You unsubscribed after confirming, so this confirmation link no longer starts a subscription.',
      next: html`<p>To subscribe again, <a href="/">sign up</a> and confirm the new email.</p>`,
    });
  const text = TOKEN_REFUSAL_TEXT[reason];
  return errorPage({
    title: text.title,
    message: text.reason,
    next: html`<p>${text.remedy} <a href="/">Sign up page</a>.</p>`,
  });
}
