/**
 * The custom metrics (all counts, no dimensions) and their namespace: infra/metrics.ts says who emits
 * which and the dashboard plots them; adapters/metrics.ts writes them through Powertools Metrics.
 */
export const METRICS_NAMESPACE = 'PapersInbox';

export const METRIC_NAMES = [
  'SubscriptionsRequested',
  'SubscriptionsConfirmed',
  'Unsubscribes',
  'ActiveSubscribers',
  'DigestsSent',
  'PapersIngested',
  'PapersSkipped',
  'EditionMissed',
  'HuggingFaceFailed',
  'ArxivFailed',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];
