import { Duration } from 'aws-cdk-lib';
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
  alarmEmail?: string;
}

/** SES publishes these account-wide; AWS asks senders to stay under 5% bounces and 0.1% complaints. */
export const BOUNCE_RATE_THRESHOLD = 0.05;
export const COMPLAINT_RATE_THRESHOLD = 0.001;

const ses = (metricName: string, statistic = 'Sum', period = Duration.hours(1)) =>
  new Metric({ namespace: 'AWS/SES', metricName, statistic, period });
const custom = (name: CustomMetricName, statistic = 'Sum') =>
  new Metric({ namespace: METRICS_NAMESPACE, metricName: name, statistic, period: Duration.hours(1) });

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
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.alarmTopic);
    const alarm = (alarmId: string, metric: IMetric, threshold: number, description: string) => {
      const a = new Alarm(this, alarmId, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
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
            left: [custom('PapersIngested'), custom('PapersSkipped')],
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
