import escapeHtml from 'escape-html';
import type { CompiledDigest } from '../schemas/compiled-templates';
import type { Edition } from '../schemas/edition';
import type { Paper } from '../schemas/paper';
import { editionDates } from './edition';
import {
  fillAll,
  filledBytes,
  fillSome,
  parseTemplate,
  pushFilled,
  type SlotTemplate,
} from './fill-template';
import { byline, cutAtWord, type PaperView, paperView, statsLine } from './paper-view';

/**
 * The digest email as string work on templates compiled before it runs (`schemas/compiled-templates`:
 * MJML already applied at build time, placeholders kept). Per edition, `prepareEdition` fills the
 * edition's words and every candidate paper; per reader, `assembleDigest` fills the reader's slots and
 * joins the reader's papers. No MJML and no I/O here: the email-renderer adapter hands the compiled
 * templates in, and the reference full render (`adapters/template-compiler.renderDigestFull`) runs MJML
 * on `digestMjml`'s source. Both must give the same bytes (test/digest-render/fast-path.test.ts).
 */

export interface ReaderLinks {
  unsubscribeUrl: string;
  preferencesUrl: string;
  webViewUrl: string;
  /**
   * The paper's "More like this" / "Less like this" links for this reader (signed for reader and paper:
   * `core/feedback-token`). The sender always gives them; without them (previews, render tests) both
   * links open the preferences page, where the reader's feedback is listed.
   */
  feedback?: (paperId: string) => PaperLinks;
}

export type PaperLinks = {
  moreUrl: string;
  lessUrl: string;
};

/**
 * Per reader and per paper: the placeholders of `digest-paper.*` left open when the edition is prepared
 * (the section heading a paper may open, its why line, its feedback links).
 */
export const PAPER_READER_SLOTS = ['section', 'why', 'moreUrl', 'lessUrl'] as const;
type PaperReaderValues = Record<(typeof PAPER_READER_SLOTS)[number], string>;

/** What one reader gets: which papers, in order, and what the selection says about them. */
export interface DigestReader {
  paperIds: string[];
  links: ReaderLinks;
  /** Per paper, in `paperIds`' order: the one line saying why it is there (`core/selection`), as plain text. */
  why?: readonly string[];
  /** How many of the first papers are by people the reader follows: they get a section of their own. */
  followed?: number;
}

/** The section headings of a digest with followed papers (HTML and text). */
export const SECTION_HEADINGS = {
  followed: 'From people you follow',
  rest: 'More papers for you',
} as const;

export interface DigestEmail {
  subject: string;
  html: string;
  text: string;
}

/** Gmail clips HTML bodies over 102 KB; stay under it with room to spare. */
export const MAX_DIGEST_HTML_BYTES = 100_000;

const SUBJECT_TITLE_CHARS = 110;

/** The placeholders that differ from one reader to the next; every other one is filled per edition. */
export const READER_SLOTS = [
  'countLine',
  'preview',
  'webViewUrl',
  'preferencesUrl',
  'unsubscribeUrl',
] as const;
type ReaderSlot = (typeof READER_SLOTS)[number];
type ReaderValues = Record<ReaderSlot, string>;

interface PreparedPaper {
  /** With the reader's per-paper slots (`PAPER_READER_SLOTS`) still open. */
  html: SlotTemplate;
  text: SlotTemplate;
  /** The title as the subject and the preview line show it (the preview's is HTML-escaped). */
  subjectTitle: string;
  previewTitleHtml: string;
}

/** One edition, prepared once: plain JSON, so a planner can store or pass it to senders as is. */
export interface PreparedEdition {
  editionId: string;
  kind: Edition['kind'];
  date: string;
  subjectPrefix: string;
  /** Head and foot with only the reader's slots left open. */
  html: { head: SlotTemplate; foot: SlotTemplate };
  text: { head: SlotTemplate; foot: SlotTemplate };
  /** By arXiv id, in the edition's ranked order. */
  papers: Record<string, PreparedPaper>;
}

