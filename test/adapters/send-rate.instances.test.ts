import { sendPlan } from '../../functions/core/send-plan';
import { createTestRoot, type TestRoot } from '../support/app';
import { maxInOneSecond } from '../support/send-windows';

let deps: TestRoot;
let rate: typeof import('../../functions/adapters/send-rate');
let mailerMod: typeof import('../../functions/adapters/mailer');

beforeAll(async () => {
  deps = createTestRoot();
  rate = await import('../../functions/adapters/send-rate');
  mailerMod = await import('../../functions/adapters/mailer');
});

test.each([
  { maxSendRate: 50, instanceMaxRate: 100, seconds: 2.5 },
  { maxSendRate: 60, instanceMaxRate: 20, seconds: 2 },
])(
  '$maxSendRate/s over the planned instances, each with its sends in flight: no one-second window above the rate',
  async ({ maxSendRate, instanceMaxRate, seconds }) => {
    const plan = sendPlan({
      maxSendRate,
      instanceMaxRate,
      pageSize: 50,
      sesLatencyMs: 80,
      dynamoLatencyMs: 15,
    });
    expect(plan.instances).toBeGreaterThanOrEqual(2);
    const stamps: number[] = [];
    const perInstance = Math.ceil(plan.ratePerInstance * seconds);
    // Each instance is a process of its own in production: its own SES client and its own token bucket.
    const instances = Array.from({ length: plan.instances }, () => {
      const ses = rate.createSenderSes(deps.config);
      ses.middlewareStack.add(
        (next) => async (args) => {
          // Where the request leaves the client (after its token); then AWS-like latency, 30–80 ms.
          stamps.push(performance.now());
          await new Promise((r) => setTimeout(r, 30 + Math.random() * 50));
          return next(args);
        },
        { step: 'initialize', name: 'stampAndDelay' },
      );
      return rate.createPacedMailer(mailerMod.createSesMailer(ses, deps.config), {
        accountRate: maxSendRate,
        concurrency: plan.instances,
        attempts: 3,
      });
    });
    const to = `instances-${maxSendRate}@example.com`;
    // A client's first request also loads the SDK's HTTP and signing code: keep it out of the measure.
    await Promise.all(instances.map((m) => m.send({ to, subject: 'warm-up', html: '<p>x</p>', text: 'x' })));
    stamps.length = 0;
    await Promise.all(
      instances.map(async (mailer) => {
        let left = perInstance;
        await Promise.all(
          // Three times the planned lanes: the token buckets alone must hold the rate, however hard they are pushed.
          Array.from({ length: 3 * plan.sendsInFlight }, async () => {
            while (left-- > 0) await mailer.send({ to, subject: 'rate', html: '<p>x</p>', text: 'x' });
          }),
        );
      }),
    );
    expect(stamps).toHaveLength(perInstance * plan.instances);
    expect(maxInOneSecond(stamps)).toBeLessThanOrEqual(maxSendRate);
    // Not vacuous: the instances' sends do add up in one window (more than any one instance may send). How
    // near the rate they come depends on the SES emulator's speed on a shared machine; the bench measures it.
    expect(maxInOneSecond(stamps)).toBeGreaterThan(plan.ratePerInstance);
  },
);
