import { html, type SafeHtml } from './html';
import { layout } from './layout';

/** A 4xx/5xx for people: what happened, in words, and where to go next. Never a stack trace. */
export function errorPage(opts: { title: string; message: string; next?: SafeHtml }): string {
  const body = html`<div class="narrow">
<div class="notice error">
<h1>${opts.title}</h1>
<p>${opts.message}</p>
</div>
${opts.next ?? html`<p><a href="/">Back to the signup page</a></p>`}
</div>`;
  return layout({ title: opts.title, body });
}
