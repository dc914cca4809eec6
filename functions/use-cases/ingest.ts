import { parseArxivRss } from '../core/arxiv-rss';
import { daysToIngest } from '../core/ingest-days';
import { mergeAll } from '../core/merge-papers';
import { normalizeHfDay, type SkippedEntry } from '../core/normalize-paper';
import type { Ports } from '../ports';
import type { Paper } from '../schemas/paper';

export type IngestDeps = Pick<Ports, 'hfPapers' | 'arxivRss' | 'papers' | 'clock' | 'log'>;

export interface IngestOptions {
  /** The Daily-Papers day to ingest (YYYY-MM-DD). */
  date: string;
  /** Days before `date` to re-ingest in the same run. */
  reingestDays: number;
  /** arXiv categories to read from the current RSS listing; empty or absent: no arXiv. */
  arxivCategories?: string[];
}

export interface IngestSummary {
  event: 'ingest.summary';
  /** The Hugging Face days fetched, newest first. */
  dates: string[];
  /** The announcement day of the arXiv listing read, when one was. */
  arxivDate?: string;
  /** Entries received from the sources (HF entries + arXiv items), before validation. */
  fetched: number;
  /** Papers written after merging both sources (one per arXiv id). */
  papers: number;
  storedNew: number;
  updated: number;
  unchanged: number;
  /** arXiv replacements of older papers, left out on purpose. */
  ignored: number;
  skipped: (SkippedEntry & { date?: string })[];
  durationMs: number;
}

/**
 * Ingests one day (and re-ingests the previous ones). Everything is fetched and validated before the
 * first write, so an upstream failure (HTTP error after retries, non-JSON body, unknown shape) stores
 * nothing and throws after an error log line. A bad entry is skipped and reported; an empty day is fine.
 */
export async function ingest(deps: IngestDeps, opts: IngestOptions): Promise<IngestSummary> {
  const started = Date.now();
  const at = deps.clock.now().toISOString();
  const dates = daysToIngest(opts.date, opts.reingestDays);
  try {
    const papers: Paper[] = [];
    const skipped: IngestSummary['skipped'] = [];
    let fetched = 0;
    let ignored = 0;
    for (const date of dates) {
      const entries = await deps.hfPapers.fetchDay(date);
      fetched += entries.length;
      const day = normalizeHfDay(entries, { requestedDate: date, now: at });
      papers.push(...day.papers);
      skipped.push(...day.skipped.map((s) => ({ ...s, date })));
    }
    let arxivDate: string | undefined;
    const categories = opts.arxivCategories ?? [];
    if (categories.length > 0) {
      const listing = parseArxivRss(await deps.arxivRss.fetchListing(categories), at);
      fetched += listing.papers.length + listing.skipped.length + listing.ignored;
      ignored += listing.ignored;
      arxivDate = listing.announcedDate;
      papers.push(...listing.papers);
      skipped.push(...listing.skipped.map((s) => ({ ...s, date: listing.announcedDate })));
    }
    const merged = mergeAll(papers);
    const written = await deps.papers.upsert(merged);
    const summary: IngestSummary = {
      event: 'ingest.summary',
      dates,
      ...(arxivDate ? { arxivDate } : {}),
      fetched,
      papers: merged.length,
      storedNew: written.storedNew.length,
      updated: written.updated.length,
      unchanged: written.unchanged.length,
      ignored,
      skipped,
      durationMs: Date.now() - started,
    };
    // One line a run: a warning when entries were skipped, so they are seen.
    if (skipped.length) deps.log.warn('ingest summary', { ...summary });
    else deps.log.info('ingest summary', { ...summary });
    return summary;
  } catch (err) {
    deps.log.error('ingest failed', {
      event: 'ingest.failed',
      dates,
      error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
      durationMs: Date.now() - started,
    });
    throw err;
  }
}
