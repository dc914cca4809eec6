import { Cron } from 'croner';
import type { Log } from '../../functions/ports';

export interface ScheduledJob {
  name: string;
  /** Standard 5-field cron, UTC: the same string CDK turns into the EventBridge schedule. */
  cron: string;
  run: () => Promise<unknown>;
}

/** Fires each job on its cron in UTC, one run at a time per job (a slow run is not overlapped). */
export function startSchedules(jobs: ScheduledJob[], log: Log) {
  const crons = jobs.map(
    (job) =>
      new Cron(job.cron, { timezone: 'UTC', protect: true }, async () => {
        log.info('schedule: started', { job: job.name });
        try {
          await job.run();
          log.info('schedule: finished', { job: job.name });
        } catch (err) {
          log.error('schedule: failed', { job: job.name, error: String(err) });
        }
      }),
  );
  return {
    next: () => jobs.map((job, i) => ({ name: job.name, cron: job.cron, next: crons[i]?.nextRun() ?? null })),
    stop: () => {
      for (const c of crons) c.stop();
    },
  };
}
