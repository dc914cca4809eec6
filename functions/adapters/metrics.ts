import { METRICS_NAMESPACE, type MetricName } from '../metric-names';
import type { Metrics } from '../ports';

/**
 * Custom CloudWatch metrics as Embedded Metric Format log lines: no API call and no permission, the
 * Lambda log stream carries them and CloudWatch extracts the figures (the dashboard in
 * infra/constructs/monitoring.ts plots them). Off Lambda nothing is written.
 */

/** One EMF line for the given counts; zero-valued metrics are still recorded (a day with none is a 0). */
export function emfLine(values: Partial<Record<MetricName, number>>, now = Date.now()): string {
  const names = Object.keys(values) as MetricName[];
  return JSON.stringify({
    _aws: {
      Timestamp: now,
      CloudWatchMetrics: [
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: [[]],
          Metrics: names.map((Name) => ({ Name, Unit: 'Count' })),
        },
      ],
    },
    ...values,
  });
}

/** The `metrics` port. Only on Lambda, where CloudWatch reads EMF out of the log stream; locally the lines would be noise. */
export function createMetrics(opts: { onLambda: boolean; write?: (line: string) => void }): Metrics {
  const write = opts.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  return {
    count(values) {
      if (opts.onLambda) write(emfLine(values));
    },
  };
}
