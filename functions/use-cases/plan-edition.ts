import type { Config } from '../config';
import { editionDates, isWeeklySendDay, rankPapers } from '../core/edition';
import { addDays } from '../core/ingest-days';
import { type EditionRanking, prepareRanking, selectForReader } from '../core/selection';
import { chunk } from '../lib/chunk';
import type { Ports } from '../ports';
import type { SendPage } from '../schemas/delivery';
import { type Edition, editionIdFor } from '../schemas/edition';
import type { Paper } from '../schemas/paper';

export type PlanEditionDeps = Pick<
  Ports,
  'papers' | 'editions' | 'subscribers' | 'sendQueue' | 'clock' | 'log'
> & {
  config: Pick<Config, 'WEEKLY_DIGEST_WEEKDAY' | 'SEND_PAGE_SIZE' | 'PLANNER_SCAN_SEGMENTS' | 'DIGEST_TOP_N'>;
};

export interface DryRunLine {
  email: string;
  editionId: string;
  paperIds: string[];
}

export interface PlanSummary {
  date: string;
  editions: { editionId: string; papers: number; stored: 'new' | 'existing' | 'dry-run' }[];
  readers: number;
  pages: number;
  /** Dry run only: readers with nothing matching (they get no email). */
  nothingMatching: number;
}

interface PlannedEdition {
  edition: Edition;
  ranked: Paper[];
  /** For the dry run's per-reader selection only. */
  ranking?: EditionRanking;
}

/**
 * The planner, for Daily-Papers day `date`: builds that day's edition (and, when the next day is the weekly
 * day, the week's), stores it once, then fans the readers out to the send queue in pages, reading the
 * subscribers table in parallel Scan segments.
 * A re-run keeps the edition already stored (what was mailed stays what the web view shows) and enqueues
 * every reader again: the sender's ledger skips those already sent.
 */
export async function planEdition(
  deps: PlanEditionDeps,
  date: string,
  opts: { dryRun?: boolean; onDryRun?: (line: DryRunLine) => void; onPage?: (page: SendPage) => void } = {},
): Promise<PlanSummary> {
  // Day D's digest goes out on D+1: the daily edition covers D, and on the weekly day D+1 the weekly
  // edition (dated D+1) covers the 7 days before it, D included.
  const sendDay = addDays(date, 1);
  const wanted: { kind: Edition['kind']; editionDate: string }[] = [{ kind: 'daily', editionDate: date }];
  if (isWeeklySendDay(sendDay, deps.config.WEEKLY_DIGEST_WEEKDAY))
    wanted.push({ kind: 'weekly', editionDate: sendDay });

  const summary: PlanSummary = { date, editions: [], readers: 0, pages: 0, nothingMatching: 0 };
  const planned = new Map<Edition['kind'], PlannedEdition>();
  for (const { kind, editionDate } of wanted) {
    const days = await Promise.all(editionDates(kind, editionDate).map((d) => deps.papers.papersOfDay(d)));
    const ranked = rankPapers(days.flat());
    const editionId = editionIdFor(kind, editionDate);
    if (ranked.length === 0) {
      deps.log.info('planner: no papers: no edition, no emails', { editionId });
      continue;
    }
    let edition: Edition = {
      editionId,
      kind,
      date: editionDate,
      paperIds: ranked.map((p) => p.arxivId),
      createdAt: deps.clock.now().toISOString(),
    };
    let stored: PlanSummary['editions'][number]['stored'] = 'dry-run';
    if (!opts.dryRun) {
      const existing = await deps.editions.getEdition(editionId);
      if (existing) {
        edition = existing;
        stored = 'existing';
      } else {
        await deps.editions.putEdition(edition);
        stored = 'new';
      }
    }
    planned.set(kind, { edition, ranked, ranking: opts.dryRun ? prepareRanking(ranked, kind) : undefined });
    summary.editions.push({ editionId, papers: edition.paperIds.length, stored });
  }
  if (planned.size === 0) return summary;

  const total = deps.config.PLANNER_SCAN_SEGMENTS;
  await Promise.all(
    Array.from({ length: total }, async (_, segment) => {
      for await (const readers of deps.subscribers.scanActive(segment, total)) {
        const pages: SendPage[] = [];
        for (const [kind, { edition, ranking }] of planned) {
          const ofKind = readers.filter((r) => r.frequency === kind);
          summary.readers += ofKind.length;
          if (ranking) {
            for (const r of ofKind) {
              const picked = selectForReader(ranking, { topics: r.topics ?? [] }, deps.config.DIGEST_TOP_N);
              if (picked.length === 0) summary.nothingMatching++;
              opts.onDryRun?.({
                email: r.email,
                editionId: edition.editionId,
                paperIds: picked.map((p) => p.paper.arxivId),
              });
            }
            continue;
          }
          for (const ids of chunk(
            ofKind.map((r) => r.id),
            deps.config.SEND_PAGE_SIZE,
          ))
            pages.push({ editionId: edition.editionId, subscriberIds: ids });
        }
        if (pages.length) {
          await deps.sendQueue.enqueue(pages);
          for (const p of pages) opts.onPage?.(p);
          summary.pages += pages.length;
        }
      }
    }),
  );
  deps.log.info('planner: planned', { ...summary });
  return summary;
}
