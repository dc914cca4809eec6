/**
 * Custom metrics the dashboard shows. Handlers emit them as CloudWatch Embedded Metric Format log
 * lines (no API call, no extra permission): one JSON line per event, e.g.
 *   {"_aws":{"Timestamp":1767000000000,"CloudWatchMetrics":[{"Namespace":"PapersInbox",
 *    "Dimensions":[[]],"Metrics":[{"Name":"PapersIngested","Unit":"Count"}]}]},"PapersIngested":42}
 * Sends, deliveries, bounces and complaints need none: SES publishes them (namespace AWS/SES).
 */
import { METRICS_NAMESPACE, type MetricName } from '../functions/metric-names';

export { METRICS_NAMESPACE };

/** What each metric counts and who emits it (through the `metrics` port, functions/adapters/metrics.ts). */
export const CUSTOM_METRICS: Record<MetricName, string> = {
  /** api: a valid signup was accepted (confirmation email sent). */
  SubscriptionsRequested: 'api',
  /** api: a subscription was confirmed. */
  SubscriptionsConfirmed: 'api',
  /** api or ses-events: a reader left (link, one-click, bounce or complaint). */
  Unsubscribes: 'api, ses-events',
  /** planner: readers the day's edition was planned for (a gauge of active subscribers). */
  ActiveSubscribers: 'planner',
  /** sender: digests handed to SES. */
  DigestsSent: 'sender',
  /** ingest: papers stored or updated in a run. */
  PapersIngested: 'ingest',
  /** ingest: upstream entries skipped as malformed. */
  PapersSkipped: 'ingest',
  /** planner: readers due an edition that did not go out (alarmed: EditionMissed ≥ 1). */
  EditionMissed: 'planner',
  /** ingest: runs whose Hugging Face fetch failed (the arXiv part was stored; alarmed). */
  HuggingFaceFailed: 'ingest',
  /** ingest: runs whose arXiv fetch failed, 429s included (the Hugging Face part was stored; alarmed). */
  ArxivFailed: 'ingest',
};

export type CustomMetricName = MetricName;
