import { readFileSync } from 'node:fs';
import path from 'node:path';
import { normalizeHfDay } from '../../functions/core/normalize-paper';
import type { Paper } from '../../functions/schemas/paper';

/**
 * The one loader of `test/fixtures/`: recorded real data (each folder's README says where it came
 * from). Tests name a recording by the constants below, never by a path of their own.
 */
const ROOT = path.join(__dirname, '..', 'fixtures');

/** Hugging Face daily-papers responses (`test/fixtures/hf-daily-papers/`). */
export const DAY_0612 = 'lucas-m-lopes__sotawhat__2026-06-12_limit30.json';
export const DAY_0731 = 'BuiVannn__All-News-AI__2026-07-31_date-query_5-item-subset.json';
export const DAY_0803 = 'DiQu1997__NewsAssistant__2026-08-03_3-item-subset.json';
export const SHAPE_2024 = '2024-shape__derived-from-DiQu1997-2607.28229.json';
/** An arXiv RSS listing (`test/fixtures/arxiv/`). */
export const ARXIV_CS_AI = 'jmamath__distill__rss-cs.AI_2026-04-27_3-item-subset.xml';

/** The recorded days every paper test draws from (the 2024 shape is a derived one, left out). */
const RECORDED_DAYS = [DAY_0612, DAY_0731, DAY_0803] as const;

/** A recorded Hugging Face response (a JSON array of entries), parsed. */
export const hfFixture = (file: string): Record<string, unknown>[] =>
  JSON.parse(readFileSync(path.join(ROOT, 'hf-daily-papers', file), 'utf8'));

/** A recorded arXiv RSS listing, as text. */
export const arxivFixture = (file: string): string => readFileSync(path.join(ROOT, 'arxiv', file), 'utf8');

/** A recorded SES event (`test/fixtures/ses-events/NAME.json`), as text. */
export const sesEventFixture = (name: string): string =>
  readFileSync(path.join(ROOT, 'ses-events', `${name}.json`), 'utf8');

/** The recorded Hugging Face entries of one day, through the service's own normaliser. */
export function loadPapers(file: string, seenAt = '2026-06-12T06:00:00.000Z'): Paper[] {
  const { papers, skipped } = normalizeHfDay(hfFixture(file), {
    requestedDate: seenAt.slice(0, 10),
    now: seenAt,
  });
  if (skipped.length) throw new Error(`fixture ${file}: ${skipped.length} entries did not normalise`);
  return papers;
}

/** Every recorded paper of every recorded day. */
export const allRecordedPapers = (): Paper[] => RECORDED_DAYS.flatMap((f) => loadPapers(f));
