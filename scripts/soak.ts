import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Emulator, freePort, startDynamoDb, startSes, startSqs } from '../infra/local/emulators';
import { localQueueUrl } from '../infra/local/send-queue';
import { createTestRoot } from '../test/support/app';

/**
 * `npm run soak [-- --readers N --seconds S --only load|faults]`: the long reliability runs on fresh
 * in-memory emulators (free ports): signups under autocannon at concurrency 50 for 30 s, then one edition
 * for 10,000 readers under injected faults. Prints the figures the README's "Reliability" section quotes.
 * The short versions of both run in `npm test` (test/reliability/).
 */
async function main() {
  const { values } = parseArgs({
    options: {
      readers: { type: 'string', default: '10000' },
      seconds: { type: 'string', default: '30' },
      only: { type: 'string' },
      explain: { type: 'boolean' },
      /**
       * SEND_GRACE_SECONDS of the run (AWS: 1800); the event-path faults delay events by more than half of
       * it. 60 s: on this shared 2-core machine the local event path alone takes up to ~30 s under load.
       */
      grace: { type: 'string', default: '60' },
    },
  });
  const readers = Number(values.readers);
  const seconds = Number(values.seconds);
  if (!(readers > 0) || !(seconds > 0)) throw new Error('--readers and --seconds must be positive numbers');

  const [dynamoPort, sesPort, sqsPort, appPort, standInPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const emulators: Emulator[] = await Promise.all([
    startDynamoDb(dynamoPort),
    startSes(sesPort),
    startSqs(sqsPort),
  ]);
  const queueUrl = localQueueUrl('us-east-1', sqsPort, `soak-${randomBytes(3).toString('hex')}-send`);
  // The SDK reads this one itself; everything else goes to the soak's own root.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const root = createTestRoot({
    DYNAMODB_ENDPOINT: `http://127.0.0.1:${dynamoPort}`,
    // Through the SES event stand-in (infra/local/ses-events.ts): every accepted email publishes its events.
    SES_ENDPOINT: `http://127.0.0.1:${standInPort}`,
    SES_EVENTS_QUEUE_URL: localQueueUrl(
      'us-east-1',
      sqsPort,
      `soak-${randomBytes(3).toString('hex')}-ses-events`,
    ),
    SQS_ENDPOINT: `http://127.0.0.1:${sqsPort}`,
    AWS_REGION: 'us-east-1',
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'papers-inbox-soak-')),
    TABLE_PREFIX: 'soak-',
    PORT: String(appPort),
    PUBLIC_BASE_URL: `http://127.0.0.1:${appPort}`,
    // The rate limit keys on the connection's address (X-Forwarded-For is not trusted): raised for the run.
    SIGNUP_LIMIT_PER_IP_PER_HOUR: '1000000000',
    SEND_QUEUE_URL: queueUrl,
    SEND_VISIBILITY_TIMEOUT_SECONDS: '6',
    SEND_GRACE_SECONDS: values.grace,
    MAX_SEND_RATE: '2000',
    SEND_PAGE_SIZE: '10',
    SES_THROTTLE_ATTEMPTS: '10',
  });
  const { startApp } = await import('../infra/local/stack');
  const app = await startApp({
    root,
    port: appPort,
    // Four batches at once, as Lambda's SQS event source scales out (one would lag behind 10,000 sends).
    sesEvents: {
      upstream: `http://127.0.0.1:${sesPort}`,
      port: standInPort,
      visibilityTimeoutSeconds: 2,
      pollers: 4,
    },
  });
  const deps = root;
  console.log(
    `soak ${new Date().toISOString()} on ${os.cpus().length} cores (${os.cpus()[0]?.model}), load average ${os
      .loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')}`,
  );
  try {
    if (!values.only || values.only === 'load') {
      const { runSignupLoad } = await import('../test/reliability/support/signup-load');
      const f = await runSignupLoad({ url: app.url, deps, connections: 50, durationSeconds: seconds });
      console.log(`\n== signup load: concurrency ${f.connections}, ${f.durationSeconds} s`);
      console.log(
        `  requests answered ${f.requests}, ${f.requestsPerSecond} req/s, p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms`,
      );
      console.log(
        `  statuses ${JSON.stringify(f.statuses)}; errors (not 202/429) ${f.errors}; 429s ${f.rateLimited}`,
      );
      console.log(
        `  accepted ${f.accepted}: stored exactly once ${f.storedOnce}, not exactly once ${f.notStoredOnce}; unexpected items ${f.unexpectedItems}; stored but unanswered at the stop ${f.unansweredStored}`,
      );
    }
    if (!values.only || values.only === 'faults') {
      const { runFaultEdition } = await import('../test/reliability/support/fault-edition');
      const f = await runFaultEdition({
        deps,
        queueUrl,
        readers,
        sendsBetweenDeaths: [200, 800],
        date: '2026-09-02',
        log: (l) => console.log(`  ${l}`),
      });
      console.log(`\n== faults: one edition, ${f.readers} readers, ${f.seconds} s`);
      console.log(
        `  expected ${f.expected}, emails ${f.mailed}, duplicates ${f.duplicates}, missing ${f.missing}`,
      );
      console.log(
        `  ambiguous faults injected ${f.ambiguousFaults} (each settled by SES's events); sent once more after the grace window ${f.resent}`,
      );
      console.log(
        `  SES Send events received ${f.sendEvents.handled}, slowest ${f.sendEvents.slowestMs} ms, later than window + grace (${f.sendEvents.graceSeconds} s) ${f.sendEvents.laterThanGrace} (rate ${(f.sendEvents.laterThanGrace / Math.max(1, f.sendEvents.handled)).toFixed(5)}); second copies SES reported ${f.secondCopies}`,
      );
      console.log(
        `  mailed while unsubscribed/suppressed/pending ${f.mailedUnsubscribedOrSuppressed}; ledger 'sent' without exactly one email ${f.sentRecordsWithoutOneEmail}; rejected ${f.rejectedReaders}`,
      );
      console.log(
        `  duplicate pages ${f.duplicatePages}; SQS messages handled ${f.sqsReceivesHandled}; dead-lettered and redriven ${f.deadLettered}`,
      );
      console.log(`  injected ${JSON.stringify(f.injected)}`);
      if (values.explain) {
        for (const l of f.missingExplained) console.log(`  missing: ${l}`);
        for (const l of f.duplicatesExplained) console.log(`  twice: ${l}`);
      }
      const ok =
        f.duplicates === 0 &&
        f.missing === 0 &&
        f.mailedUnsubscribedOrSuppressed === 0 &&
        f.sentRecordsWithoutOneEmail === 0 &&
        f.rejectedReaders === 0;
      if (!ok) process.exitCode = 1;
    }
  } finally {
    await app.stop();
    await Promise.allSettled(emulators.map((e) => e.stop()));
  }
}

main().catch((err) => {
  console.error(`soak failed: ${err?.stack ?? err}`);
  process.exit(1);
});
