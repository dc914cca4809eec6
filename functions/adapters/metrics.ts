import { MetricUnit, Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, type MetricName } from '../metric-names';
import type { Metrics } from '../ports';

/**
 * The `metrics` port on Powertools Metrics: each `count` is one Embedded Metric Format log line
 * (namespace PapersInbox, unit Count), written at once; no API call and no permission, CloudWatch
 * extracts the figures from the Lambda log stream (the dashboard in infra/constructs/monitoring.ts
 * plots them). Off Lambda nothing is written: locally the lines would be noise among the logs.
 */
export function createMetrics(opts: { onLambda: boolean }): Metrics {
  if (!opts.onLambda) return { count() {} };
  const metrics = new PowertoolsMetrics({ namespace: METRICS_NAMESPACE });
  // The metrics are dimensionless (the dashboard and alarms name none): no `service` dimension.
  metrics.clearDefaultDimensions();
  return {
    count(values) {
      const names = Object.keys(values) as MetricName[];
      if (names.length === 0) return;
      for (const name of names) metrics.addMetric(name, MetricUnit.Count, values[name] ?? 0);
      // One empty dimension set, as EMF writes "no dimensions" (`Dimensions: [[]]`); cleared by the publish.
      metrics.addDimensions({});
      metrics.publishStoredMetrics();
    },
  };
}
