/**
 * Derives the two data files of the learned ranking from the recorded Hugging Face days
 * (`../shared/fixtures/hf-daily-papers-archive/days/*.json`, 171 days of 2025):
 * - `functions/core/data/term-df.json`: document frequencies of the feature terms (`termCounts`) seen in at
 *   least MIN_DF papers, the IDF table of `core/paper-features`;
 * - `bench/data/hf-daily-2025.json.gz`: the recorded days FIRST_DAY…LAST_DAY (50 days, ~1,400 papers) through
 *   the service's own normaliser, every field but the store's bookkeeping ones, for `npm run bench --
 *   relevance`, the render benches and the learning tests in a clone without `../shared`. Not all 171
 *   days: raw abstracts are what the hidden interests are matched on and what the digests show, and all
 *   171 days of them are 2.8 MB gzipped; the repo keeps tracked files under 1 MiB. The IDF table still
 *   comes from all 171 days (more papers, steadier IDF); test/core/paper-features.test.ts checks it
 *   against the archive where `../shared` is there (CI) and against the committed days everywhere.
 * Run: `npx tsx scripts/make-relevance-data.ts [archive-days-dir]` (default: `../shared/…` beside the clone, or
 * `/work/shared/…`). Deterministic: same input, same bytes.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { archiveDays, archiveDir } from '../bench/support/archive-days';
import { termDocumentFrequencies } from '../functions/core/paper-features';

const MIN_DF = 8;
/** The window kept for the bench: contiguous recorded days, holding the learning test's days (May 27 – June 2). */
const FIRST_DAY = '2025-04-02';
const LAST_DAY = '2025-06-10';
const root = path.join(__dirname, '..');
const dir = process.argv[2] ?? archiveDir();
if (!dir)
  throw new Error(
    'no recorded archive: pass its days folder (../shared/fixtures/hf-daily-papers-archive/days)',
  );
const { days, skipped } = archiveDays(dir);

const all = days.flatMap((d) => d.papers);
const distinct = new Set(all.map((p) => p.arxivId)).size;
const df = termDocumentFrequencies(all, MIN_DF);
writeFileSync(
  path.join(root, 'functions', 'core', 'data', 'term-df.json'),
  `${JSON.stringify({ papers: distinct, minDf: MIN_DF, df })}\n`,
);

const kept = days.filter((d) => d.date >= FIRST_DAY && d.date <= LAST_DAY);
const compact = kept.map(({ date, papers }) => ({
  date,
  // Everything but the bookkeeping fields the bench fills in again (sources, first seen, last updated).
  papers: papers.map(({ sources, firstSeenAt, lastUpdatedAt, ...p }) => p),
}));
const gz = gzipSync(JSON.stringify(compact), { level: 9 });
writeFileSync(path.join(root, 'bench', 'data', 'hf-daily-2025.json.gz'), gz);
console.log(
  `${days.length} days, ${distinct} distinct papers (${skipped} entries skipped); ` +
    `${Object.keys(df).length} terms with df ≥ ${MIN_DF}; bench data: ${kept.length} days ` +
    `(${FIRST_DAY} … ${LAST_DAY}), ${kept.reduce((n, d) => n + d.papers.length, 0)} papers, ${(gz.length / 1024).toFixed(0)} KiB`,
);
