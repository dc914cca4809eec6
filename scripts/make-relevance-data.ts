/**
 * Derives the two data files of the learned ranking from the recorded Hugging Face days
 * (`../shared/fixtures/hf-daily-papers-archive/days/*.json`, 171 days of 2025):
 * - `functions/core/data/term-df.json`: document frequencies of the feature terms (`termCounts`) seen in at
 *   least MIN_DF papers, the IDF table of `core/paper-features`;
 * - `bench/data/hf-daily-2025.json.gz`: every recorded day's papers through the service's own normaliser,
 *   without the store's bookkeeping fields, for `npm run bench -- relevance` in a clone without `../shared`.
 * Run: `npx tsx scripts/make-relevance-data.ts [archive-days-dir]` (default: `../shared/…` beside the clone, or
 * `/work/shared/…`). Deterministic: same input, same bytes.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { normalizeHfDay } from '../functions/core/normalize-paper';
import { termDocumentFrequencies } from '../functions/core/paper-features';
import type { Paper } from '../functions/schemas/paper';

const MIN_DF = 8;
const root = path.join(__dirname, '..');
const ARCHIVE = path.join('shared', 'fixtures', 'hf-daily-papers-archive', 'days');
const dir =
  process.argv[2] ??
  [path.join(root, '..', ARCHIVE), path.join('/work', ARCHIVE)].find((d) => existsSync(d)) ??
  path.join(root, '..', ARCHIVE);

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

const all = days.flatMap((d) => d.papers);
const distinct = new Set(all.map((p) => p.arxivId)).size;
const df = termDocumentFrequencies(all, MIN_DF);
writeFileSync(
  path.join(root, 'functions', 'core', 'data', 'term-df.json'),
  `${JSON.stringify({ papers: distinct, minDf: MIN_DF, df })}\n`,
);

const compact = days.map(({ date, papers }) => ({
  date,
  // Everything but the bookkeeping fields the bench fills in again (sources, first seen, last updated).
  papers: papers.map(({ sources, firstSeenAt, lastUpdatedAt, ...p }) => p),
}));
const gz = gzipSync(JSON.stringify(compact), { level: 9 });
writeFileSync(path.join(root, 'bench', 'data', 'hf-daily-2025.json.gz'), gz);
console.log(
  `${days.length} days, ${distinct} distinct papers (${skipped} entries skipped); ` +
    `${Object.keys(df).length} terms with df ≥ ${MIN_DF}; bench data ${(gz.length / 1024).toFixed(0)} KiB`,
);
