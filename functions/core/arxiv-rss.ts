import { XMLParser } from 'fast-xml-parser';
import { type Paper, paperSchema } from '../schemas/paper';
import { issuesInOneLine } from './issues';
import { type SkippedEntry, UnknownShapeError } from './normalize-paper';
import { oneLine } from './text';

/**
 * arXiv's RSS listing (`rss.arxiv.org/rss/<cat>+<cat>`, see `test/fixtures/arxiv/README.md`) → `Paper`s.
 * Only `new` and `cross` announcements are papers of the day; `replace`/`replace-cross` are new versions
 * of older papers and are counted as ignored, not stored. RSS carries no original submission date, so
 * `publishedDate` (like `dailyDate`) is the announcement date.
 */

const parser = new XMLParser({
  ignoreAttributes: true,
  // Keep every value a string: an id like 2604.21930 must not become the number 2604.2193.
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'item' || name === 'category',
});

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Mon, 27 Apr 2026 00:00:00 -0400` → `2026-04-27`, the date as announced (US Eastern), not shifted to UTC. */
export function rfc822Day(value: unknown): string | undefined {
  const m = typeof value === 'string' ? /(\d{1,2}) ([A-Z][a-z]{2}) (\d{4})/.exec(value) : null;
  const month = m ? MONTHS.indexOf(m[2] as string) : -1;
  if (!m || month < 0) return undefined;
  return `${m[3]}-${String(month + 1).padStart(2, '0')}-${(m[1] as string).padStart(2, '0')}`;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

const PAPER_OF_THE_DAY = new Set(['new', 'cross']);

export interface ArxivListing {
  /** The announcement day of the listing (channel `pubDate`); undefined only for an empty, dateless feed. */
  announcedDate: string | undefined;
  papers: Paper[];
  skipped: SkippedEntry[];
  /** Replacements of older papers, left out on purpose. */
  ignored: number;
}

export function parseArxivRss(xml: string, now: string): ArxivListing {
  let doc: { rss?: { channel?: Record<string, unknown> } };
  try {
    doc = parser.parse(xml);
  } catch (err) {
    throw new UnknownShapeError(`arXiv RSS is not XML: ${(err as Error).message}`);
  }
  const channel = doc.rss?.channel;
  if (!channel || typeof channel !== 'object') throw new UnknownShapeError('arXiv RSS has no rss/channel');
  const announcedDate = rfc822Day(channel.pubDate) ?? rfc822Day(channel.lastBuildDate);
  const items = Array.isArray(channel.item) ? (channel.item as Record<string, unknown>[]) : [];

  const papers = new Map<string, Paper>();
  const skipped: SkippedEntry[] = [];
  let ignored = 0;
  items.forEach((item, i) => {
    const announceType = text(item['arxiv:announce_type']) || 'new';
    if (!PAPER_OF_THE_DAY.has(announceType)) {
      ignored++;
      return;
    }
    const id = /(\d{4}\.\d{4,5})(v\d+)?$/.exec(text(item.guid) || text(item.link))?.[1];
    const date = rfc822Day(item.pubDate) ?? announcedDate;
    const description = text(item.description);
    const abstract = description.includes('Abstract:')
      ? description.slice(description.indexOf('Abstract:') + 'Abstract:'.length)
      : description;
    const parsed = paperSchema.safeParse({
      arxivId: id,
      title: oneLine(text(item.title)),
      abstract: abstract.trim(),
      authors: text(item['dc:creator'])
        .split(',')
        .map((a) => oneLine(a))
        .filter(Boolean),
      publishedDate: date,
      dailyDate: date,
      categories: (Array.isArray(item.category) ? item.category : []).map(text).filter(Boolean),
      sources: ['arxiv'],
      firstSeenAt: now,
      lastUpdatedAt: now,
    });
    if (parsed.success) papers.set(parsed.data.arxivId, parsed.data);
    else skipped.push({ source: 'arxiv', id: id ?? `#${i}`, reason: issuesInOneLine(parsed.error) });
  });
  return { announcedDate, papers: [...papers.values()], skipped, ignored };
}
