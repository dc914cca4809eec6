import type { ScheduledEvent } from 'aws-lambda';
import { emitMetrics } from '../adapters/metrics';
import { utcDay } from '../core/ingest-days';
import { getDeps } from '../deps';
import { type IngestSummary, ingest } from '../use-cases/ingest';

/**
 * EventBridge schedule (`INGEST_SCHEDULE`) → ingest the event's UTC day and re-ingest the previous ones.
 * A failed run throws, so the invocation fails (and alarms/retries see it).
 */
export async function handler(event: Pick<ScheduledEvent, 'time'>): Promise<IngestSummary> {
  const deps = getDeps();
  const at = event.time ? new Date(event.time) : new Date();
  const summary = await ingest(
    { hf: deps.hfPapers, arxiv: deps.arxivRss, store: deps.papers },
    {
      date: utcDay(Number.isNaN(at.getTime()) ? new Date() : at),
      reingestDays: deps.config.INGEST_REINGEST_DAYS,
      arxivCategories: deps.config.ARXIV_CATEGORIES,
    },
  );
  emitMetrics({ PapersIngested: summary.storedNew + summary.updated, PapersSkipped: summary.skipped.length });
  return summary;
}

/** The part of an EventBridge scheduled event the handler reads (the local schedule builds one). */
export const scheduledEvent = (at: Date): Pick<ScheduledEvent, 'time'> => ({ time: at.toISOString() });
