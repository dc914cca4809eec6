import { randomBytes } from 'node:crypto';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { freePort } from '../../infra/local/emulators';
import { localQueueUrl } from '../../infra/local/send-queue';

/**
 * Starts the local stack's HTTP API in this test file's process, against the shared emulators, on
 * tables of its own (a random TABLE_PREFIX), so test files never see each other's data.
 * SES goes through this file's own SES event stand-in (`infra/local/ses-events.ts`), which publishes
 * every accepted email's SES events to this file's own `ses-events` queue, polled into the ses-events
 * handler: the tests run the cloud path of SES events.
 * Call before anything reads config; `env` overrides config variables for this file.
 */
export async function startTestApp(env: Record<string, string> = {}) {
  const [port, sesPort] = [await freePort(), await freePort()];
  const upstream = process.env.SES_EMULATOR_ENDPOINT ?? (process.env.SES_ENDPOINT as string);
  const sqsPort = Number(new URL(process.env.SQS_ENDPOINT as string).port);
  const prefix = `t${randomBytes(4).toString('hex')}-`;
  process.env.TABLE_PREFIX = prefix;
  process.env.PORT = String(port);
  process.env.PUBLIC_BASE_URL = `http://127.0.0.1:${port}`;
  process.env.SES_ENDPOINT = `http://127.0.0.1:${sesPort}`;
  process.env.SES_EVENTS_QUEUE_URL = localQueueUrl('us-east-1', sqsPort, `${prefix}ses-events`);
  Object.assign(process.env, env);
  const { startApp } = await import('../../infra/local/stack');
  const { getDeps } = await import('../../functions/deps');
  const app = await startApp({ port, sesEvents: { upstream, port: sesPort, visibilityTimeoutSeconds: 2 } });
  const deps = getDeps();
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
  return { url: app.url, deps, stop: app.stop, sesEventsSettled };
}