/** The raw template files the reference render needs (`templates/digest*.mjml`, `digest*.txt`). */
export interface DigestSources {
  shell: string;
  paper: string;
  textShell: string;
  textPaper: string;
}

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
const e = escapeHtmlLatin1;
const dayFormat = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const shortDayFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const asDay = (date: string) => new Date(`${date}T00:00:00Z`);

/** "Friday, 12 June 2026" for a daily edition, "5 Jun 2026 – 11 Jun 2026" for a weekly one. */
export function editionHeading(edition: Pick<Edition, 'kind' | 'date'>): string {
  if (edition.kind === 'daily') return dayFormat.format(asDay(edition.date));
  const dates = editionDates(edition.kind, edition.date);
  return `${shortDayFormat.format(asDay(dates[0] as string))} – ${shortDayFormat.format(asDay(dates[6] as string))}`;
}

/** Edition-level words: the same for every reader of the edition. */
function editionWords(edition: Edition, baseUrl: string) {
  const daily = edition.kind === 'daily';
  const heading = editionHeading(edition);
  return {
    kindLabel: daily ? 'Daily digest' : 'Weekly digest',
    heading,
    title: `Papers Inbox · ${heading}`,
    subjectPrefix: `Papers Inbox${daily ? '' : ' weekly'} · ${shortDayFormat.format(asDay(edition.date))}: `,
    why:
      `You get this email because you subscribed to the Papers Inbox ${edition.kind} digest at ${baseUrl} ` +
      `and confirmed your address. It lists the most upvoted Hugging Face Daily Papers ` +
      `${daily ? 'of the day' : 'of the week'} that match your topics.`,
  };
}
type EditionWords = ReturnType<typeof editionWords>;

/** The edition's placeholders in the HTML (escaped) and the text part (as they are). */
function editionValues(words: EditionWords, postalAddress: string, esc: (s: string) => string) {
  return {
    kindLabel: esc(words.kindLabel),
    heading: esc(words.heading),
    title: esc(words.title),
    why: esc(words.why),
    postalAddress: esc(postalAddress),
  };
}

const countLine = (n: number) => `${n} paper${n === 1 ? '' : 's'} picked for you`;
const previewLine = (topTitle: string, n: number) => (n > 1 ? `${topTitle} and ${n - 1} more` : topTitle);

function readerValuesHtml(links: ReaderLinks, top: PreparedPaper, n: number): ReaderValues {
  return {
    countLine: countLine(n),
    preview: previewLine(top.previewTitleHtml, n),
    webViewUrl: e(links.webViewUrl),
    preferencesUrl: e(links.preferencesUrl),
    unsubscribeUrl: e(links.unsubscribeUrl),
  };
}

function readerValuesText(links: ReaderLinks, top: PreparedPaper, n: number): ReaderValues {
  return {
    countLine: countLine(n),
    preview: previewLine(top.subjectTitle, n),
    webViewUrl: links.webViewUrl,
    preferencesUrl: links.preferencesUrl,
    unsubscribeUrl: links.unsubscribeUrl,
  };
}

const paperLinksOf = (links: ReaderLinks, paperId: string): PaperLinks =>
  links.feedback?.(paperId) ?? { moreUrl: links.preferencesUrl, lessUrl: links.preferencesUrl };

/** The heading paper `i` opens, if any: the followed papers' section, then the rest's. */
function sectionAt(reader: DigestReader, i: number): string | undefined {
  const followed = reader.followed ?? 0;
  if (followed <= 0) return undefined;
  if (i === 0) return SECTION_HEADINGS.followed;
  return i === followed ? SECTION_HEADINGS.rest : undefined;
}

const SECTION_HTML: Record<string, string> = Object.fromEntries(
  Object.values(SECTION_HEADINGS).map((h) => [
    h,
    `<div style="font-size:12px;letter-spacing:1px;text-transform:uppercase;color:#b45309;font-weight:bold;margin:0 0 10px;">${e(h)}</div>`,
  ]),
);

