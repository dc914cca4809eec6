import { readFileSync } from 'node:fs';
import path from 'node:path';

import { normalizeHfDay } from '../../functions/core/normalize-paper';
import type { Paper } from '../../functions/schemas/paper';

export const FIXTURES = {
  sotawhat: 'lucas-m-lopes__sotawhat__2026-06-12_limit30.json',
  allNews: 'BuiVannn__All-News-AI__2026-07-31_date-query_5-item-subset.json',
  newsAssistant: 'DiQu1997__NewsAssistant__2026-08-03_3-item-subset.json',
} as const;

/** The recorded Hugging Face entries of one fixture, through the service's own normaliser. */
export function loadPapers(file: string, seenAt = '2026-06-12T06:00:00.000Z'): Paper[] {
  const entries = JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', file), 'utf8')) as unknown[];
  const { papers, skipped } = normalizeHfDay(entries, { requestedDate: seenAt.slice(0, 10), now: seenAt });
  if (skipped.length) throw new Error(`fixture ${file}: ${skipped.length} entries did not normalise`);
  return papers;
}

/** Every recorded paper of every fixture. */
export const allRecordedPapers = (): Paper[] => Object.values(FIXTURES).flatMap((f) => loadPapers(f));

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
