import type { CompiledDigest } from '../../schemas/compiled-templates';
import type { Edition } from '../../schemas/edition';
import type { Paper } from '../../schemas/paper';
import { fillSome, parseTemplate, type SlotTemplate } from '../fill-template';
import { cutAtWord, paperView } from '../paper-view';
import {
  PAPER_READER_SLOTS,
  type PreparedEdition,
  type PreparedPaper,
  READER_SLOTS,
  SUBJECT_TITLE_CHARS,
} from './model';
import {
  e,
  editionValuesHtml,
  editionValuesText,
  editionWords,
  oneByte,
  paperValuesHtml,
  paperValuesText,
} from './values';

/** Per edition: the compiled digest filled with the edition's words and every candidate paper. */

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
    previewTitleHtml: oneByte(e(title)),
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
  const html = editionValuesHtml(words, postalAddress);
  const text = editionValuesText(words, postalAddress);
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
