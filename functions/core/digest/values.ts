import escapeHtml from 'escape-html';
import type { Edition } from '../../schemas/edition';
import { editionDates } from '../edition';
import { formatDayFull, formatDayShort } from '../english-format';
import { feedbackUrlAround, type QueryToken } from '../links';
import { byline, type PaperView, statsLine } from '../paper-view';
import {
  type DigestReader,
  type PaperLinks,
  type PaperReaderValues,
  type PreparedPaper,
  type ReaderLinks,
  type ReaderValues,
  SECTION_HEADINGS,
} from './model';

/**
 * The values a digest's placeholders take: escaped for the HTML, as they are for the text part.
 *
 * The text part writes our own marks in Latin-1: "81 upvotes" without the ▲, "GitHub (9 stars)" for
 * "GitHub ★ 9", the organisation in brackets instead of after a dash, "..." where we cut a summary or
 * a marked title, straight quotes in the why lines and a hyphen between a week's dates. Text-only clients and screen
 * readers say these better than "black up-pointing triangle", and a text part all in Latin-1 is a
 * one-byte string in V8: half the memory that every email copies. The papers' own words stay as they
 * are (a character of theirs beyond Latin-1 keeps that reader's text part two-byte).
 */
const plainWhy = (s: string) => s.replace(/[“”]/g, '"').replace(/…/g, '...');
const plainCut = (s: string) => (s.endsWith('…') ? `${s.slice(0, -1)}...` : s);

/**
 * HTML-escapes, and writes every character beyond Latin-1 as a numeric reference: the HTML then stays a
 * one-byte string in V8 (half the memory and copying per reader), and mail transport encodes such
 * characters to about as many bytes anyway (quoted-printable UTF-8 is 9 bytes for a CJK character).
 */
const BEYOND_LATIN1 = /[^\t-\u00ff]/;
/**
 * What escaping changes, but `&` (any character outside \t…ÿ, and `"` `'` `<` `>`): a value without any
 * of these only has its `&`s to escape.
 */
