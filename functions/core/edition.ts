import { isDay } from '../schemas/day';
import type { Paper } from '../schemas/paper';
import { addDays, utcDay } from './ingest-days';
import { arxivCategoryOf, TOPIC_KEYWORDS } from './topics';

/** Upvotes desc, then comments desc, then arXiv id so equal papers keep one stable order everywhere. */
export function rankPapers(papers: Paper[]): Paper[] {
  return [...papers].sort(
    (a, b) =>
      (b.upvotes ?? 0) - (a.upvotes ?? 0) ||
      (b.comments ?? 0) - (a.comments ?? 0) ||
      (a.arxivId < b.arxivId ? -1 : a.arxivId > b.arxivId ? 1 : 0),
  );
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Compiled once per topic: the sender matches the same few topics against every reader.
const topicMatchers = new Map<string, (paper: Paper) => boolean>();

function matcherFor(topic: string): (paper: Paper) => boolean {
  const cached = topicMatchers.get(topic);
  if (cached) return cached;
  let matcher: (paper: Paper) => boolean;
  // Items stored before topics were canonicalised hold `cs.cl`: match them as arXiv writes it.
  const category = arxivCategoryOf(topic);
  if (category) {
    matcher = (paper) => paper.categories?.includes(category) ?? false;
  } else {
    const keywords = TOPIC_KEYWORDS[topic.toLowerCase()] ?? [topic];
    // A word is bounded by anything that is not a letter or a digit, in any script.
    const re = new RegExp(
      `(?<![\\p{L}\\p{N}])(?:${keywords.map((k) => escapeRegExp(k.trim())).join('|')})(?![\\p{L}\\p{N}])`,
      'iu',
    );
    // Every reader of an edition asks about the same papers: remember each answer.
    const seen = new WeakMap<Paper, boolean>();
    matcher = (paper) => {
      let hit = seen.get(paper);
      if (hit === undefined) {
        hit = re.test(searchText(paper));
        seen.set(paper, hit);
      }
      return hit;
    };
  }
  // Topics are a small vocabulary; should free-form ones ever arrive, keep the cache bounded.
  if (topicMatchers.size >= 1000) topicMatchers.clear();
  topicMatchers.set(topic, matcher);
  return matcher;
}

const searchTexts = new WeakMap<Paper, string>();
function searchText(paper: Paper): string {
  let text = searchTexts.get(paper);
  if (text === undefined) {
    text = [paper.title, paper.abstract, ...(paper.aiKeywords ?? [])].join('\n');
    searchTexts.set(paper, text);
  }
  return text;
}

/** True when the paper matches any of the topics; no topics means every paper. */
export function matchesTopics(paper: Paper, topics: string[]): boolean {
  const wanted = topics.filter((t) => t.trim() !== '');
  if (wanted.length === 0) return true;
  return wanted.some((t) => matcherFor(t.trim())(paper));
}

const DAY_MS = 86_400_000;
const parseDay = (date: string): number => {
  if (!isDay(date)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${date}`);
  return Date.parse(`${date}T00:00:00Z`);
};
const formatDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * The Daily-Papers days an edition covers: a daily edition its own day; a weekly edition (dated by its
 * send day) the 7 days ending the day before, oldest first.
 */
export function editionDates(kind: 'daily' | 'weekly', date: string): string[] {
  const day = parseDay(date);
  if (kind === 'daily') return [date];
  return Array.from({ length: 7 }, (_, i) => formatDay(day - (7 - i) * DAY_MS));
}

/**
 * The Daily-Papers day a scheduled digest run mails: the previous UTC day, whose list filled up during
 * that day and which the ingest has just refreshed (early in a UTC day its own list is nearly empty).
 */
export const scheduledEditionDate = (runAt: Date): string => addDays(utcDay(runAt), -1);

/** `weekday`: 0 = Sunday … 6 = Saturday (config `WEEKLY_DIGEST_WEEKDAY`). */
export function isWeeklySendDay(date: string, weekday: number): boolean {
  return new Date(parseDay(date)).getUTCDay() === weekday;
}
