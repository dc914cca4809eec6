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
import { feedbackUrl, feedbackUrlAround, tokenInQuery } from './links';
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
   * The reader's feedback token for a paper (signed for reader and paper: `core/feedback-token`); the
   * paper's "More like this" / "Less like this" links are `core/links.feedbackUrl(base, token, kind)`.
   * A token rather than two URLs, so the digest inserts only the token between fixed parts it holds per
   * edition. The sender always gives it; without it (previews, render tests) both links open the
   * preferences page, where the reader's feedback is listed.
   */
  feedbackToken?: (paperId: string) => string;
}

type PaperLinks = {
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
  /** The site's base URL (`PUBLIC_BASE_URL`): the readers' feedback links are built on it. */
  baseUrl: string;
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

/** A paper's feedback links for the reader (`token`: the paper's token, when the caller has it already). */
function paperLinksOf(links: ReaderLinks, baseUrl: string, paperId: string, token?: string): PaperLinks {
  const t = token ?? links.feedbackToken?.(paperId);
  if (t === undefined) return { moreUrl: links.preferencesUrl, lessUrl: links.preferencesUrl };
  return { moreUrl: feedbackUrl(baseUrl, t, 'more'), lessUrl: feedbackUrl(baseUrl, t, 'less') };
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
const oneByte = (s: string) => (LATIN1_ONLY.test(s) ? Buffer.from(s, 'latin1').toString('latin1') : s);

/** A section heading or a why line, as the HTML and the text part show it. */
interface Line {
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
const sectionLine = (reader: DigestReader, i: number): Line => {
  const section = sectionAt(reader, i);
  return section ? (SECTION_LINES[section] as Line) : NO_LINE;
};

/**
 * Why lines by text, escaped for the HTML: a reader's lines come from a small set per edition (ranks,
 * topics, the titles readers marked), so most readers' lines are made once. Bounded: cleared when full.
 */
const whyCache = new Map<string, Line>();
function whyLine(why: string | undefined): Line {
  if (!why) return NO_LINE;
  let line = whyCache.get(why);
  if (line === undefined) {
    line = {
      html: oneByte(
        `<div style="color:#92400e;font-size:13px;font-style:italic;margin-top:4px;">${e(why)}</div>`,
      ),
      text: oneByte(`Why: ${why}\n`),
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
function paperReaderValues(
  reader: DigestReader,
  baseUrl: string,
  tokens?: readonly string[],
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
    baseUrl,
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
  const perPaper = paperReaderValues(reader, prepared.baseUrl);
  const { n } = fitCount(prepared, reader.links, papers, perPaper.html, maxHtmlBytes);
  return reader.paperIds.slice(0, n);
}

/**
 * The quick assembly's form of a paper template, derived once per edition and process from the prepared
 * (plain-JSON) one: each feedback link's fixed parts (`core/links.feedbackUrlAround`, escaped for the
 * HTML) are joined to the template's parts, so a reader's link is just the paper's token inserted, with
 * nothing to build or escape; every part is a flat one-byte string where it is all Latin-1.
 */
interface QuickTemplate {
  parts: string[];
  /** Per slot, the value it takes: `QUICK_SECTION`, `QUICK_WHY` or `QUICK_TOKEN`. */
  codes: number[];
  /** UTF-8 bytes of all `parts`. */
  fixedBytes: number;
  /** How many slots take the token (a token is ASCII: its bytes are its length). */
  tokenSlots: number;
}
const QUICK_SECTION = 0;
const QUICK_WHY = 1;
const QUICK_TOKEN = 2;

interface QuickEdition {
  html: { head: SlotTemplate; foot: SlotTemplate };
  text: { head: SlotTemplate; foot: SlotTemplate };
  papers: Map<string, { html: QuickTemplate; text: QuickTemplate }>;
}

type LinkAround = { before: string; after: string };

function quickTemplate(
  t: SlotTemplate,
  links: Record<'moreUrl' | 'lessUrl', LinkAround>,
  esc: (s: string) => string,
): QuickTemplate {
  const parts = [t.parts[0] as string];
  const codes: number[] = [];
  t.slots.forEach((slot, i) => {
    const next = t.parts[i + 1] as string;
    if (slot === 'moreUrl' || slot === 'lessUrl') {
      // Escaping is character by character, so escaping the parts apart equals escaping the whole link;
      // the token between them is query-safe (`tokenInQuery`), so the HTML takes it as it is.
      parts[parts.length - 1] += esc(links[slot].before);
      parts.push(esc(links[slot].after) + next);
      codes.push(QUICK_TOKEN);
    } else if (slot === 'section' || slot === 'why') {
      parts.push(next);
      codes.push(slot === 'section' ? QUICK_SECTION : QUICK_WHY);
    } else throw new Error(`digest paper template placeholder {{${slot}}} has no value`);
  });
  return {
    parts: parts.map(oneByte),
    codes,
    fixedBytes: parts.reduce((n, p) => n + Buffer.byteLength(p), 0),
    tokenSlots: codes.filter((c) => c === QUICK_TOKEN).length,
  };
}

const flatTemplate = (t: SlotTemplate): SlotTemplate => ({ ...t, parts: t.parts.map(oneByte) });

/** Derived once per prepared edition (the sender keeps one per edition id); null: no quick form. */
const quickEditions = new WeakMap<PreparedEdition, QuickEdition | null>();
function quickEditionOf(prepared: PreparedEdition): QuickEdition | null {
  let quick = quickEditions.get(prepared);
  if (quick === undefined) {
    const more = feedbackUrlAround(prepared.baseUrl, 'more');
    const less = feedbackUrlAround(prepared.baseUrl, 'less');
    quick =
      more && less
        ? {
            html: { head: flatTemplate(prepared.html.head), foot: flatTemplate(prepared.html.foot) },
            text: { head: flatTemplate(prepared.text.head), foot: flatTemplate(prepared.text.foot) },
            papers: new Map(
              Object.entries(prepared.papers).map(([id, p]) => [
                id,
                {
                  html: quickTemplate(p.html, { moreUrl: more, lessUrl: less }, e),
                  text: quickTemplate(p.text, { moreUrl: more, lessUrl: less }, (x) => x),
                },
              ]),
            ),
          }
        : null;
    quickEditions.set(prepared, quick);
  }
  return quick;
}

function pushQuick(out: string[], t: QuickTemplate, section: string, why: string, token: string): void {
  const { parts, codes } = t;
  out.push(parts[0] as string);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    out.push(c === QUICK_TOKEN ? token : c === QUICK_WHY ? why : section, parts[i + 1] as string);
  }
}

/**
 * One reader's email through the quick form: the same bytes as `assembleSlotted` (the fast-path test
 * compares both with the full MJML render). Papers are only dropped for size by the slotted assembly: a
 * reader whose upper bound (3 bytes per character of what the reader adds) passes the cap is handed to
 * it, with the tokens already asked for.
 */
function assembleQuick(
  prepared: PreparedEdition,
  quick: QuickEdition,
  reader: DigestReader,
  maxHtmlBytes: number,
): DigestEmail {
  const { paperIds, links } = reader;
  const n = paperIds.length;
  if (n === 0) throw new Error('a reader with no papers gets no email');
  const tokenOf = links.feedbackToken as (paperId: string) => string;
  const papers: { html: QuickTemplate; text: QuickTemplate }[] = [];
  const tokens: string[] = [];
  const inQuery: string[] = [];
  const whys: Line[] = [];
  let bound = prepared.html.head.fixedBytes + prepared.html.foot.fixedBytes;
  for (let i = 0; i < n; i++) {
    const id = paperIds[i] as string;
    const p = quick.papers.get(id);
    if (!p) throw new Error(`paper ${id} is not in edition ${prepared.editionId}`);
    const token = tokenOf(id);
    const q = tokenInQuery(token);
    const why = whyLine(reader.why?.[i]);
    papers.push(p);
    tokens.push(token);
    inQuery.push(q);
    whys.push(why);
    bound +=
      p.html.fixedBytes +
      p.html.tokenSlots * q.length +
      3 * (why.html.length + sectionLine(reader, i).html.length);
  }
  const top = prepared.papers[paperIds[0] as string] as PreparedPaper;
  const htmlValues = readerValuesHtml(links, top, n);
  for (const s of quick.html.head.slots) bound += 3 * (htmlValues[s as ReaderSlot]?.length ?? 0);
  for (const s of quick.html.foot.slots) bound += 3 * (htmlValues[s as ReaderSlot]?.length ?? 0);
  if (bound > maxHtmlBytes) return assembleSlotted(prepared, reader, maxHtmlBytes, tokens);

  const textValues = readerValuesText(links, top, n);
  // One join copies each piece once into a flat string; `+=` would build a rope the SDK flattens later.
  const html: string[] = [];
  const text: string[] = [];
  pushFilled(html, quick.html.head, htmlValues);
  pushFilled(text, quick.text.head, textValues);
  for (let i = 0; i < n; i++) {
    const p = papers[i] as { html: QuickTemplate; text: QuickTemplate };
    const section = sectionLine(reader, i);
    const why = whys[i] as Line;
    const q = inQuery[i] as string;
    pushQuick(html, p.html, section.html, why.html, q);
    pushQuick(text, p.text, section.text, why.text, q);
  }
  pushFilled(html, quick.html.foot, htmlValues);
  pushFilled(text, quick.text.foot, textValues);
  return { subject: prepared.subjectPrefix + top.subjectTitle, html: html.join(''), text: text.join('') };
}

/** One reader's email from the prepared edition: string assembly only. */
export function assembleDigest(
  prepared: PreparedEdition,
  reader: DigestReader,
  maxHtmlBytes = MAX_DIGEST_HTML_BYTES,
): DigestEmail {
  const quick = reader.links.feedbackToken ? quickEditionOf(prepared) : undefined;
  if (!quick) return assembleSlotted(prepared, reader, maxHtmlBytes);
  return assembleQuick(prepared, quick, reader, maxHtmlBytes);
}

/**
 * The general assembly, on the prepared edition's slots (every link escaped as it is inserted): for
 * readers without feedback tokens (previews, tests) and the rare reader whose papers may not all fit.
 */
function assembleSlotted(
  prepared: PreparedEdition,
  reader: DigestReader,
  maxHtmlBytes: number,
  tokens?: readonly string[],
): DigestEmail {
  const all = papersOf(prepared, reader.paperIds);
  const perPaper = paperReaderValues(reader, prepared.baseUrl, tokens);
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
  const perPaper = paperReaderValues({ ...input, paperIds: papers.map((p) => p.arxivId) }, baseUrl);
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
