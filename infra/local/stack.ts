import { provideTemplatesFromSources } from '../../functions/adapters/template-compiler';
import { createApiHandler } from '../../functions/handlers/api';
import { createIngestHandler, scheduledEvent } from '../../functions/handlers/ingest';
import { createPlannerHandler } from '../../functions/handlers/planner';
import { createSenderHandler } from '../../functions/handlers/sender';
import { createSesEventsHandler } from '../../functions/handlers/ses-events';
import type { Root } from '../../functions/roots/compose';
import type { ThrottleBudgets } from '../api-throttles';
import { createGatewayThrottle } from './gateway-throttle';
import { startHttpServer } from './http-server';
import { type ScheduledJob, startSchedules } from './schedules';
import { ensureSendQueue } from './send-queue';
import { type SesEventStandIn, sqsPublisher, startSesEventStandIn } from './ses-events';
import { createSqsPoller } from './sqs-poller';
import { ensureTables } from './tables';

/**
 * Wires the same Lambda handlers the cloud runs to local transports: HTTP in place of API Gateway,
 * croner in place of EventBridge, a poller in place of the SQS event source. Each handler is built from
 * the local root (infra/local/root.ts), as `onLambda` builds it from the Lambda root on AWS.
 * Emulators must already be up.
 */
export async function startApp(opts: {
  root: Root;
  port: number;
  schedules?: ScheduledJob[];
  /** Poll the send queue into the sender handler, as Lambda's event source mapping does. */
  pollSendQueue?: boolean;
  /**
   * SES's event publishing, locally: a proxy on `port` (config SES_ENDPOINT must point at it) in front of
   * the SES emulator at `upstream` turns each accepted email into SES events on the SES_EVENTS_QUEUE_URL
   * queue, which is polled into the ses-events handler (`infra/local/ses-events.ts`).
   */
  sesEvents?: {
    upstream: string;
    port: number;
    visibilityTimeoutSeconds?: number;
    /** Batches handled at once (Lambda's SQS event source runs several); default 1. */
    pollers?: number;
  };
  /** API Gateway's per-route throttling (`infra/api-throttles.ts`); off when absent. */
  throttles?: ThrottleBudgets;
}) {
  const { root } = opts;
  // Templates are compiled once per process, here, as the build does for the Lambda bundles.
  await provideTemplatesFromSources();
  await ensureTables(root.aws.dynamo, root.config.tables);
  if (root.config.SEND_QUEUE_URL)
    await ensureSendQueue(
      root.aws.sqs,
      root.config.SEND_QUEUE_URL,
      root.config.SEND_VISIBILITY_TIMEOUT_SECONDS,
    );
  let standIn: SesEventStandIn | undefined;
  let sesEventsPollers: { stop(): Promise<void> }[] = [];
  const eventsQueueUrl = root.config.SES_EVENTS_QUEUE_URL;
  if (opts.sesEvents && eventsQueueUrl) {
    await ensureSendQueue(
      root.aws.sqs,
      eventsQueueUrl,
      opts.sesEvents.visibilityTimeoutSeconds ?? 5,
      'SES_EVENTS_QUEUE_URL',
    );
    standIn = await startSesEventStandIn({
      upstream: opts.sesEvents.upstream,
      port: opts.sesEvents.port,
      publish: sqsPublisher(() => root.aws.sqs, eventsQueueUrl),
      log: root.log,
    });
    const sesEventsHandler = createSesEventsHandler(root);
    sesEventsPollers = Array.from({ length: Math.max(1, opts.sesEvents.pollers ?? 1) }, () =>
      createSqsPoller({
        sqs: root.aws.sqs,
        queueUrl: eventsQueueUrl,
        handler: sesEventsHandler,
        region: root.config.AWS_REGION,
        waitTimeSeconds: 1,
        log: root.log,
      }).start(),
    );
  }
  const http = await startHttpServer(
    createApiHandler(root),
    opts.port,
    undefined,
    opts.throttles && createGatewayThrottle(opts.throttles),
  );
  const schedules = startSchedules(opts.schedules ?? [], root.log);
  const poller = opts.pollSendQueue ? sendQueuePoller(root)?.start() : undefined;
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
      await Promise.all(sesEventsPollers.map((p) => p.stop()));
    },
  };
}

/** The send queue polled into the sender handler (Lambda's event source mapping, locally); none without a queue. */
export function sendQueuePoller(
  root: Root,
  /** A bench's own sender instance (its SES client with latency injected) and the batch size CDK deploys. */
  opts: {
    sender?: Parameters<typeof createSenderHandler>[1];
    batchSize?: number;
    wrap?: <T>(run: () => T) => T;
  } = {},
) {
  if (!root.config.SEND_QUEUE_URL) return undefined;
  const handler = createSenderHandler(root, opts.sender);
  const wrap = opts.wrap ?? ((run) => run());
  return createSqsPoller({
    sqs: root.aws.sqs,
    queueUrl: root.config.SEND_QUEUE_URL,
    batchSize: opts.batchSize,
    handler: (event) => wrap(() => handler(event)),
    region: root.config.AWS_REGION,
    log: root.log,
  });
}

/** Scheduled jobs of the local stack: the handlers CDK schedules, on the same cron strings. */
export function localJobs(root: Root): ScheduledJob[] {
  const planner = createPlannerHandler(root);
  const ingest = createIngestHandler(root);
  return [
    {
      name: 'digest',
      cron: root.config.DIGEST_SCHEDULE,
      run: () => planner({ time: new Date().toISOString() }),
    },
    { name: 'ingest', cron: root.config.INGEST_SCHEDULE, run: () => ingest(scheduledEvent(new Date())) },
  ];
}
