import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import escapeHtml from 'escape-html';
import type { Edition } from '../schemas/edition';
import type { Paper } from '../schemas/paper';
import { editionDates } from './edition';
import { byline, cutAtWord, type PaperView, paperView, statsLine } from './paper-view';

/**
 * The digest email, rendered in two ways that must give the same bytes:
 * - `renderDigestFull`: the reader's selection through `mjml2html` (the reference, and the bench baseline);
 * - `prepareEdition` + `assembleDigest`: MJML runs once per edition over every candidate paper with marked
 *   placeholders for the per-reader values; each reader's email is then string assembly only.
 * This works because MJML renders each top-level `mj-section` independently of its neighbours and only
 * merges the Outlook conditional comments at section boundaries, which we cut at (see `splitRendered`).
 */

export interface ReaderLinks {
  unsubscribeUrl: string;
  preferencesUrl: string;
  webViewUrl: string;
}

export interface DigestEmail {
  subject: string;
  html: string;
  text: string;
}

/** Gmail clips HTML bodies over 102 KB; stay under it with room to spare. */
export const MAX_DIGEST_HTML_BYTES = 100_000;

const SUBJECT_TITLE_CHARS = 110;

/** The values that differ from one reader to the next, by slot name in the templates. */
const READER_SLOTS = ['countLine', 'preview', 'webViewUrl', 'preferencesUrl', 'unsubscribeUrl'] as const;
type ReaderSlot = (typeof READER_SLOTS)[number];
type ReaderValues = Record<ReaderSlot, string>;

/** A string with per-reader holes: `parts[0] + value(slots[0]) + parts[1] + …`. */
interface SlotTemplate {
  parts: string[];
  slots: ReaderSlot[];
  /** UTF-8 bytes of all `parts`. */
  fixedBytes: number;
}

interface PreparedPaper {
  html: string;
  htmlBytes: number;
  text: string;
  /** The title as the subject and the preview line show it (the preview's is HTML-escaped). */
  subjectTitle: string;
  previewTitleHtml: string;
}

/** One edition, rendered once: plain JSON, so a planner can store or pass it to senders as is. */
export interface PreparedEdition {
  editionId: string;
  kind: Edition['kind'];
  date: string;
  subjectPrefix: string;
  html: { head: SlotTemplate; foot: SlotTemplate };
  text: { head: SlotTemplate; foot: SlotTemplate };
  /** By arXiv id, in the edition's ranked order. */
  papers: Record<string, PreparedPaper>;
}

// The repository layout (functions/core → templates), or a bundle with `templates/` copied next to it.
const TEMPLATE_DIRS = [path.join(__dirname, '..', '..', 'templates'), path.join(__dirname, 'templates')];
let templates: { shell: string; paper: string } | undefined;
function loadTemplates() {
  if (templates) return templates;
  const dir = TEMPLATE_DIRS.find((d) => existsSync(path.join(d, 'digest.mjml')));
  if (!dir) throw new Error(`templates/digest.mjml not found in ${TEMPLATE_DIRS.join(' or ')}`);
  templates = {
    shell: readFileSync(path.join(dir, 'digest.mjml'), 'utf8'),
    paper: readFileSync(path.join(dir, 'digest-paper.mjml'), 'utf8'),
  };
  return templates;
}

/** Fills `{{name}}` slots in one pass, so a value is never itself searched for slots. */
function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`template slot {{${name}}} has no value`);
    return v;
  });
}

/**
 * HTML-escapes, and writes every character beyond Latin-1 as a numeric reference: the HTML then stays a
 * one-byte string in V8 (half the memory and copying per reader), and mail transport encodes such
 * characters to about as many bytes anyway (quoted-printable UTF-8 is 9 bytes for a CJK character).
 */
const e = (s: string) => escapeHtml(s).replace(/[^\t-\u00ff]/gu, (c) => `&#${c.codePointAt(0)};`);
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

function paperMjml(v: PaperView): string {
  const thumbnail = v.thumbnailUrl
    ? `<a href="${e(v.paperUrl)}"><img src="${e(v.thumbnailUrl)}" alt="" width="552" style="display:block;width:100%;max-width:552px;height:auto;border:0;border-radius:6px;margin:0 0 10px;"></a>`
    : '';
  const links = v.links
    .map((l) => `<a href="${e(l.url)}" style="color:#2563eb;text-decoration:none;">${e(l.label)}</a>`)
    .join(' · ');
  return fill(loadTemplates().paper, {
    thumbnail,
    paperUrl: e(v.paperUrl),
    title: e(v.title),
    byline: e(byline(v)),
    stats: e(statsLine(v)),
    summary: e(v.summary),
    links,
  });
}

function paperText(v: PaperView): string {
  const lines = ['----------------------------------------', v.title, v.paperUrl];
  const by = byline(v);
  if (by) lines.push(by);
  const stats = statsLine(v);
  if (stats) lines.push(stats);
  lines.push('', v.summary, '');
  for (const l of v.links) lines.push(`${l.label}: ${l.url}`);
  lines.push('', '');
  return lines.join('\n');
}

