import autocannon from 'autocannon';
import { subscriberIdFor } from '../../functions/core/subscriber-id';
import { issueToken } from '../../functions/core/tokens';
import { DEFAULT_THROTTLE_BUDGETS } from '../../infra/api-throttles';
import { startTestApp } from '../support/app';
import { uniqueEmail } from '../support/inbox';
import { putSubscriber } from '../support/seed';

/**
 * Per-route throttling through HTTP (the local stand-in for API Gateway applies the same route table as
 * CDK, `infra/api-throttles.ts`): a signup storm at 10× both its limits — the route's rate and the
 * per-client hourly limit — while readers press one-click unsubscribe. Signups beyond the limits get 429;
 * every one-click unsubscribe gets 200 and unsubscribes.
 */
const SIGNUP_RATE = 4; // the route's budget: requests per second, burst as large
const PER_CLIENT = 16; // SIGNUP_LIMIT_PER_IP_PER_HOUR
const SECONDS = 4;
const SIGNUPS = 10 * SIGNUP_RATE * SECONDS; // = 10 × PER_CLIENT too
const READERS = 40;

let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp(
    { SIGNUP_LIMIT_PER_IP_PER_HOUR: String(PER_CLIENT) },
    {
      throttles: {
        ...DEFAULT_THROTTLE_BUDGETS,
        signup: { rateLimit: SIGNUP_RATE, burstLimit: SIGNUP_RATE },
      },
    },
  );
});
afterAll(() => app.stop());

const statusesOf = (result: autocannon.Result) =>
  Object.fromEntries(
    ['1xx', '2xx', '3xx', '4xx', '5xx'].map((k) => [k, result[k as '2xx'] as number]).filter(([, n]) => n),
  );

test('a signup storm at 10× its limits: signups get 429, every one-click unsubscribe succeeds', async () => {
  const secret = await app.deps.signingSecret();
  const readers = await Promise.all(
    Array.from({ length: READERS }, async (_, i) => {
      const s = await putSubscriber(app.deps, uniqueEmail(`storm-${i}`));
      return {
        email: s.email,
        token: issueToken(secret, { subscriberId: s.id, purpose: 'manage', version: 0 }),
      };
    }),
  );
  const signupStatuses: Record<number, number> = {};
  let seq = 0;
  let next = 0;
  const unsubscribeStatuses: Record<number, number> = {};
  const [signups, unsubscribes] = await Promise.all([
    autocannon({
      url: `${app.url}/subscriptions`,
      connections: 10,
      overallRate: SIGNUPS / SECONDS,
      amount: SIGNUPS,
      timeout: 30,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          setupRequest: (req) => ({
            ...req,
            body: JSON.stringify({
              email: uniqueEmail(`flood-${seq++}`),
              topics: ['llm'],
              frequency: 'daily',
            }),
          }),
          onResponse: (status) => {
            signupStatuses[status] = (signupStatuses[status] ?? 0) + 1;
          },
        },
      ],
    }),
    // RFC 8058: what a mailbox provider POSTs when a reader presses its Unsubscribe button.
    autocannon({
      url: app.url,
      connections: 4,
      overallRate: READERS / SECONDS,
      amount: READERS,
      timeout: 30,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
          setupRequest: (req) => ({ ...req, path: `/unsubscribe?token=${readers[next++]?.token}` }),
          onResponse: (status) => {
            unsubscribeStatuses[status] = (unsubscribeStatuses[status] ?? 0) + 1;
          },
        },
      ],
    }),
  ]);
  console.log(
    `route throttling: signups ${JSON.stringify(signupStatuses)} (${statusesOf(signups)['2xx'] ?? 0} 2xx), one-click ${JSON.stringify(unsubscribeStatuses)}, ${signups.duration} s`,
  );

  // The storm really hit its limits: most signups refused, none let through beyond the per-client limit.
  expect(signups.errors + signups.timeouts).toBe(0);
  expect(Object.keys(signupStatuses).sort()).toEqual(['202', '429']);
  expect(signupStatuses[202]).toBeLessThanOrEqual(PER_CLIENT);
  expect(signupStatuses[429]).toBeGreaterThanOrEqual(SIGNUPS - PER_CLIENT);
  // Every one-click unsubscribe succeeded, and every reader is unsubscribed.
  expect(unsubscribes.errors + unsubscribes.timeouts).toBe(0);
  expect(unsubscribeStatuses).toEqual({ 200: READERS });
  const stored = await Promise.all(readers.map((r) => app.deps.subscribers.get(subscriberIdFor(r.email))));
  expect(stored.map((s) => s?.status)).toEqual(readers.map(() => 'unsubscribed'));
}, 60_000);

test('the gateway answers 429 as API Gateway does, before the app runs, on the throttled route only', async () => {
  // The signup route's bucket is spent by the storm above (4 per second); the health route is $default's.
  const burst = await Promise.all(
    Array.from({ length: 12 }, () =>
      fetch(`${app.url}/subscriptions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: uniqueEmail('burst') }),
      }),
    ),
  );
  const bodies = await Promise.all(burst.filter((r) => r.status === 429).map((r) => r.json()));
  // The gateway's own answer (the app's per-client 429 says why in `error`).
  expect(bodies).toContainEqual({ message: 'Too Many Requests' });
  expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
});
