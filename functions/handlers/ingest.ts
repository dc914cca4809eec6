import type { ScheduledEvent } from 'aws-lambda';
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
  return ingest(
    { hf: deps.hfPapers, arxiv: deps.arxivRss, store: deps.papers },
    {
      date: utcDay(Number.isNaN(at.getTime()) ? new Date() : at),
      reingestDays: deps.config.INGEST_REINGEST_DAYS,
      arxivCategories: deps.config.ARXIV_CATEGORIES,
    },
  );
}

/** The part of an EventBridge scheduled event the handler reads (the local schedule builds one). */
export const scheduledEvent = (at: Date): Pick<ScheduledEvent, 'time'> => ({ time: at.toISOString() });
