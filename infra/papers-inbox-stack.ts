import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnRotationSchedule, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { configSchema } from '../functions/config';
import { Api } from './constructs/api';
import { Email } from './constructs/email';
import { HandlerFunction } from './constructs/handler-function';
import { Monitoring } from './constructs/monitoring';
import { Schedules } from './constructs/schedules';
import { SendQueue } from './constructs/send-queue';
import { Tables } from './constructs/tables';
import { type DeployContext, throttleBudgetsOf } from './context';
import { FUNCTIONS, type FunctionSpec } from './functions';
import { senderPlanOf } from './sender-plan';

export interface PapersInboxStackProps extends StackProps {
  context: DeployContext;
  /** Defaults to every handler in `infra/functions.ts`. */
  functions?: readonly FunctionSpec[];
}

const SEND_VISIBILITY_TIMEOUT_SECONDS = configSchema.shape.SEND_VISIBILITY_TIMEOUT_SECONDS.parse(undefined);

/** Everything the local stack runs, on AWS: tables, handlers, HTTP API, schedules, queue, SES, alarms. */
export class PapersInboxStack extends Stack {
  readonly tables: Tables;
  readonly sendQueue: SendQueue;
  readonly email: Email;
  readonly tokenSecret: Secret;
  readonly handlers: Record<string, HandlerFunction> = {};
  readonly api?: Api;
  readonly schedules: Schedules;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: PapersInboxStackProps) {
    super(scope, id, { description: 'papers-inbox: daily AI papers digest by email', ...props });
    const ctx = props.context;
    const specs = props.functions ?? FUNCTIONS;
    const logRetention = ctx.logRetentionDays as RetentionDays;
    const senderPlan = senderPlanOf(ctx);

    this.tables = new Tables(this, 'Tables');
    this.sendQueue = new SendQueue(this, 'SendQueue', {
      visibilityTimeoutSeconds: SEND_VISIBILITY_TIMEOUT_SECONDS,
    });
    this.email = new Email(this, 'Email', {
      domain: ctx.domain,
      mailFromDomain: ctx.mailFromDomain,
      sandboxRecipient: ctx.sandboxRecipient,
      handlerTimeoutSeconds: Math.max(
        1,
        ...specs.filter((s) => s.trigger.kind === 'ses-events').map((s) => s.timeoutSeconds),
      ),
    });
    this.tokenSecret = new Secret(this, 'TokenSecret', {
      description: 'papers-inbox: HMAC key for signed links (confirm, manage, unsubscribe)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });

    // Names exactly as in functions/config.ts; PUBLIC_BASE_URL is added once the API exists.
    const environment: Record<string, string> = {
      ...Object.fromEntries(
        Object.entries(this.tables.byId).map(([tableId, t]) => [
          `${tableId.toUpperCase()}_TABLE`,
          t.tableName,
        ]),
      ),
      SEND_QUEUE_URL: this.sendQueue.queue.queueUrl,
      TOKEN_SECRET_ARN: this.tokenSecret.secretArn,
      SENDER_ADDRESS: ctx.senderAddress,
      SES_CONFIGURATION_SET: this.email.configurationSet.configurationSetName,
      LIST_ID: `Papers Inbox daily digest <digest.${ctx.domain}>`,
      POSTAL_ADDRESS: ctx.postalAddress,
      INGEST_SCHEDULE: ctx.ingestSchedule,
      DIGEST_SCHEDULE: ctx.digestSchedule,
      SENDER_CONCURRENCY: String(senderPlan.instances),
      SEND_VISIBILITY_TIMEOUT_SECONDS: String(SEND_VISIBILITY_TIMEOUT_SECONDS),
      ...(ctx.maxSendRate ? { MAX_SEND_RATE: String(ctx.maxSendRate) } : {}),
    };
    const resources = {
      tables: this.tables.byId,
      sendQueue: this.sendQueue.queue,
      tokenSecret: this.tokenSecret,
      emailIdentityArn: this.email.identity.emailIdentityArn,
      configurationSetArn: this.email.configurationSetArn,
      recipientIdentityArns: this.email.recipientIdentityArns,
    };
    for (const spec of specs) {
      const isSender = spec.trigger.kind === 'send-queue';
      this.handlers[spec.name] = new HandlerFunction(this, `${pascal(spec.name)}Handler`, {
        // With MAX_SEND_RATE given the sender never asks SES for the account's rate: no ses:GetAccount.
        spec: ctx.maxSendRate ? { ...spec, readsSesAccount: false } : spec,
        resources,
        environment,
        logRetention,
        // The sender paces SES at MAX_SEND_RATE / SENDER_CONCURRENCY: more copies would exceed the rate.
        reservedConcurrentExecutions: isSender ? senderPlan.instances : undefined,
      });
    }
    const fnOf = (kind: FunctionSpec['trigger']['kind']) =>
      specs
        .filter((s) => s.trigger.kind === kind)
        .map((s) => this.handlers[s.name]?.function as LambdaFunction);

    const [apiFn] = fnOf('http');
    if (apiFn) {
      this.api = new Api(this, 'Api', {
        handler: apiFn,
        throttles: throttleBudgetsOf(ctx),
        logRetention,
        customDomain:
          ctx.customDomain && ctx.certificateArn
            ? { domainName: ctx.customDomain, certificateArn: ctx.certificateArn }
            : undefined,
      });
    }
    const publicBaseUrl =
      ctx.publicUrl ??
      (ctx.customDomain ? `https://${ctx.customDomain}` : (this.api?.httpApi.apiEndpoint ?? ''));
    for (const h of Object.values(this.handlers)) h.function.addEnvironment('PUBLIC_BASE_URL', publicBaseUrl);

    for (const fn of fnOf('send-queue')) {
      fn.addEventSource(
        new SqsEventSource(this.sendQueue.queue, {
          // Pages per invocation from the plan (an invocation of ≥ ~2 s); failures are reported per page.
          batchSize: senderPlan.batchSize,
          reportBatchItemFailures: true,
          // SQS accepts a maximum concurrency of 2 or more; the plan gives at least 2 unless overridden.
          ...(senderPlan.instances >= 2 ? { maxConcurrency: senderPlan.instances } : {}),
        }),
      );
    }
    for (const fn of fnOf('ses-events')) {
      // SES → SNS → the ses-events queue → here; a record that fails is retried, then dead-lettered.
      fn.addEventSource(
        new SqsEventSource(this.email.eventsQueue, { batchSize: 10, reportBatchItemFailures: true }),
      );
    }

    const cronOf = { INGEST_SCHEDULE: ctx.ingestSchedule, DIGEST_SCHEDULE: ctx.digestSchedule };
    this.schedules = new Schedules(
      this,
      'Schedules',
      specs.flatMap((s) =>
        s.trigger.kind === 'schedule'
          ? [
              {
                name: pascal(s.name),
                cron: cronOf[s.trigger.cron],
                target: this.handlers[s.name]?.function as LambdaFunction,
              },
            ]
          : [],
      ),
    );

    this.monitoring = new Monitoring(this, 'Monitoring', {
      functions: Object.fromEntries(Object.entries(this.handlers).map(([n, h]) => [pascal(n), h.function])),
      sendQueue: this.sendQueue.queue,
      deadLetterQueue: this.sendQueue.deadLetterQueue,
      otherDeadLetterQueues: {
        SesEvents: this.email.eventsDeadLetterQueue,
        SesEventsSubscription: this.email.eventsSubscriptionDeadLetterQueue,
        Schedules: this.schedules.deadLetterQueue,
      },
      httpApi: this.api?.httpApi,
      alarmEmail: ctx.alarmEmail,
    });

    // Scheduled rotation of the token key (functions/handlers/rotate-token-secret.ts): an L1 schedule, so
    // the rotation function holds only the four calls of infra/functions.ts (the L2 would add
    // GetRandomPassword on "*"). Secrets Manager may invoke it for this secret only.
    const rotator = this.handlers['rotate-token-secret']?.function;
    if (rotator) {
      rotator.addPermission('SecretsManagerInvoke', {
        principal: new ServicePrincipal('secretsmanager.amazonaws.com'),
        sourceArn: this.tokenSecret.secretArn,
        sourceAccount: this.account,
      });
      const schedule = new CfnRotationSchedule(this, 'TokenSecretRotation', {
        secretId: this.tokenSecret.secretArn,
        rotationLambdaArn: rotator.functionArn,
        rotationRules: { scheduleExpression: `rate(${ctx.tokenKeyRotationDays} days)` },
        rotateImmediatelyOnUpdate: false,
      });
      schedule.node.addDependency(rotator.node.findChild('SecretsManagerInvoke'));
    }

    new CfnOutput(this, 'PublicBaseUrl', { value: publicBaseUrl });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.alarmTopic.topicArn });
    new CfnOutput(this, 'DashboardName', { value: this.monitoring.dashboard.dashboardName });
    new CfnOutput(this, 'SendDeadLetterQueueUrl', { value: this.sendQueue.deadLetterQueue.queueUrl });
  }
}

const pascal = (name: string) =>
  name
    .split(/[-_]/)
    .map((p) => (p[0]?.toUpperCase() ?? '') + p.slice(1))
    .join('');
