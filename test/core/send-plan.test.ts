import { perInstanceRate, sendPlan } from '../../functions/core/send-plan';

const aws = { pageSize: 50, sesLatencyMs: 80, dynamoLatencyMs: 15, instanceMaxRate: 100 };

describe('sendPlan: the sender sized from MaxSendRate and the latencies', () => {
  // A row: the case, what differs from `aws`, then the plan's instances, rate per instance, ms per reader,
  // sends in flight and pages per invocation. At 50/s: 25/s × (0.11 s + 0.4 s for a slow call) = 12.75
  // in flight by Little's law, + 1 waiting on the token. With the instances fixed, in flight is for what one
  // instance can push (100/s), not for its larger share.
  test.each<[string, { maxSendRate: number; instances?: number }, [number, number, number, number, number]]>([
    [
      '50/s: two instances at 25/s, enough sends in flight to hide 110 ms per reader; pages of 2 s, so four a batch (≥ 8 s)',
      { maxSendRate: 50 },
      [2, 25, 110, 14, 4],
    ],
    [
      '500/s: five instances at 100/s; pages of 0.5 s, so ten per invocation (5 s: as many as SQS gives)',
      { maxSendRate: 500 },
      [5, 100, 110, 52, 10],
    ],
    [
      'instances fixed by the deployment (run time): the rate is shared among them; pages of 0.2 s, so 10',
      { maxSendRate: 500, instances: 2 },
      [2, 250, 110, 52, 10],
    ],
  ])('%s', (_, over, [instances, ratePerInstance, readerMs, sendsInFlight, batchSize]) => {
    expect(sendPlan({ ...aws, ...over })).toEqual({
      instances,
      ratePerInstance,
      readerMs,
      sendsInFlight,
      batchSize,
    });
  });

  test('never fewer than two instances (SQS maximum concurrency), never more than 10 pages a batch', () => {
    expect(sendPlan({ ...aws, maxSendRate: 1 })).toMatchObject({
      instances: 2,
      ratePerInstance: 0.5,
      batchSize: 1,
    });
    expect(sendPlan({ ...aws, maxSendRate: 5000, pageSize: 1 }).batchSize).toBe(10);
  });

  test('slower calls mean more sends in flight at the same rate', () => {
    const slow = sendPlan({ ...aws, maxSendRate: 500, sesLatencyMs: 300, dynamoLatencyMs: 50 });
    expect(slow.readerMs).toBe(400);
    expect(slow.sendsInFlight).toBe(81);
  });

  test('the instances together never plan above MaxSendRate in a one-second window', () => {
    for (const maxSendRate of [0.5, 1, 7, 14, 50, 99, 333, 500, 1234.5])
      for (const instanceMaxRate of [1, 3, 25, 100, 250]) {
        const plan = sendPlan({ ...aws, maxSendRate, instanceMaxRate });
        // Spaced 1/share apart: ceil(share) sends of each instance fit in a one-second window.
        const perWindow = plan.instances * Math.ceil(plan.ratePerInstance);
        if (maxSendRate >= plan.instances) expect(perWindow).toBeLessThanOrEqual(maxSendRate);
        expect(plan.instances * plan.ratePerInstance).toBeLessThanOrEqual(maxSendRate);
        // and not far under it: at most one email per second per instance lost to rounding
        expect(plan.instances * plan.ratePerInstance).toBeGreaterThan(maxSendRate - plan.instances);
      }
  });

  test('a rate of zero or below is refused', () => {
    expect(() => sendPlan({ ...aws, maxSendRate: 0 })).toThrow('MaxSendRate must be positive');
    expect(() => perInstanceRate(-1, 2)).toThrow('MaxSendRate must be positive');
  });
});
