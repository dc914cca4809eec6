import { startTestApp } from '../support/app';
import { runSignupLoad } from './support/signup-load';

/**
 * Short load run (the long one: `npm run soak`). The app keys its rate limit on the connection's
 * source address (API Gateway's sourceIp; X-Forwarded-For is not trusted), so the run raises the
 * per-IP limit instead of spoofing addresses.
 */
let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp({ SIGNUP_LIMIT_PER_IP_PER_HOUR: '1000000000' });
});
afterAll(() => app.stop());

test('signups at concurrency 50: no errors, every accepted address stored exactly once', async () => {
  const figures = await runSignupLoad({ url: app.url, deps: app.deps, connections: 50, durationSeconds: 5 });
  console.log(`signup load (short): ${JSON.stringify(figures)}`);
  expect(figures.errors).toBe(0);
  // Throughput depends on the (shared) machine; what must hold is correctness under 50 at once.
  expect(figures.accepted).toBeGreaterThan(1);
  expect(figures.accepted + figures.unansweredStored).toBeGreaterThan(50);
  expect(figures.notStoredOnce).toBe(0);
  expect(figures.storedOnce).toBe(figures.accepted);
  expect(figures.unexpectedItems).toBe(0);
}, 60_000);
