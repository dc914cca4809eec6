import { Duration, Validations } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CUSTOM_METRICS, type CustomMetricName, METRICS_NAMESPACE } from '../metrics';

export interface MonitoringProps {
  functions: Record<string, IFunction>;
  sendQueue: IQueue;
  deadLetterQueue: IQueue;
  /** Every other dead-letter queue (SES events, their SNS subscription, the schedules), by alarm name. */
  otherDeadLetterQueues?: Record<string, IQueue>;
  /** The HTTP API, for its 5xx alarm. */
  httpApi?: IHttpApi;
  alarmEmail?: string;
}

/**
 * A send-queue message older than this means the edition is not going out: at the default pacing a
 * page waits minutes, and a page failing every receive reaches the DLQ after 5 × 15 min.
 */
export const SEND_QUEUE_MAX_AGE = Duration.hours(2);

/** SES publishes these account-wide; AWS asks senders to stay under 5% bounces and 0.1% complaints. */
export const BOUNCE_RATE_THRESHOLD = 0.05;
export const COMPLAINT_RATE_THRESHOLD = 0.001;

const ses = (metricName: string, statistic = 'Sum', period = Duration.hours(1)) =>
  new Metric({ namespace: 'AWS/SES', metricName, statistic, period });
const custom = (name: CustomMetricName, statistic = 'Sum', period = Duration.hours(1)) =>
  new Metric({ namespace: METRICS_NAMESPACE, metricName: name, statistic, period });

/**
 * Alarms (function errors, dead letters, SES bounce and complaint rates) to one SNS topic, emailed to
 * the operator when an address is given, and a dashboard of the service's day.
 */
