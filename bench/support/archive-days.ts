import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { normalizeHfDay } from '../../functions/core/normalize-paper';
import type { Paper } from '../../functions/schemas/paper';

const ARCHIVE = path.join('shared', 'fixtures', 'hf-daily-papers-archive', 'days');
const root = path.join(__dirname, '..', '..');

/** Where the 171 recorded days of 2025 are: `../shared/…` beside the clone (CI), or `/work/shared/…`; undefined without them. */
export function archiveDir(): string | undefined {
  return [path.join(root, '..', ARCHIVE), path.join('/work', ARCHIVE)].find((d) => existsSync(d));
}

/**
 * The recorded Hugging Face days of `dir` (`YYYY-MM-DD.json` each), through the service's own normaliser,
 * oldest first: what `scripts/make-relevance-data.ts` derives the IDF table and the bench's days from.
 */
export function archiveDays(dir: string): { days: { date: string; papers: Paper[] }[]; skipped: number } {
  const days: { date: string; papers: Paper[] }[] = [];
  let skipped = 0;
  for (const file of readdirSync(dir)
    .filter((f) => /^\d{4}-\d{2}-\d{2}\.json$/.test(f))
    .sort()) {
    const body = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as unknown;
    if (!Array.isArray(body) || body.length === 0) continue; // the recorder wrote `1` for an empty day
    const date = file.slice(0, 10);
    const out = normalizeHfDay(body, { requestedDate: date, now: `${date}T23:00:00.000Z` });
    skipped += out.skipped.length;
    days.push({ date, papers: out.papers });
  }
  return { days, skipped };
}