function shellMjml(
  words: ReturnType<typeof editionWords>,
  postalAddress: string,
  reader: ReaderValues,
  papers: string,
) {
  return fill(loadTemplates().shell, {
    ...reader,
    kindLabel: e(words.kindLabel),
    heading: e(words.heading),
    title: e(words.title),
    why: e(words.why),
    postalAddress: e(postalAddress),
    papers,
  });
}

function textHead(words: ReturnType<typeof editionWords>, reader: ReaderValues): string {
  return `Papers Inbox · ${words.kindLabel}\n${words.heading}\n${reader.countLine}\nView in a browser: ${reader.webViewUrl}\n\n`;
}

function textFoot(
  words: ReturnType<typeof editionWords>,
  postalAddress: string,
  reader: ReaderValues,
): string {
  return [
    '----------------------------------------',
    words.why,
    '',
    `Preferences: ${reader.preferencesUrl}`,
    `Unsubscribe: ${reader.unsubscribeUrl}`,
    `View in a browser: ${reader.webViewUrl}`,
    '',
    postalAddress,
    '',
  ].join('\n');
}

async function runMjml(source: string): Promise<string> {
  // Loaded on first use: a sender that only assembles prepared editions never loads MJML (~45 MB RSS).
  const { default: mjml2html } = await import('mjml');
  const out = await mjml2html(source, { validationLevel: 'strict', keepComments: true, minify: false });
  return out.html;
}

function preparePaper(paper: Paper): PreparedPaper & { mjml: string } {
  const v = paperView(paper);
  const text = paperText(v);
  return {
    mjml: paperMjml(v),
    html: '',
    htmlBytes: 0,
    text,
    subjectTitle: cutAtWord(v.title, SUBJECT_TITLE_CHARS),
    previewTitleHtml: e(cutAtWord(v.title, SUBJECT_TITLE_CHARS)),
  };
}

// Placeholders stand in for per-reader values while MJML runs. They only ever appear in the shell
// (header and footer), which holds no paper data, so paper text cannot collide with them.
const marker = (slot: ReaderSlot) => `%%PI-${slot}%%`;
const MARKER_RE = /%%PI-(\w+)%%/g;
const markerValues = Object.fromEntries(READER_SLOTS.map((s) => [s, marker(s)])) as ReaderValues;

function toSlotTemplate(s: string): SlotTemplate {
  const parts: string[] = [];
  const slots: ReaderSlot[] = [];
  let last = 0;
  for (const m of s.matchAll(MARKER_RE)) {
    const slot = m[1] as ReaderSlot;
    if (!READER_SLOTS.includes(slot)) throw new Error(`unknown reader slot ${slot}`);
    parts.push(s.slice(last, m.index));
    slots.push(slot);
    last = (m.index ?? 0) + m[0].length;
  }
  parts.push(s.slice(last));
  return { parts, slots, fixedBytes: parts.reduce((n, p) => n + Buffer.byteLength(p), 0) };
}

const OUTLOOK_OPEN = '<!--[if mso | IE]>';

/**
 * Cuts the rendered edition at the top-level section boundaries. Each section boundary is one merged
 * Outlook conditional comment (`</td></tr></table><table …class="X-outlook"…>`); a paper's chunk starts
 * at the conditional that opens its section, so the boundary before it travels with it.
 */
function splitRendered(out: string, paperCount: number) {
  const starts: number[] = [];
  for (let from = 0; ; ) {
    const at = out.indexOf('class="pi-paper-outlook"', from);
    if (at < 0) break;
    starts.push(out.lastIndexOf(OUTLOOK_OPEN, at));
    from = at + 1;
  }
  const footAt = out.indexOf('class="pi-footer-outlook"');
  const footStart = out.lastIndexOf(OUTLOOK_OPEN, footAt);
  if (
    starts.length !== paperCount ||
    footAt < 0 ||
    starts.some((s) => s < 0) ||
    footStart < (starts.at(-1) ?? 0)
  ) {
    throw new Error(`rendered digest has ${starts.length} paper sections, expected ${paperCount}`);
  }
  const head = out.slice(0, starts[0] ?? footStart);
  const chunks = starts.map((s, i) => out.slice(s, starts[i + 1] ?? footStart));
  return { head, chunks, foot: out.slice(footStart) };
}