export class Monitoring extends Construct {
  readonly alarmTopic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.alarmTopic = new Topic(this, 'AlarmTopic', { displayName: 'papers-inbox alarms', enforceSSL: true });
    if (props.alarmEmail) {
      const sub = this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
      Validations.of(sub).acknowledge({
        id: 'Serverless-SNSRedrivePolicy',
        reason:
          "The operator's alarm email: a notification SNS cannot deliver (address bouncing, unconfirmed) would land in a " +
          'queue nobody watches, since alarming on it would notify the same failing address; alarm states stay in CloudWatch.',
      });
    }
    const action = new SnsAction(this.alarmTopic);
    const alarm = (
      alarmId: string,
      metric: IMetric,
      threshold: number,
      description: string,
      comparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    ) => {
      const a = new Alarm(this, alarmId, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      a.addAlarmAction(action);
      this.alarms.push(a);
      return a;
    };

    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(
        `${name}Errors`,
        fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        1,
        `papers-inbox ${name}: the function failed at least once in 5 minutes (see its log group)`,
      );
    }
    alarm(
      'DeadLetters',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      1,
      'papers-inbox: send-queue messages failed every retry and wait in the dead-letter queue',
    );
    for (const [name, queue] of Object.entries(props.otherDeadLetterQueues ?? {})) {
      alarm(
        `${name}DeadLetters`,
        queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        1,
        `papers-inbox: ${name} messages failed every retry and wait in their dead-letter queue (redrive them once fixed)`,
      );
    }
    alarm(
      'SendQueueOldestMessage',
      props.sendQueue.metricApproximateAgeOfOldestMessage({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      SEND_QUEUE_MAX_AGE.toSeconds(),
      `papers-inbox: a page of readers has waited ${SEND_QUEUE_MAX_AGE.toHours()} hours in the send queue: the edition is not going out`,
    );
    if (props.httpApi) {
      alarm(
        'Api5xx',
        props.httpApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
        1,
        'papers-inbox: the HTTP API answered 5xx (bad input gets a 4xx; a 5xx is a fault: see the api log group)',
      );
    }
    alarm(
      'IngestStoredNothing',
      new MathExpression({
        // DAY(): 1 = Monday … 7 = Sunday. A weekday with no (or a 0) PapersIngested reads 0, a weekend 1.
        expression: 'IF(DAY(FILL(papers, 0)) < 6, FILL(papers, 0), 1)',
        usingMetrics: { papers: custom('PapersIngested', 'Sum', Duration.days(1)) },
        label: 'papers stored on a weekday',
        period: Duration.days(1),
      }),
      1,
      'papers-inbox: the ingest stored 0 papers on a weekday (Hugging Face down or changed shape? see the ingest log group and PapersSkipped)',
      ComparisonOperator.LESS_THAN_THRESHOLD,
    );
    for (const [name, source] of [
      ['HuggingFaceFailed', 'Hugging Face'],
      ['ArxivFailed', 'arXiv'],
    ] as const)
      alarm(
        name,
        custom(name, 'Sum', Duration.hours(1)),
        1,
        `papers-inbox: the ingest's ${source} fetch failed (the other source was stored; see the ingest log group, event ingest.source-failed)`,
      );
    alarm(
      'EditionMissed',
      custom('EditionMissed', 'Sum', Duration.hours(1)),
      1,
      'papers-inbox: readers were due an edition that did not go out (metric EditionMissed, emitted by the planner)',
    );
    alarm(
      'BounceRate',
      ses('Reputation.BounceRate', 'Maximum'),
      BOUNCE_RATE_THRESHOLD,
      'papers-inbox: SES bounce rate at or above 5% (SES reviews accounts at 5%, pauses at 10%)',
    );
    alarm(
      'ComplaintRate',
      ses('Reputation.ComplaintRate', 'Maximum'),
      COMPLAINT_RATE_THRESHOLD,
      'papers-inbox: SES complaint rate at or above 0.1% (SES reviews accounts at 0.1%, pauses at 0.5%)',
    );

    const fnMetrics = (pick: (fn: IFunction) => IMetric) => Object.values(props.functions).map(pick);
    this.dashboard = new Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(7),
      widgets: [
        [
          new TextWidget({
            markdown: `# papers-inbox\nCustom metrics: namespace \`${METRICS_NAMESPACE}\` (${Object.keys(CUSTOM_METRICS).join(', ')}), emitted as Embedded Metric Format log lines.`,
            width: 24,
            height: 2,
          }),
        ],
        [
          new GraphWidget({
            title: 'Subscribers',
            left: [
              custom('SubscriptionsRequested'),
              custom('SubscriptionsConfirmed'),
              custom('Unsubscribes'),
            ],
            right: [custom('ActiveSubscribers', 'Maximum')],
            width: 12,
          }),
          new GraphWidget({
            title: 'Sends (SES)',
            left: [ses('Send'), ses('Delivery'), custom('DigestsSent')],
            right: [
              props.sendQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
              props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
            ],
            width: 12,
          }),
        ],
        [
          new GraphWidget({
            title: 'Bounces and complaints',
            left: [ses('Bounce'), ses('Complaint')],
            right: [
              new MathExpression({
                expression: 'b * 100',
                usingMetrics: { b: ses('Reputation.BounceRate', 'Maximum') },
                label: 'bounce rate %',
                period: Duration.hours(1),
              }),
              new MathExpression({
                expression: 'c * 100',
                usingMetrics: { c: ses('Reputation.ComplaintRate', 'Maximum') },
                label: 'complaint rate %',
                period: Duration.hours(1),
              }),
            ],
            width: 12,
          }),
          new GraphWidget({
            title: 'Ingest',
            left: [
              custom('PapersIngested'),
              custom('PapersSkipped'),
              custom('HuggingFaceFailed'),
              custom('ArxivFailed'),
            ],
            width: 12,
          }),
        ],
        [
          new GraphWidget({
            title: 'Lambda invocations and errors',
            left: fnMetrics((fn) => fn.metricInvocations({ period: Duration.hours(1) })),
            right: fnMetrics((fn) => fn.metricErrors({ period: Duration.hours(1) })),
            width: 24,
          }),
        ],
      ],
    });
  }
}
