import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dayRange } from '../functions/core/ingest-days';
import { type IngestDeps, type IngestSummary, ingest } from '../functions/use-cases/ingest';

/**
 * Backfill of a range of days, one Hugging Face day per run (no re-ingest, no arXiv: the RSS listing
 * only has today). Resumable: each finished day is recorded in a checkpoint file in DATA_DIR
 * (`ingest-backfill-FROM_TO.json`); a rerun of the same range skips those days, and the file is removed
 * once the whole range is done. Days are idempotent anyway, so a lost checkpoint only costs time.
 */
export interface BackfillResult {
  days: number;
  skippedAsDone: string[];
  summaries: IngestSummary[];
  checkpoint: string;
}

export async function backfill(
  deps: IngestDeps,
  opts: {
    from: string;
    to: string;
    dataDir: string;
    onDay?: (day: string, done: number, total: number) => void;
  },
): Promise<BackfillResult> {
  const days = dayRange(opts.from, opts.to);
  mkdirSync(opts.dataDir, { recursive: true });
  const checkpoint = path.join(opts.dataDir, `ingest-backfill-${opts.from}_${opts.to}.json`);
  const done = new Set<string>(
    existsSync(checkpoint) ? (JSON.parse(readFileSync(checkpoint, 'utf8')) as { done: string[] }).done : [],
  );
  const skippedAsDone = days.filter((d) => done.has(d));
  const summaries: IngestSummary[] = [];
  let count = skippedAsDone.length;
  opts.onDay?.('', count, days.length);
  for (const day of days) {
    if (done.has(day)) continue;
    summaries.push(await ingest(deps, { date: day, reingestDays: 0 }));
    done.add(day);
    writeFileSync(checkpoint, JSON.stringify({ from: opts.from, to: opts.to, done: [...done].sort() }));
    opts.onDay?.(day, ++count, days.length);
  }
  rmSync(checkpoint, { force: true });
  return { days: days.length, skippedAsDone, summaries, checkpoint };
}

/** Totals of a backfill, in the same terms as one run's summary. */
export function totals(summaries: IngestSummary[]) {
  return {
    fetched: summaries.reduce((n, s) => n + s.fetched, 0),
    storedNew: summaries.reduce((n, s) => n + s.storedNew, 0),
    updated: summaries.reduce((n, s) => n + s.updated, 0),
    unchanged: summaries.reduce((n, s) => n + s.unchanged, 0),
    skipped: summaries.flatMap((s) => s.skipped),
    durationMs: summaries.reduce((n, s) => n + s.durationMs, 0),
  };
}
