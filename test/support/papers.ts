import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Paper, paperSchema } from '../../functions/schemas/paper';

/**
 * A minimal mapping from recorded Hugging Face daily_papers entries to `Paper`, for the digest tests only
 * (the service's normaliser is functions/core/normalize-paper.ts). Parsed with the real schema.
 */
interface HfEntry {
  paper: {
    id: string;
    title: string;
    summary: string;
    authors: { name: string }[];
    publishedAt: string;
    submittedOnDailyAt?: string;
    upvotes: number;
    githubRepo?: string;
    githubStars?: number;
    projectPage?: string;
    organization?: { fullname?: string; name: string };
    ai_summary?: string;
    ai_keywords?: string[];
  };
  title: string;
  thumbnail: string;
  numComments: number;
}

export const FIXTURES = {
  sotawhat: 'lucas-m-lopes__sotawhat__2026-06-12_limit30.json',
  allNews: 'BuiVannn__All-News-AI__2026-07-31_date-query_5-item-subset.json',
  newsAssistant: 'DiQu1997__NewsAssistant__2026-08-03_3-item-subset.json',
} as const;

export function hfEntryToPaper(entry: HfEntry, seenAt = '2026-06-12T06:00:00.000Z'): Paper {
  const p = entry.paper;
  return paperSchema.parse({
    arxivId: p.id,
    title: entry.title,
    abstract: p.summary,
    authors: p.authors.map((a) => a.name),
    publishedDate: p.publishedAt.slice(0, 10),
    dailyDate: (p.submittedOnDailyAt ?? p.publishedAt).slice(0, 10),
    upvotes: p.upvotes,
    comments: entry.numComments,
    thumbnailUrl: entry.thumbnail,
    githubRepo: p.githubRepo,
    githubStars: p.githubStars,
    projectPage: p.projectPage,
    organization: p.organization?.fullname ?? p.organization?.name,
    aiSummary: p.ai_summary,
    aiKeywords: p.ai_keywords,
    sources: ['huggingface'],
    firstSeenAt: seenAt,
    lastUpdatedAt: seenAt,
  });
}

export function loadPapers(file: string): Paper[] {
  const entries = JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', file), 'utf8')) as HfEntry[];
  return entries.map((e) => hfEntryToPaper(e));
}

/** Every recorded paper of every fixture. */
export const allRecordedPapers = (): Paper[] => Object.values(FIXTURES).flatMap(loadPapers);

/** A deterministic PRNG (mulberry32) so random selections are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
