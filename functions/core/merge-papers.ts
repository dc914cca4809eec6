import type { Paper } from '../schemas/paper';

export type PaperSource = Paper['sources'][number];

/** The fields a source writes; the key, sources and the two timestamps have rules of their own. */
export const CONTENT_FIELDS = [
  'title',
  'abstract',
  'authors',
  'publishedDate',
  'dailyDate',
  'upvotes',
  'comments',
  'thumbnailUrl',
  'githubRepo',
  'githubStars',
  'projectPage',
  'organization',
  'aiSummary',
  'aiKeywords',
  'categories',
] as const satisfies readonly (keyof Paper)[];

export type ContentField = (typeof CONTENT_FIELDS)[number];

/**
 * A paper in both sources is one paper. Each field has an owner: Hugging Face owns everything it gives
 * (its title, upvotes, Daily-Papers date…), arXiv owns `categories` (HF has none). The owner's value
 * always wins; the other source only fills a field that is still empty. The store applies the same
 * rule in its update expression (owner: SET, other: if_not_exists), so the order in which the sources
 * arrive does not matter.
 */
export function ownerOf(field: ContentField): PaperSource {
  return field === 'categories' ? 'arxiv' : 'huggingface';
}

/** Whether a paper from `sources` overwrites `field`, or only fills it when absent. */
export function writesOver(field: ContentField, sources: readonly PaperSource[]): boolean {
  return sources.includes(ownerOf(field));
}

export function mergePapers(a: Paper, b: Paper): Paper {
  if (a.arxivId !== b.arxivId) throw new Error(`cannot merge ${a.arxivId} with ${b.arxivId}`);
  const merged: Paper = {
    ...a,
    sources: [...new Set([...a.sources, ...b.sources])].sort(),
    // ISO-8601 UTC strings sort in time order.
    firstSeenAt: [a.firstSeenAt, b.firstSeenAt].sort()[0] as string,
    lastUpdatedAt: [a.lastUpdatedAt, b.lastUpdatedAt].sort()[1] as string,
  };
  for (const field of CONTENT_FIELDS) {
    const [first, second] = writesOver(field, b.sources) && !writesOver(field, a.sources) ? [b, a] : [a, b];
    const value = first[field] ?? second[field];
    if (value === undefined) delete merged[field];
    else (merged as Record<ContentField, unknown>)[field] = value;
  }
  return merged;
}

/** Papers from several sources (or pages) → one per arXiv id, merged by the rule above. */
export function mergeAll(papers: Paper[]): Paper[] {
  const byId = new Map<string, Paper>();
  for (const p of papers) {
    const seen = byId.get(p.arxivId);
    byId.set(p.arxivId, seen ? mergePapers(seen, p) : p);
  }
  return [...byId.values()];
}
