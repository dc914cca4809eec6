import type { Edition } from '../../schemas/edition';
import type { Paper } from '../../schemas/paper';
import { fillAll, parseTemplate } from '../fill-template';
import { cutAtWord, type PaperView, paperView } from '../paper-view';
import {
  type DigestReader,
  type DigestSources,
  type PreparedPaper,
  type ReaderLinks,
  SUBJECT_TITLE_CHARS,
} from './model';
import { cutAtPapers } from './prepare';
import {
  e,
  editionValuesHtml,
  editionValuesText,
  editionWords,
  paperReaderValues,
  paperValuesHtml,
  paperValuesText,
  readerValuesHtml,
  readerValuesText,
} from './values';

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
    ...editionValuesHtml(words, postalAddress),
    ...readerValuesHtml(links, top, papers.length),
    papers: views
      .map((v, i) => fillAll(paperMjml, { ...paperValuesHtml(v), ...perPaper.html[i] }))
      .join('\n'),
  });
  const shell = cutAtPapers(sources.textShell);
  const paperText = parseTemplate(sources.textPaper);
  const textValues = {
    ...editionValuesText(words, postalAddress),
    ...readerValuesText(links, top, papers.length),
  };
  const text =
    fillAll(parseTemplate(shell.head), textValues) +
    views.map((v, i) => fillAll(paperText, { ...paperValuesText(v), ...perPaper.text[i] })).join('') +
    fillAll(parseTemplate(shell.foot), textValues);
  return { subject: words.subjectPrefix + title, mjml, text };
}
