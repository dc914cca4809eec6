import type { Ports } from '../ports';
import type { SendPage } from '../schemas/delivery';

/**
 * What became of the readers of a plan, read from the delivery ledger after the queue drained, whoever
 * sent them (this process or a running `npm start`, which polls the same queue):
 * - `sent`: the ledger says sent (by the sender, or settled by SES's events);
 * - `failed`: a claim that is not settled (SES failed or the page is waiting for a retry);
 * - `skipped`: no record: nothing matching their topics, left or suppressed since, or refused by SES.
 */
export interface EditionReport {
  editionId: string;
  sent: number;
  skipped: number;
  failed: number;
  /** Reader ids not sent yet, for the operator to look up. */
  failedIds: string[];
}

const CONCURRENCY = 16;

export async function reportFromLedger(
  deps: Pick<Ports, 'deliveries'>,
  pages: readonly SendPage[],
): Promise<EditionReport[]> {
  const byEdition = new Map<string, EditionReport>();
  const keys = pages.flatMap((p) =>
    [...new Set(p.subscriberIds)].map((id) => ({ id, editionId: p.editionId })),
  );
  const seen = new Set<string>();
  const todo = keys.filter((k) => !seen.has(`${k.id} ${k.editionId}`) && seen.add(`${k.id} ${k.editionId}`));
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, todo.length) }, async () => {
      while (next < todo.length) {
        const { id, editionId } = todo[next++] as (typeof todo)[number];
        const record = await deps.deliveries.get(id, editionId);
        let report = byEdition.get(editionId);
        if (!report) {
          report = { editionId, sent: 0, skipped: 0, failed: 0, failedIds: [] };
          byEdition.set(editionId, report);
        }
        if (record?.status === 'sent') report.sent++;
        else if (record) {
          report.failed++;
          report.failedIds.push(id);
        } else report.skipped++;
      }
    }),
  );
  return [...byEdition.values()].sort((a, b) => (a.editionId < b.editionId ? -1 : 1));
}
