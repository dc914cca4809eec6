import type { Edition } from '../../schemas/edition';
import type { SlotTemplate } from '../fill-template';
import type { QueryToken } from '../links';

/** What a digest is made of, per edition and per reader: the types and limits the digest files share. */

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
  feedbackToken?: (paperId: string) => QueryToken;
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
export type PaperReaderValues = Record<(typeof PAPER_READER_SLOTS)[number], string>;

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

export const SUBJECT_TITLE_CHARS = 110;

/** The placeholders that differ from one reader to the next; every other one is filled per edition. */
export const READER_SLOTS = [
  'countLine',
  'preview',
  'webViewUrl',
  'preferencesUrl',
  'unsubscribeUrl',
] as const;
export type ReaderSlot = (typeof READER_SLOTS)[number];
export type ReaderValues = Record<ReaderSlot, string>;

export interface PreparedPaper {
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
