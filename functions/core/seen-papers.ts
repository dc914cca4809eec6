import { addDays } from './ingest-days';

/**
 * Each paper once: a reader's seen-set is the bare arXiv ids of what they were sent, one entry per
 * delivery (`YYYY-MM-DD id id …`), kept for a window of days. It rides on the subscriber item, which
 * the sender reads anyway, and is written with the delivery: no extra read per delivery.
 */

/** `2607.12345v2` is `2607.12345`: a later version is the same paper. */
export const bareArxivId = (id: string): string => id.trim().replace(/v\d+$/i, '');

export function seenIdsOf(entries: readonly string[] | undefined): Set<string> {
  const seen = new Set<string>();
  for (const entry of entries ?? []) for (const id of entry.split(' ').slice(1)) if (id) seen.add(id);
  return seen;
}

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
