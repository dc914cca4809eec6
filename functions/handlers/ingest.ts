import type { ScheduledEvent } from 'aws-lambda';
import { utcDay } from '../core/ingest-days';
import type { Ports } from '../ports';
import { onLambda } from '../roots/lambda';
import { upstreamSources } from '../roots/sources';
import { type IngestDeps, type IngestSummary, ingest } from '../use-cases/ingest';

/**
 * EventBridge schedule (`INGEST_SCHEDULE`) → ingest the event's UTC day and re-ingest the previous ones.
 * A failed run throws, so the invocation fails (and alarms/retries see it).
 */
export function createIngestHandler(deps: IngestDeps & Pick<Ports, 'config' | 'metrics'>) {
  return async (event: Pick<ScheduledEvent, 'time'>): Promise<IngestSummary> => {
    const at = event.time ? new Date(event.time) : deps.clock.now();
    let summary: IngestSummary;
    try {
      summary = await ingest(deps, {
        date: utcDay(Number.isNaN(at.getTime()) ? deps.clock.now() : at),
        reingestDays: deps.config.INGEST_REINGEST_DAYS,
        arxivCategories: deps.config.ARXIV_CATEGORIES,
      });
    } catch (err) {
      // Every source failed: each is counted (alarmed) besides the function's own error.
      deps.metrics.count({
        HuggingFaceFailed: 1,
        ...(deps.config.ARXIV_CATEGORIES.length ? { ArxivFailed: 1 } : {}),
      });
      throw err;
    }
    deps.metrics.count({
      PapersIngested: summary.storedNew + summary.updated,
      PapersSkipped: summary.skipped.length,
      HuggingFaceFailed: summary.failedSources.includes('huggingface') ? 1 : 0,
      ArxivFailed: summary.failedSources.includes('arxiv') ? 1 : 0,
    });
    return summary;
  };
}

export const handler = onLambda(createIngestHandler, { sources: upstreamSources });

/** The part of an EventBridge scheduled event the handler reads (the local schedule builds one). */
export const scheduledEvent = (at: Date): Pick<ScheduledEvent, 'time'> => ({ time: at.toISOString() });