/**
 * Escaped why lines by text: a reader's lines come from a small set per edition (ranks, topics, the
 * titles readers marked), so most readers' lines are escaped once. Bounded: cleared when full.
 */
const whyHtmlCache = new Map<string, string>();
function whyHtml(why: string): string {
  let html = whyHtmlCache.get(why);
  if (html === undefined) {
    html = `<div style="color:#92400e;font-size:13px;font-style:italic;margin-top:4px;">${e(why)}</div>`;
    if (whyHtmlCache.size >= 5000) whyHtmlCache.clear();
    whyHtmlCache.set(why, html);
  }
  return html;
}

/**
 * The reader's per-paper values, HTML (escaped) and text, computed once per reader: each paper's links
 * are asked for once (the sender signs a token per paper), and the size check reuses them.
 */
function paperReaderValues(reader: DigestReader): { html: PaperReaderValues[]; text: PaperReaderValues[] } {
  const html: PaperReaderValues[] = [];
  const text: PaperReaderValues[] = [];
  reader.paperIds.forEach((id, i) => {
    const l = paperLinksOf(reader.links, id);
    const why = reader.why?.[i];
    const section = sectionAt(reader, i);
    html.push({
      section: section ? (SECTION_HTML[section] as string) : '',
      why: why ? whyHtml(why) : '',
      moreUrl: e(l.moreUrl),
      lessUrl: e(l.lessUrl),
    });
    text.push({
      section: section ? `\n${section}\n${'='.repeat(section.length)}\n\n` : '',
      why: why ? `Why: ${why}\n` : '',
      moreUrl: l.moreUrl,
      lessUrl: l.lessUrl,
    });
  });
  return { html, text };
}

