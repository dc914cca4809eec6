import { randomBytes } from 'node:crypto';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { createLogger } from '../../functions/adapters/logger';
import { createConfig } from '../../functions/config';
import { compose, type Root } from '../../functions/roots/compose';
import { upstreamSources } from '../../functions/roots/sources';
import type { ThrottleBudgets } from '../../infra/api-throttles';
import { freePort } from '../../infra/local/emulators';
import { localQueueUrl } from '../../infra/local/send-queue';
import { startApp } from '../../infra/local/stack';

/** A root of the test's own: the log lines it wrote are kept (not printed) for a test to read. */
export type TestRoot = Root & { logLines: string[]; env: Record<string, string | undefined> };

/**
 * A composition root for a test file: the shared emulators (their endpoints come from global-setup,
 * the one thing read from the environment), tables of its own (a random TABLE_PREFIX) and `env` on top.
 * Nothing is written to `process.env`: a test that runs a CLI hands it `root.env`.
 */
export function createTestRoot(env: Record<string, string> = {}): TestRoot {
  const full = {
    ...process.env,
    TABLE_PREFIX: `t${randomBytes(4).toString('hex')}-`,
    ...env,
  };
  const logLines: string[] = [];
  // No local defaults (no send queue unless a test names one): the emulators are global-setup's.
  const log = createLogger({
    serviceName: 'test',
    logLevel: 'DEBUG',
    sink: (line) => void logLines.push(line),
  });
  const root = compose(createConfig(full), { log, sources: upstreamSources });
  return Object.assign(root, { logLines, env: full });
}

/**
 * Starts the local stack's HTTP API in this test file's process, against the shared emulators, on
 * tables of its own, with the test's root; `env` overrides config variables for this file.
 * SES goes through this file's own SES event stand-in (`infra/local/ses-events.ts`), which publishes
 * every accepted email's SES events to this file's own `ses-events` queue, polled into the ses-events
 * handler: the tests run the cloud path of SES events.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  opts: { throttles?: ThrottleBudgets } = {},
) {
  const [port, sesPort] = [await freePort(), await freePort()];
  const upstream = process.env.SES_EMULATOR_ENDPOINT ?? (process.env.SES_ENDPOINT as string);
  const sqsPort = Number(new URL(process.env.SQS_ENDPOINT as string).port);
  const prefix = `t${randomBytes(4).toString('hex')}-`;
  const root = createTestRoot({
    TABLE_PREFIX: prefix,
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    SES_ENDPOINT: `http://127.0.0.1:${sesPort}`,
    SES_EVENTS_QUEUE_URL: localQueueUrl('us-east-1', sqsPort, `${prefix}ses-events`),
    ...env,
  });
  const app = await startApp({
    root,
    port,
    sesEvents: { upstream, port: sesPort, visibilityTimeoutSeconds: 2 },
    throttles: opts.throttles,
  });
  const deps = root;
  /** Waits until every SES event of the emails sent so far has been published and handled. */
  const sesEventsSettled = async (timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    await app.sesEvents?.published();
    for (;;) {
      const out = await deps.aws.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: deps.config.SES_EVENTS_QUEUE_URL,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      const n =
        Number(out.Attributes?.ApproximateNumberOfMessages ?? 0) +
        Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
      if (n === 0) return;
      if (Date.now() > deadline) throw new Error(`${n} SES event(s) still queued`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { url: app.url, deps, root, stop: app.stop, sesEventsSettled };
}
