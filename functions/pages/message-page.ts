import { html, type SafeHtml } from './html';
import { layout } from './layout';

/** A page that only tells the reader something (a result, a refusal and what to do about it). */
export function messagePage(opts: { title: string; lines: (string | SafeHtml)[] }): string {
  return layout({
    title: opts.title,
    body: html`<h1>${opts.title}</h1>
${opts.lines.map((l) => html`<p>${l}</p>\n`)}`,
  });
}
