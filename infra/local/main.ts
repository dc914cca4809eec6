import { DEFAULT_THROTTLE_BUDGETS } from '../api-throttles';
import {
  assertPortFree,
  type Emulator,
  freePort,
  LocalStackError,
  startDynamoDb,
  startSes,
  startSqs,
} from './emulators';
import { localPort } from './env';
import { createLocalRoot } from './root';

/**
 * `npm start`: the whole service on this machine, on embedded defaults. The process entry point: it
 * hands `process.env` to the local composition root (infra/local/root.ts), and nothing else reads it.
 */
async function main() {
  const env = process.env;
  const ports = {
    dynamodb: localPort('dynamodb', env),
    ses: localPort('ses', env),
    sqs: localPort('sqs', env),
  };
  // Config is validated before anything starts, so a bad variable is one line, not a half-started stack.
  const root = createLocalRoot(env, { serviceName: 'papers-inbox' });
  const { config } = root;

  await assertPortFree(ports.dynamodb, 'DynamoDB Local', 'DYNAMODB_PORT');
  await assertPortFree(ports.ses, 'SES emulator', 'SES_PORT');
  await assertPortFree(ports.sqs, 'SQS emulator', 'SQS_PORT');
  await assertPortFree(config.PORT, 'HTTP API', 'PORT');

  const emulators: Emulator[] = [];
  const stopAll = async () => {
    await Promise.allSettled(emulators.map((e) => e.stop()));
  };
  // The SES emulator listens on a port of its own; SES_PORT is the SES event stand-in in front of it.
  const sesEmulatorPort = await freePort();
  try {
    emulators.push(
      ...(await Promise.all([
        startDynamoDb(ports.dynamodb, `${config.DATA_DIR}/dynamodb`),
        startSes(sesEmulatorPort),
        startSqs(ports.sqs),
      ])),
    );
  } catch (err) {
    await stopAll();
    throw err;
  }

  const { startApp, localJobs } = await import('./stack');
  const app = await startApp({
    root,
    port: config.PORT,
    schedules: localJobs(root),
    pollSendQueue: true,
    sesEvents: { upstream: `http://127.0.0.1:${sesEmulatorPort}`, port: ports.ses },
    // API Gateway's per-route limits, at the deploy's defaults.
    throttles: DEFAULT_THROTTLE_BUDGETS,
  });
  // Readers stored before delivery slots existed (an older DATA_DIR) are filed under their next delivery.
  const { backfillSlots } = await import('../../functions/use-cases/backfill-slots');
  await backfillSlots(root);

  console.log(`
papers-inbox is running locally
  Signup page     ${config.PUBLIC_BASE_URL}/
  HTTP API        ${app.url}   (health: ${app.url}/healthz)
  Local inbox     http://127.0.0.1:${ports.ses}/   (JSON: http://127.0.0.1:${ports.ses}/store)
  DynamoDB Local  http://127.0.0.1:${ports.dynamodb}   (data in ${config.DATA_DIR}/dynamodb)
  SQS (fauxqs)    http://127.0.0.1:${ports.sqs}   (send queue ${config.SEND_QUEUE_URL}, polled into the sender)
  SES events      every accepted email → Send, Delivery (bounce@ / complaint@simulator.amazonses.com: Bounce, Complaint)
                  → ${config.SES_EVENTS_QUEUE_URL}, polled into the ses-events handler
${app.schedules
  .next()
  .map((s) => `  Schedule        ${s.name} "${s.cron}" UTC, next ${s.next?.toISOString() ?? 'never'}`)
  .join('\n')}
Press Ctrl-C to stop.`);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    await app.stop();
    await stopAll();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err) => {
  const known =
    err instanceof LocalStackError || err?.name === 'ConfigError' || err?.constructor?.name === 'ConfigError';
  console.error(`papers-inbox: ${known ? err.message : `could not start: ${String(err?.message ?? err)}`}`);
  process.exit(1);
});
