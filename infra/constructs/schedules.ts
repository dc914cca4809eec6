import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { toEventBridgeCron } from '../cron';
import { deadLetterQueue } from './dead-letter-queue';

export interface ScheduledRun {
  name: string;
  /** Standard 5-field cron, UTC: the same string as config (INGEST_SCHEDULE, DIGEST_SCHEDULE). */
  cron: string;
  target: IFunction;
}

/** Retries of one scheduled run, by EventBridge (invoke failed) and by Lambda (the function failed). */
export const SCHEDULE_RETRY_ATTEMPTS = 2;
/** A run still not done this long after its time is dropped to the DLQ: the next day's run takes over. */
export const SCHEDULE_MAX_EVENT_AGE = Duration.hours(1);

/**
 * EventBridge rules that start the scheduled handlers, on the config's cron converted to EventBridge form.
 * A run is retried twice at both levels where it can fail: EventBridge's target retry policy covers an
 * invoke that failed (throttled, Lambda unavailable), the function's async-invoke config covers a run
 * that threw. What fails every retry lands in one dead-letter queue (alarmed), with the event and the
 * error, instead of disappearing.
 */
export class Schedules extends Construct {
  readonly rules: Record<string, Rule> = {};
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, runs: ScheduledRun[]) {
    super(scope, id);
    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetterQueue', 'schedule');
    for (const run of runs) {
      run.target.configureAsyncInvoke({
        retryAttempts: SCHEDULE_RETRY_ATTEMPTS,
        maxEventAge: SCHEDULE_MAX_EVENT_AGE,
        onFailure: new SqsDestination(this.deadLetterQueue),
      });
      this.rules[run.name] = new Rule(this, `${run.name}Schedule`, {
        description: `papers-inbox ${run.name}: ${run.cron} (UTC)`,
        schedule: Schedule.expression(toEventBridgeCron(run.cron)),
        targets: [
          new LambdaFunction(run.target, {
            retryAttempts: SCHEDULE_RETRY_ATTEMPTS,
            maxEventAge: SCHEDULE_MAX_EVENT_AGE,
            deadLetterQueue: this.deadLetterQueue,
          }),
        ],
      });
    }
  }
}
