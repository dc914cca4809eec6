import type { Paper } from '../schemas/paper';
import { addDays } from './ingest-days';

/**
 * Each paper once: a reader's seen-set is the bare arXiv ids of what they were sent, one entry per
 * delivery (`YYYY-MM-DD id id …`), kept for a window of days. It rides on the subscriber item, which
 * the sender reads anyway, and is written with the delivery: no extra read per delivery.
 */

/** `2607.12345v2` is `2607.12345`: a later version is the same paper. */
export const bareArxivId = (id: string): string => id.trim().replace(/v\d+$/i, '');

/** The entries after a delivery on `day` of `ids`: older than `windowDays` dropped, the new one added. */
export function recordSeen(
  entries: readonly string[] | undefined,
  day: string,
  ids: readonly string[],
  windowDays: number,
): string[] {
  const oldest = addDays(day, -windowDays);
  const kept = (entries ?? []).filter((e) => e.slice(0, 10) > oldest);
  const fresh = [...new Set(ids.map(bareArxivId))];
  return fresh.length ? [...kept, `${day} ${fresh.join(' ')}`] : kept;
}

/** What `seenInEdition` needs of an edition, made once per edition (`core/selection.prepareRanking`). */
export interface SeenIndex {
  ids: ReadonlySet<string>;
  /**
   * Entries dated before this day are skipped: a reader is only ever sent a paper after we first
   * stored it (`Paper.firstSeenAt`, which never moves later: the store keeps the first, merges take
   * the earliest), and an entry is dated the day it was sent. A day early, for clocks.
   */
  since: string;
}

export function seenIndexOf(papers: readonly Pick<Paper, 'arxivId' | 'firstSeenAt'>[]): SeenIndex {
  const first = papers.map((p) => p.firstSeenAt.slice(0, 10)).sort()[0];
  return {
    ids: new Set(papers.map((p) => bareArxivId(p.arxivId))),
    since: first === undefined ? '9999-12-31' : addDays(first, -1),
  };
}

/**
 * The edition's papers among a reader's seen entries: what the entries name of the edition,
 * reading only the entries sent since the edition's papers were first stored (a daily edition's are a
 * few days old: a few entries of a long-time reader's 90, instead of a set of all ~900 ids, ~170 µs a
 * reader; `npm run bench -- render` measures both).
 */
export function seenInEdition(entries: readonly string[] | undefined, edition: SeenIndex): Set<string> {
  const seen = new Set<string>();
  for (const entry of entries ?? []) {
    // `YYYY-MM-DD id id …` sorts by its day: "2026-06-11 …" < "2026-06-12" < "2026-06-12 …".
    if (entry < edition.since) continue;
    for (const id of entry.split(' ').slice(1)) if (edition.ids.has(id)) seen.add(id);
  }
  return seen;
}
