import { type HfEntry, hfEntryLikeSchema, hfEntrySchema } from '../schemas/hf-daily-papers';
import { type Paper, paperSchema } from '../schemas/paper';
import { issuesInOneLine } from './issues';
import { oneLine } from './text';

/** An upstream entry we could not use: reported in the run summary, never stored. */
export interface SkippedEntry {
  source: Paper['sources'][number];
  /** arXiv id when the entry has a readable one, else `#<position>` in the response. */
  id: string;
  reason: string;
}

/** The response is not what the API is known to return: the run must fail, not store a guess. */
export class UnknownShapeError extends Error {
  override name = 'UnknownShapeError';
}

const day = (iso: string) => iso.slice(0, 10);

/**
 * One validated Hugging Face entry → our `Paper`. `now` becomes both first-seen and last-updated: the
 * store keeps the first-seen time of a paper it already holds. `dailyDate` falls back to the day that was
 * asked for when the entry lacks `paper.submittedOnDailyAt` (optional in HF's spec).
 */
export function normalizeHfEntry(entry: HfEntry, ctx: { requestedDate: string; now: string }): Paper {
  return paperSchema.parse(paperCandidate(entry, ctx));
}

function paperCandidate(entry: HfEntry, ctx: { requestedDate: string; now: string }): unknown {
  const p = entry.paper;
  const org = p.organization ?? entry.organization;
  return {
    arxivId: p.id,
    title: oneLine(entry.title ?? p.title),
    abstract: (p.summary || entry.summary || '').trim(),
    authors: p.authors.map((a) => oneLine(a.name)),
    publishedDate: day(p.publishedAt),
    dailyDate: p.submittedOnDailyAt ? day(p.submittedOnDailyAt) : ctx.requestedDate,
    upvotes: p.upvotes,
    comments: entry.numComments,
    thumbnailUrl: entry.thumbnail,
    githubRepo: p.githubRepo,
    githubStars: p.githubStars,
    projectPage: p.projectPage,
    organization: org ? (org.fullname ?? org.name) : undefined,
    aiSummary: p.ai_summary?.trim(),
    aiKeywords: p.ai_keywords,
    sources: ['huggingface'],
    firstSeenAt: ctx.now,
    lastUpdatedAt: ctx.now,
  };
}

/**
 * A whole day of entries (all pages) → papers + skipped entries. A bad entry is skipped with its id and
 * reason; a non-empty response in which no item even looks like an entry is an unknown shape and throws.
 * An id seen twice (the order can shift between pages while upvotes move) is kept once, last copy wins.
 */
export function normalizeHfDay(
  entries: unknown[],
  ctx: { requestedDate: string; now: string },
): { papers: Paper[]; skipped: SkippedEntry[] } {
  if (entries.length > 0 && !entries.some((e) => hfEntryLikeSchema.safeParse(e).success)) {
    throw new UnknownShapeError(
      `daily papers for ${ctx.requestedDate}: none of ${entries.length} items has a "paper" object`,
    );
  }
  const byId = new Map<string, Paper>();
  const skipped: SkippedEntry[] = [];
  entries.forEach((raw, i) => {
    const parsed = hfEntrySchema.safeParse(raw);
    if (!parsed.success) {
      skipped.push({
        source: 'huggingface',
        id: readableId(raw) ?? `#${i}`,
        reason: issuesInOneLine(parsed.error),
      });
      return;
    }
    const paper = paperSchema.safeParse(paperCandidate(parsed.data, ctx));
    if (!paper.success) {
      skipped.push({ source: 'huggingface', id: parsed.data.paper.id, reason: issuesInOneLine(paper.error) });
      return;
    }
    byId.set(paper.data.arxivId, paper.data);
  });
  return { papers: [...byId.values()], skipped };
}

function readableId(raw: unknown): string | undefined {
  const id = (raw as { paper?: { id?: unknown } } | null)?.paper?.id;
  return typeof id === 'string' && id.length <= 40 ? id : undefined;
}
