import { parseArxivRss } from '../core/arxiv-rss';
import { daysToIngest } from '../core/ingest-days';
import { mergeAll } from '../core/merge-papers';
import { normalizeHfDay, type SkippedEntry } from '../core/normalize-paper';
import { hasCurrentFeatures, storedFeatures } from '../core/paper-features';
import { pool } from '../lib/pool';
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
  /**
   * Papers whose ranking features were (re)computed and stored: new ones, changed text, older items.
   * A failure here is logged and costs nothing but speed (the sender computes what is missing).
   */
  featuresStored: number;
  skipped: (SkippedEntry & { date?: string })[];
  /** Sources that failed this run (logged `ingest.source-failed`); what the others returned is stored. */
  failedSources: IngestSource[];
  durationMs: number;
}

/** One upstream source of a run. */
export type IngestSource = 'huggingface' | 'arxiv';

/**
 * Ingests one day (and re-ingests the previous ones) from both sources. Each source is fetched and
 * validated whole before the first write, so a source that fails (HTTP error after retries, non-JSON
 * body, unknown shape) contributes nothing half-read. One failing source does not stop the other: its
 * failure is logged (`ingest.source-failed`) and reported in `failedSources` (the handler counts it as
 * a metric, which is alarmed), and what the other source returned is stored. Only when every source
 * used failed does the run store nothing and throw, after an `ingest.failed` error line. A bad entry is
 * skipped and reported; an empty day is fine.
 */
export async function ingest(deps: IngestDeps, opts: IngestOptions): Promise<IngestSummary> {
  const started = Date.now();
  const at = deps.clock.now().toISOString();
  const dates = daysToIngest(opts.date, opts.reingestDays);
  const errorText = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));
  const parts: { source: IngestSource; fetch: () => Promise<SourcePart> }[] = [
    { source: 'huggingface', fetch: () => fetchHuggingFace(deps, dates, at) },
  ];
  const categories = opts.arxivCategories ?? [];
  if (categories.length > 0) parts.push({ source: 'arxiv', fetch: () => fetchArxiv(deps, categories, at) });
  try {
    const papers: Paper[] = [];
    const skipped: IngestSummary['skipped'] = [];
    const failedSources: IngestSource[] = [];
    let fetched = 0;
    let ignored = 0;
    let arxivDate: string | undefined;
    let firstError: unknown;
    for (const { source, fetch } of parts) {
      let part: SourcePart;
      try {
        part = await fetch();
      } catch (err) {
        firstError ??= err;
        failedSources.push(source);
        deps.log.error('ingest: a source failed; the other sources are stored', {
          event: 'ingest.source-failed',
          source,
          dates,
          error: errorText(err),
        });
        continue;
      }
      papers.push(...part.papers);
      skipped.push(...part.skipped);
      fetched += part.fetched;
      ignored += part.ignored;
      arxivDate ??= part.arxivDate;
    }
    if (failedSources.length === parts.length) throw firstError;
    const merged = mergeAll(papers);
    const written = await deps.papers.upsert(merged);
    const featuresStored = await storeFeatures(deps, merged);
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
      featuresStored,
      skipped,
      failedSources,
      durationMs: Date.now() - started,
    };
    // One line a run: a warning when entries were skipped or a source failed, so they are seen.
    if (skipped.length || failedSources.length) deps.log.warn('ingest summary', { ...summary });
    else deps.log.info('ingest summary', { ...summary });
    return summary;
  } catch (err) {
    deps.log.error('ingest failed', {
      event: 'ingest.failed',
      dates,
      error: errorText(err),
      durationMs: Date.now() - started,
    });
    throw err;
  }
}

/**
 * After the upsert, each paper's features from its stored (merged) item, so that they match what any
 * reader of the item sees: one read per paper, one write for those whose features are missing or stale.
 */
async function storeFeatures(deps: IngestDeps, papers: Paper[]): Promise<number> {
  let stored = 0;
  try {
    await pool(papers, 8, async ({ arxivId }) => {
      const paper = await deps.papers.get(arxivId);
      if (!paper || hasCurrentFeatures(paper)) return;
      if (await deps.papers.putFeatures(arxivId, storedFeatures(paper))) stored++;
    });
  } catch (err) {
    deps.log.warn('ingest: paper features not stored; senders compute them', {
      event: 'ingest.features-failed',
      error: String(err),
    });
  }
  return stored;
}

interface SourcePart {
  papers: Paper[];
  skipped: IngestSummary['skipped'];
  fetched: number;
  ignored: number;
  arxivDate?: string;
}

async function fetchHuggingFace(deps: IngestDeps, dates: string[], at: string): Promise<SourcePart> {
  const part: SourcePart = { papers: [], skipped: [], fetched: 0, ignored: 0 };
  for (const date of dates) {
    const entries = await deps.hfPapers.fetchDay(date);
    part.fetched += entries.length;
    const day = normalizeHfDay(entries, { requestedDate: date, now: at });
    part.papers.push(...day.papers);
    part.skipped.push(...day.skipped.map((s) => ({ ...s, date })));
  }
  return part;
}

async function fetchArxiv(deps: IngestDeps, categories: string[], at: string): Promise<SourcePart> {
  const listing = parseArxivRss(await deps.arxivRss.fetchListing(categories), at);
  return {
    papers: listing.papers,
    skipped: listing.skipped.map((s) => ({ ...s, date: listing.announcedDate })),
    fetched: listing.papers.length + listing.skipped.length + listing.ignored,
    ignored: listing.ignored,
    arxivDate: listing.announcedDate,
  };
}
