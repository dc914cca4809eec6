import { pushFilled, type SlotTemplate } from '../fill-template';
import { feedbackUrlAround, type QueryToken } from '../links';
import type { DigestEmail, DigestReader, PreparedEdition, PreparedPaper, ReaderSlot } from './model';
import { assembleSlotted } from './slotted';
import { e, type Line, oneByte, readerValuesHtml, readerValuesText, sectionLine, whyLine } from './values';

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
      // the token between them is a QueryToken, which the link and the HTML take as it is.
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

/** Derived once per prepared edition (the sender keeps one per edition id). */
const quickEditions = new WeakMap<PreparedEdition, QuickEdition>();
export function quickEditionOf(prepared: PreparedEdition): QuickEdition {
  let quick = quickEditions.get(prepared);
  if (quick === undefined) {
    const links = {
      moreUrl: feedbackUrlAround(prepared.baseUrl, 'more'),
      lessUrl: feedbackUrlAround(prepared.baseUrl, 'less'),
    };
    quick = {
      html: { head: flatTemplate(prepared.html.head), foot: flatTemplate(prepared.html.foot) },
      text: { head: flatTemplate(prepared.text.head), foot: flatTemplate(prepared.text.foot) },
      papers: new Map(
        Object.entries(prepared.papers).map(([id, p]) => [
          id,
          { html: quickTemplate(p.html, links, e), text: quickTemplate(p.text, links, (x) => x) },
        ]),
      ),
    };
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
export function assembleQuick(
  prepared: PreparedEdition,
  quick: QuickEdition,
  reader: DigestReader,
  maxHtmlBytes: number,
): DigestEmail {
  const { paperIds, links } = reader;
  const n = paperIds.length;
  if (n === 0) throw new Error('a reader with no papers gets no email');
  const tokenOf = links.feedbackToken as (paperId: string) => QueryToken;
  const papers: { html: QuickTemplate; text: QuickTemplate }[] = [];
  const tokens: QueryToken[] = [];
  const whys: Line[] = [];
  let bound = prepared.html.head.fixedBytes + prepared.html.foot.fixedBytes;
  for (let i = 0; i < n; i++) {
    const id = paperIds[i] as string;
    const p = quick.papers.get(id);
    if (!p) throw new Error(`paper ${id} is not in edition ${prepared.editionId}`);
    const token = tokenOf(id);
    const why = whyLine(reader.why?.[i]);
    papers.push(p);
    tokens.push(token);
    whys.push(why);
    bound +=
      p.html.fixedBytes +
      p.html.tokenSlots * token.length +
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
    const token = tokens[i] as QueryToken;
    pushQuick(html, p.html, section.html, why.html, token);
    pushQuick(text, p.text, section.text, why.text, token);
  }
  pushFilled(html, quick.html.foot, htmlValues);
  pushFilled(text, quick.text.foot, textValues);
  return { subject: prepared.subjectPrefix + top.subjectTitle, html: html.join(''), text: text.join('') };
}
