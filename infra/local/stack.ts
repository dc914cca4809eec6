import { provideTemplatesFromSources } from '../../functions/adapters/template-compiler';
import { getConfig } from '../../functions/config';
import { getDeps } from '../../functions/deps';
import { handler as apiHandler } from '../../functions/handlers/api';
import { handler as ingestHandler, scheduledEvent } from '../../functions/handlers/ingest';
import { handler as plannerHandler } from '../../functions/handlers/planner';
import { handler as senderHandler } from '../../functions/handlers/sender';
import { handler as sesEventsHandler } from '../../functions/handlers/ses-events';
import { startHttpServer } from './http-server';
import { type ScheduledJob, startSchedules } from './schedules';
import { ensureSendQueue } from './send-queue';
import { type SesEventStandIn, sqsPublisher, startSesEventStandIn } from './ses-events';
import { createSqsPoller } from './sqs-poller';
import { ensureTables } from './tables';

/**
 * Wires the same Lambda handlers the cloud runs to local transports: HTTP in place of API Gateway,
 * croner in place of EventBridge. Emulators must already be up and the environment set.
 */
export async function startApp(opts: {
  port: number;
  schedules?: ScheduledJob[];
  log?: (line: string) => void;
  /** Poll the send queue into the sender handler, as Lambda's event source mapping does. */
  pollSendQueue?: boolean;
  /**
   * SES's event publishing, locally: a proxy on `port` (config SES_ENDPOINT must point at it) in front of
   * the SES emulator at `upstream` turns each accepted email into SES events on the SES_EVENTS_QUEUE_URL
   * queue, which is polled into the ses-events handler (`infra/local/ses-events.ts`).
   */
  sesEvents?: { upstream: string; port: number; visibilityTimeoutSeconds?: number };
}) {
  // Templates are compiled once per process, here, as the build does for the Lambda bundles.
  await provideTemplatesFromSources();
  const deps = getDeps();
  await ensureTables(deps.aws.dynamo, deps.config.tables);
  if (deps.config.SEND_QUEUE_URL)
    await ensureSendQueue(
      deps.aws.sqs,
      deps.config.SEND_QUEUE_URL,
      deps.config.SEND_VISIBILITY_TIMEOUT_SECONDS,
    );
  let standIn: SesEventStandIn | undefined;
  let sesEventsPoller: { stop(): Promise<void> } | undefined;
  const eventsQueueUrl = deps.config.SES_EVENTS_QUEUE_URL;
  if (opts.sesEvents && eventsQueueUrl) {
    await ensureSendQueue(
      deps.aws.sqs,
      eventsQueueUrl,
      opts.sesEvents.visibilityTimeoutSeconds ?? 5,
      'SES_EVENTS_QUEUE_URL',
    );
    standIn = await startSesEventStandIn({
      upstream: opts.sesEvents.upstream,
      port: opts.sesEvents.port,
      publish: sqsPublisher(() => deps.aws.sqs, eventsQueueUrl),
      log: opts.log,
    });
    sesEventsPoller = createSqsPoller({
      sqs: deps.aws.sqs,
      queueUrl: eventsQueueUrl,
      handler: sesEventsHandler,
      region: deps.config.AWS_REGION,
      waitTimeSeconds: 1,
      log: opts.log,
    }).start();
  }
  const http = await startHttpServer(apiHandler, opts.port);
  const schedules = startSchedules(opts.schedules ?? [], opts.log ?? (() => {}));
  const poller =
    opts.pollSendQueue && deps.config.SEND_QUEUE_URL
      ? createSqsPoller({
          sqs: deps.aws.sqs,
          queueUrl: deps.config.SEND_QUEUE_URL,
          handler: senderHandler,
          region: deps.config.AWS_REGION,
          log: opts.log,
        }).start()
      : undefined;
  return {
    url: http.url,
    port: http.port,
    schedules,
    sesEvents: standIn,
    stop: async () => {
      schedules.stop();
      await poller?.stop();
      await http.stop();
      await standIn?.stop();
      await sesEventsPoller?.stop();
    },
  };
}

/** Scheduled jobs of the local stack: the handlers CDK schedules, on the same cron strings. */
export function localJobs(): ScheduledJob[] {
  const config = getConfig();
  return [
    {
      name: 'digest',
      cron: config.DIGEST_SCHEDULE,
      run: () => plannerHandler({ time: new Date().toISOString() }),
    },
    { name: 'ingest', cron: config.INGEST_SCHEDULE, run: () => ingestHandler(scheduledEvent(new Date())) },
  ];
}
