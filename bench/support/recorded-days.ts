import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { type Paper, paperSchema } from '../../functions/schemas/paper';

/**
 * 50 of the 171 recorded Hugging Face days of 2025, 2025-04-02 … 2025-06-10 (`bench/data/hf-daily-2025.json.gz`, made by
 * `scripts/make-relevance-data.ts`), each paper parsed as the store's `Paper` again.
 */
export function recordedDays(): { date: string; papers: Paper[] }[] {
  const file = path.join(__dirname, '..', 'data', 'hf-daily-2025.json.gz');
  const days = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as {
    date: string;
    papers: Record<string, unknown>[];
  }[];
  return days.map(({ date, papers }) => ({
    date,
    papers: papers.map((p) =>
      paperSchema.parse({
        ...p,
        sources: ['huggingface'],
        firstSeenAt: `${date}T23:00:00.000Z`,
        lastUpdatedAt: `${date}T23:00:00.000Z`,
      }),
    ),
  }));
}

/**
 * The render benches' edition of 100 real papers, in rank order: the repo's recorded 2026 papers (full
 * fields, thumbnails included) and recorded days of June 2025 after them until there are 100.
 */
export function hundredPaperEdition(recorded2026: Paper[]): Paper[] {
  const ids = new Set(recorded2026.map((p) => p.arxivId));
  const more = recordedDays()
    .filter((d) => d.date >= '2025-06-02')
    .flatMap((d) => d.papers)
    .filter((p) => !ids.has(p.arxivId) && ids.add(p.arxivId));
  return [...recorded2026, ...more].slice(0, 100);
}
