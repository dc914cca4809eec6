import {
  assertPortFree,
  type Emulator,
  freePort,
  LocalStackError,
  startDynamoDb,
  startSes,
  startSqs,
} from './emulators';
import { applyLocalEnv, localPort } from './env';

/** `npm start`: the whole service on this machine, on embedded defaults. */
async function main() {
  const ports = { dynamodb: localPort('dynamodb'), ses: localPort('ses'), sqs: localPort('sqs') };
  applyLocalEnv(process.env, ports);
  // Config is validated before anything starts, so a bad variable is one line, not a half-started stack.
  const { getConfig } = await import('../../functions/config');
  const config = getConfig();

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
  const log = (line: string) => console.log(`[${new Date().toISOString()}] ${line}`);
  const app = await startApp({
    port: config.PORT,
    schedules: localJobs(),
    log,
    pollSendQueue: true,
    sesEvents: { upstream: `http://127.0.0.1:${sesEmulatorPort}`, port: ports.ses },
  });

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
