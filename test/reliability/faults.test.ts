import { startTestApp } from '../support/app';
import { testQueueUrl } from '../support/seed';
import { runFaultEdition } from './support/fault-edition';

/** Short fault run over one edition (the long one, 10,000 readers: `npm run soak`). */
const queueUrl = testQueueUrl();
let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp({
    SEND_QUEUE_URL: queueUrl,
    SEND_VISIBILITY_TIMEOUT_SECONDS: '4',
    SEND_GRACE_SECONDS: '15',
    MAX_SEND_RATE: '2000',
    SEND_PAGE_SIZE: '10',
    SES_THROTTLE_ATTEMPTS: '10',
  });
});
afterAll(() => app.stop());

test("faults over one edition: nothing twice, nobody who left, nobody missing (SES's events settle every claim)", async () => {
  const f = await runFaultEdition({
    deps: app.deps,
    queueUrl,
    readers: Number(process.env.RELIABILITY_READERS ?? 200),
    sendsBetweenDeaths: [50, 150],
    date: '2026-09-02',
    eventsSettled: app.sesEventsSettled,
  });
  console.log(`fault run (short): ${JSON.stringify(f, null, 1)}`);
  expect(f.duplicates).toBe(0);
  expect(f.mailedUnsubscribedOrSuppressed).toBe(0);
  expect(f.missing).toBe(0);
  expect(f.sentRecordsWithoutOneEmail).toBe(0);
  expect(f.rejectedReaders).toBe(0);
  // The faults really happened, on the event path too.
  expect(f.injected['events: delayed past half the grace window']).toBeGreaterThan(0);
  expect(f.injected['ses: throttled']).toBeGreaterThan(0);
  expect(f.injected['dynamo: throttled']).toBeGreaterThan(0);
  expect(
    (f.injected['sender died before a send'] ?? 0) + (f.injected['sender died after a send'] ?? 0),
  ).toBeGreaterThan(0);
}, 400_000);