/** `digest-paper.mjml`'s placeholders, escaped (thumbnail and links are markup we build here). */
function paperValuesHtml(v: PaperView): Record<string, string> {
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
function paperValuesText(v: PaperView): Record<string, string> {
  const details = [byline(v), statsLine(v)]
    .filter(Boolean)
    .map((line) => `${line}\n`)
    .join('');
  return {
    title: v.title,
    paperUrl: v.paperUrl,
    details,
    summary: v.summary,
    links: v.links.map((l) => `${l.label}: ${l.url}`).join('\n'),
  };
}

const PAPERS_LINE = /\{\{\s*papers\s*\}\}\n?/;

/** A shell cut at its `{{papers}}` placeholder (with the line break after it): what comes before and after. */
export function cutAtPapers(shell: string): { head: string; foot: string } {
  const m = PAPERS_LINE.exec(shell);
  if (!m) throw new Error('digest template has no {{papers}} placeholder');
  return { head: shell.slice(0, m.index), foot: shell.slice(m.index + m[0].length) };
}

/** Parsed once per compiled digest (the object lives as long as the process). */
const parsed = new WeakMap<
  CompiledDigest,
  Record<'html' | 'text', Record<'head' | 'paper' | 'foot', SlotTemplate>>
>();
function parsedDigest(digest: CompiledDigest) {
  let p = parsed.get(digest);
  if (!p) {
    const parse = (t: CompiledDigest['html']) => ({
      head: parseTemplate(t.head),
      paper: parseTemplate(t.paper),
      foot: parseTemplate(t.foot),
    });
    p = { html: parse(digest.html), text: parse(digest.text) };
    parsed.set(digest, p);
  }
  return p;
}

/** Fills the edition's words; only reader slots may stay open (anything else is a template bug). */
function readerTemplate(t: SlotTemplate, values: Record<string, string>): SlotTemplate {
  const left = fillSome(t, values);
  const unknown = left.slots.find((s) => !(READER_SLOTS as readonly string[]).includes(s));
  if (unknown) throw new Error(`digest template placeholder {{${unknown}}} has no value`);
  return left;
}

/** Fills the paper's own values; only the reader's per-paper slots may stay open. */
function paperTemplate(t: SlotTemplate, values: Record<string, string>): SlotTemplate {
  const left = fillSome(t, values);
  const unknown = left.slots.find((s) => !(PAPER_READER_SLOTS as readonly string[]).includes(s));
  if (unknown) throw new Error(`digest paper template placeholder {{${unknown}}} has no value`);
  return left;
}

function preparePaper(t: ReturnType<typeof parsedDigest>, paper: Paper): PreparedPaper {
  const v = paperView(paper);
  const title = cutAtWord(v.title, SUBJECT_TITLE_CHARS);
  return {
    html: paperTemplate(t.html.paper, paperValuesHtml(v)),
    text: paperTemplate(t.text.paper, paperValuesText(v)),
    subjectTitle: title,
    previewTitleHtml: e(title),
  };
}

/** One edition from the compiled digest: every candidate paper and the edition's words, filled once. */
export function prepareEdition(
  digest: CompiledDigest,
  input: { edition: Edition; papers: Paper[]; baseUrl: string; postalAddress: string },
): PreparedEdition {
  const { edition, papers, baseUrl, postalAddress } = input;
  const t = parsedDigest(digest);
  const words = editionWords(edition, baseUrl);
  const html = editionValues(words, postalAddress, e);
  const text = editionValues(words, postalAddress, (s) => s);
  const byId: Record<string, PreparedPaper> = {};
  for (const p of papers) byId[p.arxivId] = preparePaper(t, p);
  return {
    editionId: edition.editionId,
    kind: edition.kind,
    date: edition.date,
    subjectPrefix: words.subjectPrefix,
    html: { head: readerTemplate(t.html.head, html), foot: readerTemplate(t.html.foot, html) },
    text: { head: readerTemplate(t.text.head, text), foot: readerTemplate(t.text.foot, text) },
    papers: byId,
  };
}

function papersOf(prepared: PreparedEdition, paperIds: string[]): PreparedPaper[] {
  if (paperIds.length === 0) throw new Error('a reader with no papers gets no email');
  return paperIds.map((id) => {
    const p = prepared.papers[id];
    if (!p) throw new Error(`paper ${id} is not in edition ${prepared.editionId}`);
    return p;
  });
}

/** How many papers fit (at least one), and the reader's HTML values for that count. */
function fitCount(
  prepared: PreparedEdition,
  links: ReaderLinks,
  papers: PreparedPaper[],
  paperHtml: PaperReaderValues[],
  maxHtmlBytes: number,
): { n: number; values: ReaderValues } {
  const top = papers[0] as PreparedPaper;
  let n = papers.length;
  let values = readerValuesHtml(links, top, n);
  // A UTF-8 byte is never less than a third of a UTF-16 unit: when even 3 bytes per character of the
  // reader's values fit, every paper fits, and no value needs its bytes counted.
  let bound = prepared.html.head.fixedBytes + prepared.html.foot.fixedBytes;
  for (const s of prepared.html.head.slots) bound += 3 * (values[s as ReaderSlot]?.length ?? 0);
  for (const s of prepared.html.foot.slots) bound += 3 * (values[s as ReaderSlot]?.length ?? 0);
  papers.forEach((p, i) => {
    const v = paperHtml[i] as PaperReaderValues;
    bound += p.html.fixedBytes;
    for (const s of p.html.slots) bound += 3 * (v[s as keyof PaperReaderValues]?.length ?? 0);
  });
  if (bound <= maxHtmlBytes) return { n, values };
  const bytes = papers.map((p, i) => filledBytes(p.html, paperHtml[i] as PaperReaderValues));
  let papersBytes = bytes.reduce((sum, b) => sum + b, 0);
  while (n > 1) {
    const total =
      filledBytes(prepared.html.head, values) + filledBytes(prepared.html.foot, values) + papersBytes;
    if (total <= maxHtmlBytes) break;
    n -= 1;
    papersBytes -= bytes[n] as number;
    values = readerValuesHtml(links, top, n);
  }
  return { n, values };
}

/**
 * The longest prefix of `paperIds` whose HTML stays within `maxHtmlBytes` (at least the first paper):
 * papers are dropped from the end, so a reader gets fewer papers rather than a clipped email.
 */
export function fitToSize(
  prepared: PreparedEdition,
  reader: DigestReader,
  maxHtmlBytes = MAX_DIGEST_HTML_BYTES,
): string[] {
  const papers = papersOf(prepared, reader.paperIds);
  const { n } = fitCount(prepared, reader.links, papers, paperReaderValues(reader).html, maxHtmlBytes);
  return reader.paperIds.slice(0, n);
}

/** One reader's email from the prepared edition: string assembly only. */
export function assembleDigest(
  prepared: PreparedEdition,
  reader: DigestReader,
  maxHtmlBytes = MAX_DIGEST_HTML_BYTES,
): DigestEmail {
  const all = papersOf(prepared, reader.paperIds);
  const perPaper = paperReaderValues(reader);
  const { n, values: htmlValues } = fitCount(prepared, reader.links, all, perPaper.html, maxHtmlBytes);
  const top = all[0] as PreparedPaper;
  const textValues = readerValuesText(reader.links, top, n);
  // One join copies each piece once into a flat string; `+=` would build a rope the SDK flattens later.
  const html: string[] = [];
  const text: string[] = [];
  pushFilled(html, prepared.html.head, htmlValues);
  pushFilled(text, prepared.text.head, textValues);
  for (let i = 0; i < n; i++) {
    const p = all[i] as PreparedPaper;
    pushFilled(html, p.html, perPaper.html[i] as PaperReaderValues);
    pushFilled(text, p.text, perPaper.text[i] as PaperReaderValues);
  }
  pushFilled(html, prepared.html.foot, htmlValues);
  pushFilled(text, prepared.text.foot, textValues);
  return { subject: prepared.subjectPrefix + top.subjectTitle, html: html.join(''), text: text.join('') };
}

/**
 * The straightforward path, as string work on the raw template files: this reader's whole digest as one
 * MJML document (for a full `mjml2html`, the reference for the fast path), its text part and subject.
 */
export function digestMjml(
  sources: DigestSources,
  input: {
    edition: Edition;
    /** The reader's papers, in the order they are shown. */
    papers: Paper[];
    baseUrl: string;
    postalAddress: string;
    links: ReaderLinks;
  } & Pick<DigestReader, 'why' | 'followed'>,
): { subject: string; mjml: string; text: string } {
  const { edition, papers, baseUrl, postalAddress, links } = input;
  const perPaper = paperReaderValues({ ...input, paperIds: papers.map((p) => p.arxivId) });
  if (papers.length === 0) throw new Error('a reader with no papers gets no email');
  const words = editionWords(edition, baseUrl);
  const views = papers.map(paperView);
  const title = cutAtWord((views[0] as PaperView).title, SUBJECT_TITLE_CHARS);
  const top = { subjectTitle: title, previewTitleHtml: e(title) } as PreparedPaper;
  const paperMjml = parseTemplate(sources.paper);
  const mjml = fillAll(parseTemplate(sources.shell), {
    ...editionValues(words, postalAddress, e),
    ...readerValuesHtml(links, top, papers.length),
    papers: views
      .map((v, i) => fillAll(paperMjml, { ...paperValuesHtml(v), ...perPaper.html[i] }))
      .join('\n'),
  });
  const shell = cutAtPapers(sources.textShell);
  const paperText = parseTemplate(sources.textPaper);
  const textValues = {
    ...editionValues(words, postalAddress, (s) => s),
    ...readerValuesText(links, top, papers.length),
  };
  const text =
    fillAll(parseTemplate(shell.head), textValues) +
    views.map((v, i) => fillAll(paperText, { ...paperValuesText(v), ...perPaper.text[i] })).join('') +
    fillAll(parseTemplate(shell.foot), textValues);
  return { subject: words.subjectPrefix + title, mjml, text };
}
