import { createMetrics } from '../../functions/adapters/metrics';
import { METRIC_NAMES } from '../../functions/metric-names';
import { CUSTOM_METRICS } from '../../infra/metrics';

/** What the port writes to stdout (where the Lambda runtime hands log lines to CloudWatch). */
function stdoutOf(act: () => void): string[] {
  const lines: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk).trim());
    return true;
  });
  try {
    act();
  } finally {
    write.mockRestore();
  }
  return lines;
}

test('an EMF line declares each value it carries as a Count metric in the PapersInbox namespace', () => {
  // Prepare
  const metrics = createMetrics({ onLambda: true });
  // Act
  const lines = stdoutOf(() => metrics.count({ DigestsSent: 3, PapersSkipped: 0 }));
  // Assess
  expect(lines).toHaveLength(1);
  expect(JSON.parse(lines[0] as string)).toEqual({
    _aws: {
      Timestamp: expect.any(Number),
      CloudWatchMetrics: [
        {
          Namespace: 'PapersInbox',
          Dimensions: [[]],
          Metrics: [
            { Name: 'DigestsSent', Unit: 'Count' },
            { Name: 'PapersSkipped', Unit: 'Count' },
          ],
        },
      ],
    },
    DigestsSent: 3,
    PapersSkipped: 0,
  });
});

test('each count is its own line: nothing is carried over to the next', () => {
  const metrics = createMetrics({ onLambda: true });
  const lines = stdoutOf(() => {
    metrics.count({ SubscriptionsRequested: 1 });
    metrics.count({ Unsubscribes: 2 });
  });
  expect(lines.map((l) => JSON.parse(l))).toMatchObject([
    { SubscriptionsRequested: 1, _aws: { CloudWatchMetrics: [{ Dimensions: [[]] }] } },
    { Unsubscribes: 2, _aws: { CloudWatchMetrics: [{ Dimensions: [[]] }] } },
  ]);
  expect(JSON.parse(lines[1] as string)).not.toHaveProperty('SubscriptionsRequested');
});

test('the dashboard plots exactly the metrics the handlers emit', () => {
  expect(Object.keys(CUSTOM_METRICS).sort()).toEqual([...METRIC_NAMES].sort());
});

test('metrics are written on Lambda only', () => {
  expect(stdoutOf(() => createMetrics({ onLambda: false }).count({ DigestsSent: 1 }))).toEqual([]);
  const lines = stdoutOf(() => createMetrics({ onLambda: true }).count({ DigestsSent: 1 }));
  expect(JSON.parse(lines[0] as string).DigestsSent).toBe(1);
});
