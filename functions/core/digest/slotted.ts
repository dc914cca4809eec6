import { filledBytes, pushFilled } from '../fill-template';
import type { QueryToken } from '../links';
import {
  type DigestEmail,
  type DigestReader,
  MAX_DIGEST_HTML_BYTES,
  type PaperReaderValues,
  type PreparedEdition,
  type PreparedPaper,
  type ReaderLinks,
  type ReaderSlot,
  type ReaderValues,
} from './model';
import { paperReaderValues, readerValuesHtml, readerValuesText } from './values';

/** Per reader, on the prepared edition's slots: the size rule, and the assembly that inserts escaped values. */

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
 * The general assembly, on the prepared edition's slots (every link escaped as it is inserted): for
 * readers without feedback tokens (previews, tests) and the rare reader whose papers may not all fit.
 */
export function assembleSlotted(
  prepared: PreparedEdition,
  reader: DigestReader,
  maxHtmlBytes: number,
  tokens?: readonly QueryToken[],
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