/** Runs MJML once for the edition: the shell with reader placeholders around every candidate paper. */
export async function prepareEdition(input: {
  edition: Edition;
  papers: Paper[];
  baseUrl: string;
  postalAddress: string;
}): Promise<PreparedEdition> {
  const { edition, papers, baseUrl, postalAddress } = input;
  const words = editionWords(edition, baseUrl);
  if (MARKER_RE.test(`${baseUrl}${postalAddress}`))
    throw new Error('config text contains a reader placeholder');
  MARKER_RE.lastIndex = 0;
  const prepared = papers.map(preparePaper);
  const out = await runMjml(
    shellMjml(words, postalAddress, markerValues, prepared.map((p) => p.mjml).join('\n')),
  );
  const { head, chunks, foot } = splitRendered(out, papers.length);
  const byId: Record<string, PreparedPaper> = {};
  prepared.forEach((p, i) => {
    const html = chunks[i] as string;
    byId[(papers[i] as Paper).arxivId] = {
      html,
      htmlBytes: Buffer.byteLength(html),
      text: p.text,
      subjectTitle: p.subjectTitle,
      previewTitleHtml: p.previewTitleHtml,
    };
  });
  return {
    editionId: edition.editionId,
    kind: edition.kind,
    date: edition.date,
    subjectPrefix: words.subjectPrefix,
    html: { head: toSlotTemplate(head), foot: toSlotTemplate(foot) },
    text: {
      head: toSlotTemplate(textHead(words, markerValues)),
      foot: toSlotTemplate(textFoot(words, postalAddress, markerValues)),
    },
    papers: byId,
  };
}

function pushSlots(out: string[], t: SlotTemplate, values: ReaderValues): void {
  out.push(t.parts[0] as string);
  for (let i = 0; i < t.slots.length; i++)
    out.push(values[t.slots[i] as ReaderSlot], t.parts[i + 1] as string);
}

function slotBytes(t: SlotTemplate, values: ReaderValues): number {
  let n = t.fixedBytes;
  for (const s of t.slots) n += Buffer.byteLength(values[s]);
  return n;
}

function papersOf(prepared: PreparedEdition, paperIds: string[]): PreparedPaper[] {
  if (paperIds.length === 0) throw new Error('a reader with no papers gets no email');
  return paperIds.map((id) => {
    const p = prepared.papers[id];
    if (!p) throw new Error(`paper ${id} is not in edition ${prepared.editionId}`);
    return p;
  });
}

/**
 * The longest prefix of `paperIds` whose HTML stays within `maxHtmlBytes` (at least the first paper):
 * papers are dropped from the end, so a reader gets fewer papers rather than a clipped email.
 */
export function fitToSize(
  prepared: PreparedEdition,
  reader: { paperIds: string[]; links: ReaderLinks },
  maxHtmlBytes = MAX_DIGEST_HTML_BYTES,
): string[] {
  const papers = papersOf(prepared, reader.paperIds);
  const top = papers[0] as PreparedPaper;
  let n = papers.length;
  let papersBytes = papers.reduce((sum, p) => sum + p.htmlBytes, 0);
  while (n > 1) {
    const values = readerValuesHtml(reader.links, top, n);
    const total = slotBytes(prepared.html.head, values) + slotBytes(prepared.html.foot, values) + papersBytes;
    if (total <= maxHtmlBytes) break;
    n -= 1;
    papersBytes -= (papers[n] as PreparedPaper).htmlBytes;
  }
  return reader.paperIds.slice(0, n);
}

/** One reader's email from the prepared edition: string assembly only, no MJML. */
export function assembleDigest(
  prepared: PreparedEdition,
  reader: { paperIds: string[]; links: ReaderLinks },
  maxHtmlBytes = MAX_DIGEST_HTML_BYTES,
): DigestEmail {
  const ids = fitToSize(prepared, reader, maxHtmlBytes);
  const papers = papersOf(prepared, ids);
  const top = papers[0] as PreparedPaper;
  const htmlValues = readerValuesHtml(reader.links, top, papers.length);
  const textValues = readerValuesText(reader.links, top, papers.length);
  // One join copies each piece once into a flat string; `+=` would build a rope the SDK flattens later.
  const html: string[] = [];
  const text: string[] = [];
  pushSlots(html, prepared.html.head, htmlValues);
  pushSlots(text, prepared.text.head, textValues);
  for (const p of papers) {
    html.push(p.html);
    text.push(p.text);
  }
  pushSlots(html, prepared.html.foot, htmlValues);
  pushSlots(text, prepared.text.foot, textValues);
  return { subject: prepared.subjectPrefix + top.subjectTitle, html: html.join(''), text: text.join('') };
}

/** The straightforward path: one full MJML render of this reader's papers. The reference for the fast path. */
export async function renderDigestFull(input: {
  edition: Edition;
  /** The reader's papers, in the order they are shown. */
  papers: Paper[];
  baseUrl: string;
  postalAddress: string;
  links: ReaderLinks;
}): Promise<DigestEmail> {
  const { edition, papers, baseUrl, postalAddress, links } = input;
  if (papers.length === 0) throw new Error('a reader with no papers gets no email');
  const words = editionWords(edition, baseUrl);
  const prepared = papers.map(preparePaper);
  const top = prepared[0] as PreparedPaper;
  const htmlValues = readerValuesHtml(links, top, papers.length);
  const textValues = readerValuesText(links, top, papers.length);
  const html = await runMjml(
    shellMjml(words, postalAddress, htmlValues, prepared.map((p) => p.mjml).join('\n')),
  );
  const text =
    textHead(words, textValues) +
    prepared.map((p) => p.text).join('') +
    textFoot(words, postalAddress, textValues);
  return { subject: words.subjectPrefix + top.subjectTitle, html, text };
}
