import type { Paper } from '../schemas/paper';
import { formatCount } from './english-format';
import { safeUrl } from './safe-url';
import { oneLine } from './text';

/**
 * What a reader sees of one paper, in plain (unescaped) strings, shared by the email's HTML and
 * text parts and the web view so all three show the same thing. Every URL here is http(s) or absent.
 */
export interface PaperView {
  arxivId: string;
  title: string;
  paperUrl: string;
  thumbnailUrl?: string;
  authors: string;
  organization?: string;
  upvotes?: number;
  comments?: number;
  summary: string;
  /** `textLabel`: the label in the email's text part, where it differs (`digest/values.paperValuesText`). */
  links: { label: string; url: string; textLabel?: string }[];
}

export const AUTHORS_SHOWN = 3;
export const SUMMARY_CHARS = 300;

/** Cuts at the last word boundary within `max` characters (code points, never half a surrogate pair). */
export function cutAtWord(text: string, max: number): string {
  const chars = Array.from(oneLine(text));
  if (chars.length <= max) return chars.join('');
  const head = chars.slice(0, max).join('');
  const space = head.lastIndexOf(' ');
  // Scripts without spaces (Chinese, Japanese) have no word boundary to find: cut at the limit.
  const cut = space > max / 2 ? head.slice(0, space) : head;
  return `${cut.replace(/[\s,;:.\-–—]+$/u, '')}…`;
}

export function paperView(paper: Paper): PaperView {
  const id = paper.arxivId;
  const authors = paper.authors.map(oneLine).filter(Boolean);
  const links: PaperView['links'] = [
    { label: 'arXiv', url: `https://arxiv.org/abs/${id}` },
    { label: 'PDF', url: `https://arxiv.org/pdf/${id}` },
  ];
  const github = safeUrl(paper.githubRepo);
  if (github) {
    const n = paper.githubStars;
    links.push(
      n === undefined
        ? { label: 'GitHub', url: github }
        : {
            label: `GitHub ★ ${formatCount(n)}`,
            url: github,
            textLabel: `GitHub (${formatCount(n)} star${n === 1 ? '' : 's'})`,
          },
    );
  }
  const project = safeUrl(paper.projectPage);
  if (project) links.push({ label: 'Project page', url: project });
  const organization = paper.organization ? oneLine(paper.organization) : '';
  return {
    arxivId: id,
    title: oneLine(paper.title),
    paperUrl: `https://huggingface.co/papers/${id}`,
    thumbnailUrl: safeUrl(paper.thumbnailUrl),
    authors:
      authors.length > AUTHORS_SHOWN
        ? `${authors.slice(0, AUTHORS_SHOWN).join(', ')} et al.`
        : authors.join(', '),
    organization: organization || undefined,
    upvotes: paper.upvotes,
    comments: paper.comments,
    summary: cutAtWord(paper.aiSummary?.trim() ? paper.aiSummary : paper.abstract, SUMMARY_CHARS),
    links,
  };
}

/**
 * "▲ 12 upvotes · 3 comments", or '' when the source has no counts (arXiv-only papers); `plain`: without
 * the ▲ (the email's text part).
 */
export function statsLine(v: PaperView, plain = false): string {
  const parts: string[] = [];
  if (v.upvotes !== undefined)
    parts.push(`${plain ? '' : '▲ '}${formatCount(v.upvotes)} upvote${v.upvotes === 1 ? '' : 's'}`);
  if (v.comments !== undefined)
    parts.push(`${formatCount(v.comments)} comment${v.comments === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

/** "A, B, C et al. — Org"; `plain`: "A, B, C et al. (Org)" (the email's text part). */
export function byline(v: PaperView, plain = false): string {
  if (plain && v.organization) return v.authors ? `${v.authors} (${v.organization})` : v.organization;
  return [v.authors, v.organization].filter(Boolean).join(' — ');
}
