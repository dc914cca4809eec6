import { getConfig } from '../../functions/config';
import { getDeps } from '../../functions/deps';
import { handler as apiHandler } from '../../functions/handlers/api';
import { handler as ingestHandler, scheduledEvent } from '../../functions/handlers/ingest';
import { startHttpServer } from './http-server';
import { type ScheduledJob, startSchedules } from './schedules';
import { ensureTables } from './tables';

/**
 * Wires the same Lambda handlers the cloud runs to local transports: HTTP in place of API Gateway,
 * croner in place of EventBridge. Emulators must already be up and the environment set.
 */
export async function startApp(opts: {
  port: number;
  schedules?: ScheduledJob[];
  log?: (line: string) => void;
}) {
  const deps = getDeps();
  await ensureTables(deps.aws.dynamo, deps.config.tables);
  const http = await startHttpServer(apiHandler, opts.port);
  const schedules = startSchedules(opts.schedules ?? [], opts.log ?? (() => {}));
  return {
    url: http.url,
    port: http.port,
    schedules,
    stop: async () => {
      schedules.stop();
      await http.stop();
    },
  };
}

/** Scheduled jobs of the local stack: the handlers CDK schedules, on the same cron strings. */
export function localJobs(): ScheduledJob[] {
  const config = getConfig();
  return [
    { name: 'ingest', cron: config.INGEST_SCHEDULE, run: () => ingestHandler(scheduledEvent(new Date())) },
  ];
}
