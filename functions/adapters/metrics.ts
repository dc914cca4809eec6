/**
 * Custom CloudWatch metrics as Embedded Metric Format log lines: no API call and no permission, the
 * Lambda log stream carries them and CloudWatch extracts the figures (the dashboard in
 * infra/constructs/monitoring.ts plots them). Off Lambda nothing is written.
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
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

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

/** Only on Lambda, where CloudWatch reads EMF out of the log stream; locally the lines would be noise. */
const onLambda = () => Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME);

export const emitMetrics = (
  values: Partial<Record<MetricName, number>>,
  log: (line: string) => void = console.log,
) => {
  if (onLambda()) log(emfLine(values));
};