const SPECIAL_BUT_AMPERSAND = /[^\t-!#-&(-;=?-\u00ff]/;
export const escapeHtmlLatin1 = (s: string) => {
  // URLs (query strings), tokens and most titles: one scan, then `&` alone, instead of two replaces.
  if (!SPECIAL_BUT_AMPERSAND.test(s)) return s.includes('&') ? s.replaceAll('&', '&amp;') : s;
  const escaped = escapeHtml(s);
  return BEYOND_LATIN1.test(escaped)
    ? escaped.replace(/[^\t-\u00ff]/gu, (c) => `&#${c.codePointAt(0)};`)
    : escaped;
};
export const e = escapeHtmlLatin1;
/** "Friday, 12 June 2026" for a daily edition, "5 Jun 2026 – 11 Jun 2026" for a weekly one. */
export function editionHeading(edition: Pick<Edition, 'kind' | 'date'>): string {
  if (edition.kind === 'daily') return formatDayFull(edition.date);
  const dates = editionDates(edition.kind, edition.date);
  return `${formatDayShort(dates[0] as string)} – ${formatDayShort(dates[6] as string)}`;
}

/** Edition-level words: the same for every reader of the edition. */
export function editionWords(edition: Edition, baseUrl: string) {
  const daily = edition.kind === 'daily';
  const heading = editionHeading(edition);
  return {
    kindLabel: daily ? 'Daily digest' : 'Weekly digest',
    heading,
    title: `Papers Inbox · ${heading}`,
    subjectPrefix: `Papers Inbox${daily ? '' : ' weekly'} · ${formatDayShort(edition.date)}: `,
    why:
      `You get this email because you subscribed to the Papers Inbox ${edition.kind} digest at ${baseUrl} ` +
      `and confirmed your address. It lists the most upvoted Hugging Face Daily Papers ` +
      `${daily ? 'of the day' : 'of the week'} that match your topics.`,
  };
}
type EditionWords = ReturnType<typeof editionWords>;

/** The edition's placeholders in the HTML (escaped). */
export function editionValuesHtml(words: EditionWords, postalAddress: string) {
  return {
    kindLabel: e(words.kindLabel),
    heading: e(words.heading),
    title: e(words.title),
    why: e(words.why),
    postalAddress: e(postalAddress),
  };
}

/** The edition's placeholders in the text part (as they are, the week's dates joined by a hyphen). */
export function editionValuesText(words: EditionWords, postalAddress: string) {
  return {
    kindLabel: words.kindLabel,
    heading: words.heading.replace(' – ', ' - '),
    title: words.title.replace(' – ', ' - '),
    why: words.why,
    postalAddress,
  };
}

const countLine = (n: number) => `${n} paper${n === 1 ? '' : 's'} picked for you`;
const previewLine = (topTitle: string, n: number) => (n > 1 ? `${topTitle} and ${n - 1} more` : topTitle);

export function readerValuesHtml(links: ReaderLinks, top: PreparedPaper, n: number): ReaderValues {
  return {
    countLine: countLine(n),
    preview: previewLine(top.previewTitleHtml, n),
    webViewUrl: e(links.webViewUrl),
    preferencesUrl: e(links.preferencesUrl),
    unsubscribeUrl: e(links.unsubscribeUrl),
  };
}

export function readerValuesText(links: ReaderLinks, top: PreparedPaper, n: number): ReaderValues {
  return {
    countLine: countLine(n),
    preview: previewLine(top.subjectTitle, n),
    webViewUrl: links.webViewUrl,
    preferencesUrl: links.preferencesUrl,
    unsubscribeUrl: links.unsubscribeUrl,
  };
}

/** A paper's feedback links for the reader (`token`: the paper's token, when the caller has it already). */
function paperLinksOf(links: ReaderLinks, baseUrl: string, paperId: string, token?: QueryToken): PaperLinks {
  const t = token ?? links.feedbackToken?.(paperId);
  if (t === undefined) return { moreUrl: links.preferencesUrl, lessUrl: links.preferencesUrl };
  const link = (kind: 'more' | 'less') => {
    const { before, after } = feedbackUrlAround(baseUrl, kind);
    return before + t + after;
  };
  return { moreUrl: link('more'), lessUrl: link('less') };
}

/** The heading paper `i` opens, if any: the followed papers' section, then the rest's. */
function sectionAt(reader: DigestReader, i: number): string | undefined {
  const followed = reader.followed ?? 0;
  if (followed <= 0) return undefined;
  if (i === 0) return SECTION_HEADINGS.followed;
  return i === followed ? SECTION_HEADINGS.rest : undefined;
}

/**
 * The same string, flat and one-byte when it is all Latin-1. V8 keeps a string cut from or joined with a
 * two-byte one two-byte even when every character fits a byte, and a join with one two-byte piece is
 * two-byte as a whole: the HTML then costs twice the copying and memory per reader.
 */
const LATIN1_ONLY = /^[\0-\u00ff]*$/;
export const oneByte = (s: string) => (LATIN1_ONLY.test(s) ? Buffer.from(s, 'latin1').toString('latin1') : s);

/** A section heading or a why line, as the HTML and the text part show it. */
export interface Line {
  html: string;
  text: string;
}
const NO_LINE: Line = { html: '', text: '' };

const SECTION_LINES: Record<string, Line> = Object.fromEntries(
  Object.values(SECTION_HEADINGS).map((h) => [
    h,
    {
      html: `<div style="font-size:12px;letter-spacing:1px;text-transform:uppercase;color:#b45309;font-weight:bold;margin:0 0 10px;">${e(h)}</div>`,
      text: `\n${h}\n${'='.repeat(h.length)}\n\n`,
    },
  ]),
);
export const sectionLine = (reader: DigestReader, i: number): Line => {
  const section = sectionAt(reader, i);
  return section ? (SECTION_LINES[section] as Line) : NO_LINE;
};

/**
 * Why lines by text, escaped for the HTML: a reader's lines come from a small set per edition (ranks,
 * topics, the titles readers marked), so most readers' lines are made once. Bounded: cleared when full.
 */
const whyCache = new Map<string, Line>();
export function whyLine(why: string | undefined): Line {
  if (!why) return NO_LINE;
  let line = whyCache.get(why);
  if (line === undefined) {
    line = {
      html: oneByte(
        `<div style="color:#92400e;font-size:13px;font-style:italic;margin-top:4px;">${e(why)}</div>`,
      ),
      text: oneByte(`Why: ${plainWhy(why)}\n`),
    };
    if (whyCache.size >= 5000) whyCache.clear();
    whyCache.set(why, line);
  }
  return line;
}

/**
 * The reader's per-paper values, HTML (escaped) and text, computed once per reader: each paper's links
 * are asked for once (the sender signs a token per paper), and the size check reuses them.
 */
export function paperReaderValues(
  reader: DigestReader,
  baseUrl: string,
  tokens?: readonly QueryToken[],
): { html: PaperReaderValues[]; text: PaperReaderValues[] } {
  const html: PaperReaderValues[] = [];
  const text: PaperReaderValues[] = [];
  reader.paperIds.forEach((id, i) => {
    const l = paperLinksOf(reader.links, baseUrl, id, tokens?.[i]);
    const why = whyLine(reader.why?.[i]);
    const section = sectionLine(reader, i);
    html.push({ section: section.html, why: why.html, moreUrl: e(l.moreUrl), lessUrl: e(l.lessUrl) });
    text.push({ section: section.text, why: why.text, moreUrl: l.moreUrl, lessUrl: l.lessUrl });
  });
  return { html, text };
}

/** `digest-paper.mjml`'s placeholders, escaped (thumbnail and links are markup we build here). */
export function paperValuesHtml(v: PaperView): Record<string, string> {
  const thumbnail = v.thumbnailUrl
    ? `<a href="${e(v.paperUrl)}"><img src="${e(v.thumbnailUrl)}" alt="" width="552" style="display:block;width:100%;max-width:552px;height:auto;border:0;border-radius:6px;margin:0 0 10px;"></a>`
    : '';
  const links = v.links
    .map((l) => `<a href="${e(l.url)}" style="color:#2563eb;text-decoration:none;">${e(l.label)}</a>`)
    .join(' · ');
  return {
    thumbnail,
    paperUrl: e(v.paperUrl),
    title: e(v.title),
    byline: e(byline(v)),
    stats: e(statsLine(v)),
    summary: e(v.summary),
    links,
  };
}

/** `digest-paper.txt`'s placeholders; `details` is the byline and stats lines that exist, each ending in a newline. */
export function paperValuesText(v: PaperView): Record<string, string> {
  const details = [byline(v, true), statsLine(v, true)]
    .filter(Boolean)
    .map((line) => `${line}\n`)
    .join('');
  return {
    title: v.title,
    paperUrl: v.paperUrl,
    details,
    summary: plainCut(v.summary),
    links: v.links.map((l) => `${l.textLabel ?? l.label}: ${l.url}`).join('\n'),
  };
}
