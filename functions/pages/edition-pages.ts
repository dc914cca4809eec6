import { editionHeading } from '../core/digest-render';
import { editionUrl, editionWebPath, siteUrl } from '../core/links';
import { byline, paperView, statsLine } from '../core/paper-view';
import type { Edition } from '../schemas/edition';
import type { Paper } from '../schemas/paper';
import { html } from './html';
import { layout } from './layout';

/** The public pages of editions: the same paper fields as the email, and nothing about any reader. */

const kindLabel = (e: Pick<Edition, 'kind'>) => (e.kind === 'daily' ? 'Daily digest' : 'Weekly digest');
const editionTitle = (e: Pick<Edition, 'kind' | 'date'>) => `${kindLabel(e)} · ${editionHeading(e)}`;

export function editionPage(edition: Edition, papers: Paper[]): string {
  const items = papers.map((paper) => {
    const v = paperView(paper);
    return html`<article>
${v.thumbnailUrl ? html`<a href="${v.paperUrl}" aria-hidden="true" tabindex="-1"><img src="${v.thumbnailUrl}" alt="" width="552"></a>` : ''}
<h2><a href="${v.paperUrl}">${v.title}</a></h2>
<p>${byline(v)}</p>
<p>${statsLine(v)}</p>
<p>${v.summary}</p>
<p>${v.links.map((l, i) => html`${i > 0 ? ' · ' : ''}<a href="${l.url}">${l.label}</a>`)}</p>
</article>`;
  });
  return layout({
    title: editionTitle(edition),
    body: html`<h1>${editionTitle(edition)}</h1>
<p>${papers.length} paper${papers.length === 1 ? '' : 's'}, most upvoted first. <a href="/editions">All editions</a></p>
${items.length > 0 ? items : html`<p>No papers are stored for this edition.</p>`}`,
  });
}

export function editionsListPage(editions: Edition[]): string {
  return layout({
    title: 'Editions',
    body: html`<h1>Editions</h1>
<p><a href="/editions.atom">Atom feed</a></p>
${
  editions.length === 0
    ? html`<p>No editions yet.</p>`
    : html`<ul>${editions.map(
        (e) =>
          html`<li><a href="${editionWebPath(e)}">${editionTitle(e)}</a> (${e.paperIds.length} papers)</li>`,
      )}</ul>`
}`,
  });
}

// XML 1.0 forbids most control characters even as references: drop them from paper text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const xmlText = (s: string) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');

/**
 * An Atom (RFC 4287) feed of editions. Built with the escaping `html` tag rather than the `feed`
 * package: feed 5+ is ESM-only (jest loads CommonJS) and 4.x has not been maintained since 2020;
 * the feed has a handful of elements and escape-html's output is valid XML escaping.
 */
export function editionsAtom(opts: {
  editions: Edition[];
  /** Paper titles by arXiv id, for the first `titlesPerEdition` papers of each edition. */
  titles: Map<string, string>;
  titlesPerEdition: number;
  baseUrl: string;
}): string {
  const base = opts.baseUrl;
  const updated =
    opts.editions
      .map((e) => e.createdAt)
      .sort()
      .at(-1) ?? '1970-01-01T00:00:00.000Z';
  const entries = opts.editions.map((e) => {
    const url = editionUrl(base, e);
    const titles = e.paperIds.slice(0, opts.titlesPerEdition).flatMap((id) => {
      const t = opts.titles.get(id);
      return t ? [xmlText(t)] : [];
    });
    const content = html`<ol>${titles.map((t) => html`<li>${t}</li>`)}</ol>`.value;
    return html`  <entry>
    <id>${url}</id>
    <title>${editionTitle(e)}</title>
    <link rel="alternate" type="text/html" href="${url}"/>
    <updated>${e.createdAt}</updated>
    <summary>${e.paperIds.length} papers${titles[0] ? `, led by ${titles[0]}` : ''}</summary>
    <content type="html">${content}</content>
  </entry>
`;
  });
  return html`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${siteUrl(base, '/editions')}</id>
  <title>Papers Inbox: trending AI research papers</title>
  <link rel="self" type="application/atom+xml" href="${siteUrl(base, '/editions.atom')}"/>
  <link rel="alternate" type="text/html" href="${siteUrl(base, '/editions')}"/>
  <updated>${updated}</updated>
  <author><name>Papers Inbox</name></author>
${entries}</feed>
`.value;
}
