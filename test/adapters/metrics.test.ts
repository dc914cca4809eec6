import { createMetrics, emfLine } from '../../functions/adapters/metrics';
import { METRIC_NAMES } from '../../functions/metric-names';
import { CUSTOM_METRICS } from '../../infra/metrics';

test('an EMF line declares each value it carries as a Count metric in the PapersInbox namespace', () => {
  const line = JSON.parse(emfLine({ DigestsSent: 3, PapersSkipped: 0 }, 1767000000000));
  expect(line).toEqual({
    _aws: {
      Timestamp: 1767000000000,
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

test('the dashboard plots exactly the metrics the handlers emit', () => {
  expect(Object.keys(CUSTOM_METRICS).sort()).toEqual([...METRIC_NAMES].sort());
});

test('metrics are written on Lambda only', () => {
  const lines: string[] = [];
  createMetrics({ onLambda: false, write: (l) => lines.push(l) }).count({ DigestsSent: 1 });
  expect(lines).toEqual([]);
  createMetrics({ onLambda: true, write: (l) => lines.push(l) }).count({ DigestsSent: 1 });
  expect(JSON.parse(lines[0] as string).DigestsSent).toBe(1);
});
