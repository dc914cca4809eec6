import { SESv2Client, SendEmailCommand, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import type { Root } from '../../functions/roots/compose';
import { startTestApp } from '../support/app';
import { emailsTo, uniqueEmail, waitForEmail } from '../support/inbox';
import { makePaper, putPapers, putSubscriber } from '../support/seed';

const DATE = '2026-07-30';
let app: Awaited<ReturnType<typeof startTestApp>>;
let deps: Root;
let rate: typeof import('../../functions/adapters/send-rate');
let mailerMod: typeof import('../../functions/adapters/mailer');

beforeAll(async () => {
  app = await startTestApp({ MAX_SEND_RATE: '4', SENDER_CONCURRENCY: '2' });
  deps = app.deps;
  rate = await import('../../functions/adapters/send-rate');
  mailerMod = await import('../../functions/adapters/mailer');
});
afterAll(() => app.stop());

const throttled = () =>
  new TooManyRequestsException({
    message: 'Maximum sending rate exceeded.',
    $metadata: { httpStatusCode: 429 },
  });

test('MaxSendRate comes from SES GetAccount unless MAX_SEND_RATE overrides it', async () => {
  const ses = rate.createSenderSes(deps.config);
  expect(await rate.accountMaxSendRate(ses, { ...deps.config, MAX_SEND_RATE: undefined })).toBe(14);
  expect(await rate.accountMaxSendRate(ses, deps.config)).toBe(4);
});

test('each instance sends at most rate / concurrency per second, measured at the SES client', async () => {
  const ses = rate.createSenderSes(deps.config);
  const stamps: number[] = [];
  // Observes (does not replace) each request as it leaves the real client.
  ses.middlewareStack.add(
    (next) => async (args) => {
      stamps.push(performance.now());
      return next(args);
    },
    { step: 'finalizeRequest' },
  );
  const paced = rate.createPacedMailer(mailerMod.createSesMailer(ses, deps.config), {
    accountRate: 4,
    concurrency: 2,
    attempts: 3,
  });
  expect(paced.ratePerSecond).toBe(2);
  const to = uniqueEmail('paced');
  // The first request of a client also resolves its endpoint and credentials: keep it out of the measure.
  await paced.send({ to, subject: 'warm-up', html: '<p>x</p>', text: 'x' });
  stamps.length = 0;
  await Promise.all(
    Array.from({ length: 5 }, (_, i) => paced.send({ to, subject: `n${i}`, html: '<p>x</p>', text: 'x' })),
  );
  expect(await emailsTo(to)).toHaveLength(6);
  const gaps = stamps.slice(1).map((t, i) => t - (stamps[i] as number));
  // 2/s: tokens are granted 500 ms apart, but a request leaves the client after some event-loop jitter,
  // which on a loaded 2-core machine reached 100+ ms (seen in a full run). One late request shortens the
  // next gap by as much, so single gaps get a jitter allowance; the span of the five cannot be shortened
  // by jitter at its ends by more than one allowance, and any burst (gaps near 0) still fails.
  for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(250);
  expect((stamps.at(-1) as number) - (stamps[0] as number)).toBeGreaterThanOrEqual(4 * 500 - 250);
});

test("the window holds at a stamp taken inside the client, even when the process stalls between the pacer's clock and it", async () => {
  const ses = rate.createSenderSes(deps.config);
  const stamps: number[] = [];
  // A synchronous stall (a preempted process, a GC pause) between the pacer's clock and an observer's
  // stamp, on the first request only.
  let stalls = 1;
  ses.middlewareStack.add(
    (next) => (args) => {
      const until = performance.now() + (stalls-- > 0 ? 60 : 0);
      while (performance.now() < until);
      return next(args);
    },
    { step: 'initialize', name: 'stall' },
  );
  ses.middlewareStack.add(
    (next) => (args) => {
      stamps.push(performance.now());
      return next(args);
    },
    { step: 'initialize', priority: 'low', name: 'stamp' },
  );
  const paced = rate.createPacedMailer(mailerMod.createSesMailer(ses, deps.config), {
    accountRate: 1,
    concurrency: 1,
    attempts: 1,
  });
  const to = uniqueEmail('stalled');
  await Promise.all(
    Array.from({ length: 3 }, (_, i) => paced.send({ to, subject: `s${i}`, html: '<p>x</p>', text: 'x' })),
  );
  // 1/s: the stamps inside are a full second apart; had the pacer taken its time before the stall, the
  // next send would have been granted 60 ms early as seen from the stamp.
  const gaps = stamps.slice(1).map((t, i) => t - (stamps[i] as number));
  for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1000);
});

test('SES throttling is retried with backoff until SES takes the email', async () => {
  const ses = rate.createSenderSes(deps.config);
  const real = new SESv2Client({
    region: 'us-east-1',
    endpoint: deps.config.SES_ENDPOINT,
    credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
  });
  const mock = mockClient(ses);
  // Fault injection only: two throttles, then the real emulator gets the request.
  mock
    .on(SendEmailCommand)
    .rejectsOnce(throttled())
    .rejectsOnce(throttled())
    .callsFake((input) => real.send(new SendEmailCommand(input)));
  const paced = rate.createPacedMailer(mailerMod.createSesMailer(ses, deps.config), {
    accountRate: 100,
    concurrency: 1,
    attempts: 5,
    startingDelayMs: 20,
  });
  const to = uniqueEmail('throttled');
  await paced.send({ to, subject: 'hi', html: '<p>x</p>', text: 'x' });
  expect(mock.commandCalls(SendEmailCommand)).toHaveLength(3);
  expect(await emailsTo(to)).toHaveLength(1);
  mock.restore();
});

test('throttled past every retry: the page fails, the claim is released, and the redelivery sends', async () => {
  const { createSenderDeps } = await import('../../functions/roots/sender');
  const { sendDigestPage } = await import('../../functions/use-cases/send-digest');
  const { planEdition } = await import('../../functions/use-cases/plan-edition');
  await putPapers(deps, [makePaper(DATE, { title: 'Throttled paper', upvotes: 3 })]);
  const pages: { editionId: string; subscriberIds: string[] }[] = [];
  const to = uniqueEmail('retry');
  const s = await putSubscriber(deps, to);
  await planEdition({ ...deps, sendQueue: { enqueue: async (p) => void pages.push(...p) } }, DATE);
  const page = { editionId: `daily#${DATE}`, subscriberIds: [s.id] };

  const ses = rate.createSenderSes(deps.config);
  const mock = mockClient(ses);
  mock.on(SendEmailCommand).rejects(throttled());
  const throttledDeps = await createSenderDeps(
    { ...deps, config: { ...deps.config, SES_THROTTLE_ATTEMPTS: 2 } },
    ses,
  );
  const first = await sendDigestPage(throttledDeps, page);
  expect(first).toMatchObject({ ok: false, outcomes: { failed: 1, sent: 0 } });
  expect(await deps.deliveries.get(s.id, page.editionId)).toBeUndefined();
  mock.restore();

  const healthy = await createSenderDeps(deps);
  expect(await sendDigestPage(healthy, page)).toMatchObject({ ok: true, outcomes: { sent: 1 } });
  await waitForEmail(to);
  expect(pages.some((p) => p.subscriberIds.includes(s.id))).toBe(true);
});
