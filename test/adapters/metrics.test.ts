import { emfLine, emitMetrics, METRIC_NAMES } from '../../functions/adapters/metrics';
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
  const before = process.env.AWS_LAMBDA_FUNCTION_NAME;
  try {
    delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    emitMetrics({ DigestsSent: 1 }, (l) => lines.push(l));
    expect(lines).toEqual([]);
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'sender';
    emitMetrics({ DigestsSent: 1 }, (l) => lines.push(l));
    expect(JSON.parse(lines[0] as string).DigestsSent).toBe(1);
  } finally {
    if (before === undefined) delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    else process.env.AWS_LAMBDA_FUNCTION_NAME = before;
  }
});
