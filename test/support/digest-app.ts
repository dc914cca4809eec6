import { createPlannerHandler } from '../../functions/handlers/planner';
import { createSenderHandler } from '../../functions/handlers/sender';
import { createSqsPoller } from '../../infra/local/sqs-poller';
import { startTestApp } from './app';
import { testQueueUrl } from './seed';

type QueueHandler = Parameters<typeof createSqsPoller>[0]['handler'];

/**
 * The local stack with a send queue of the file's own and the planner and sender handlers as Lambda
 * runs them, built from the file's root: the setup every digest journey shares. `env` adds to (or
 * overrides) `SEND_QUEUE_URL` and `MAX_SEND_RATE=200`.
 */
export async function startDigestApp(env: Record<string, string> = {}) {
  const queueUrl = testQueueUrl();
  const app = await startTestApp({ SEND_QUEUE_URL: queueUrl, MAX_SEND_RATE: '200', ...env });
  const planner = createPlannerHandler(app.deps);
  const sender = createSenderHandler(app.deps);

  /** Runs the queue dry the way Lambda would: until nothing is visible or in flight. */
  const drain = async (handler: QueueHandler = sender, timeoutMs = 20_000) => {
    const p = createSqsPoller({ sqs: app.deps.aws.sqs, queueUrl, handler, region: 'us-east-1' });
    const deadline = Date.now() + timeoutMs;
    while ((await p.pollOnce(1)) > 0 || (await p.backlog()) > 0)
      if (Date.now() > deadline) throw new Error('queue did not drain');
  };

  /** The planner for `date`, then the queue drained by the sender: one edition, start to inbox. */
  const runDigest = async (date: string, timeoutMs?: number) => {
    const summary = await planner({ date });
    await drain(sender, timeoutMs);
    return summary;
  };

  return { ...app, queueUrl, planner, sender, drain, runDigest };
}

export type DigestApp = Awaited<ReturnType<typeof startDigestApp>>;
