import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { toEventBridgeCron } from '../cron';

export interface ScheduledRun {
  name: string;
  /** Standard 5-field cron, UTC: the same string as config (INGEST_SCHEDULE, DIGEST_SCHEDULE). */
  cron: string;
  target: IFunction;
}

/** EventBridge rules that start the scheduled handlers, on the config's cron converted to EventBridge form. */
export class Schedules extends Construct {
  readonly rules: Record<string, Rule> = {};

  constructor(scope: Construct, id: string, runs: ScheduledRun[]) {
    super(scope, id);
    for (const run of runs) {
      this.rules[run.name] = new Rule(this, `${run.name}Schedule`, {
        description: `papers-inbox ${run.name}: ${run.cron} (UTC)`,
        schedule: Schedule.expression(toEventBridgeCron(run.cron)),
        targets: [new LambdaFunction(run.target, { retryAttempts: 2, maxEventAge: Duration.hours(1) })],
      });
    }
  }
}
