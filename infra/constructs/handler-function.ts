import path from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { bundledCode } from '../bundling';
import type { FunctionSpec, TableId } from '../functions';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** What a handler's permissions may point at; the spec says which of these it gets. */
export interface HandlerResources {
  tables: Record<TableId, TableV2>;
  sendQueue: IQueue;
  tokenSecret: ISecret;
  emailIdentityArn: string;
  configurationSetArn: string;
  /** SES sandbox: verified recipients' identities, which ses:SendEmail must name there too. */
  recipientIdentityArns?: string[];
}

export interface HandlerFunctionProps {
  spec: FunctionSpec;
  resources: HandlerResources;
  environment: Record<string, string>;
  logRetention: RetentionDays;
  reservedConcurrentExecutions?: number;
}

/**
 * One handler as a Lambda: Node.js 22 on ARM64, bundled by the local esbuild (no Docker), with its
 * own log group and its own role holding exactly the spec's permissions (no AWS managed policy: the
 * role may write only to its own log group).
 *
 * The bundle keeps the repository's layout (`functions/handlers/index.mjs` and its `chunks/`). Email
 * templates travel inside the bundle, compiled at bundle time (`infra/bundling.ts`): no `templates/`
 * folder ships.
 */
export class HandlerFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    const { spec, resources } = props;
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `papers-inbox ${spec.name}: least privilege from infra/functions.ts`,
    });
    this.logGroup.grantWrite(this.role);

    const handlerDir = path.posix.dirname(spec.entry);
    this.function = new LambdaFunction(this, 'Function', {
      code: bundledCode(spec),
      handler: `${handlerDir}/index.handler`,
      description: spec.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memorySize,
      timeout: Duration.seconds(spec.timeoutSeconds),
      role: this.role,
      logGroup: this.logGroup,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
    });

    for (const statement of permissionsOf(spec, resources)) this.role.addToPrincipalPolicy(statement);
    const runtimeReason =
      'Node.js 22 is the runtime the project targets and tests (bundles are built for node22); moving to a newer ' +
      'runtime is a deliberate change made together with the bundling target, not an automatic one.';
    Validations.of(this.function).acknowledge(
      { id: 'AwsSolutions-L1', reason: runtimeReason },
      { id: 'Serverless-LambdaLatestVersion', reason: runtimeReason },
      {
        id: 'Serverless-LambdaTracing',
        reason:
          'No X-Ray: active tracing adds xray:PutTraceSegments on "*" to every role and a per-trace cost, for call graphs ' +
          'that are one function deep; structured logs (request id, reader, edition) and the alarms cover diagnosis.',
      },
      ...nagAcknowledgementsForTrigger(spec),
    );
    if (spec.readsSesAccount) {
      Validations.of(this.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'ses:GetAccount (read the account sending quota when MAX_SEND_RATE is unset) is an account-level action: ' +
          'IAM accepts no resource narrower than "*" for it, and it is the only action granted on "*".',
      });
    }
  }
}

/** What cdk-nag's Serverless pack cannot see about how each kind of handler is invoked. */
function nagAcknowledgementsForTrigger(spec: FunctionSpec): { id: string; reason: string }[] {
  const kind = spec.trigger.kind;
  if (kind === 'schedule') {
    return [
      {
        id: 'Serverless-LambdaDLQ',
        reason:
          'Scheduled runs fail into an on-failure destination (EventInvokeConfig → the schedules dead-letter queue, ' +
          'alarmed) after 2 retries, which AWS recommends over a function DLQ because it also records the error.',
      },
    ];
  }
  if (kind === 'http') {
    return [
      {
        id: 'Serverless-LambdaDLQ',
        reason:
          'Invoked synchronously by API Gateway only: the caller gets the error at once, so there is no async event ' +
          'that a dead-letter queue could keep (5xx answers are alarmed).',
      },
    ];
  }
  if (kind === 'secret-rotation') {
    return [
      {
        id: 'Serverless-LambdaDLQ',
        reason:
          'Invoked by Secrets Manager for each rotation step, which records a failed step on the secret (the pending ' +
          'version stays and the next rotation resumes from it); there is no event to keep, and errors are alarmed.',
      },
    ];
  }
  // send-queue and ses-events: an SQS event source mapping polls synchronously.
  return [
    {
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked synchronously by an SQS event source mapping: a failed record returns to its queue and, after its ' +
        "receives, goes to that queue's dead-letter queue (alarmed); a function DLQ would never receive anything.",
    },
    {
      id: 'Serverless-LambdaEventSourceMappingDestination',
      reason:
        'SQS event source mappings take no on-failure destination (that is for streams and Kafka): the source ' +
        "queue's redrive policy sends a record that failed every receive to its dead-letter queue (alarmed).",
    },
  ];
}

/** The spec's permissions as IAM statements, each scoped to the resources it names. */
export function permissionsOf(spec: FunctionSpec, r: HandlerResources): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  for (const [id, access] of Object.entries(spec.tables)) {
    const table = r.tables[id as TableId];
    if (access.actions.length > 0) {
      statements.push(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: access.actions.map((a) => `dynamodb:${a}`),
          resources: [table.tableArn],
        }),
      );
    }
    if (access.queryIndexes?.length) {
      statements.push(
        new PolicyStatement({
          actions: ['dynamodb:Query'],
          resources: access.queryIndexes.map((ix) => `${table.tableArn}/index/${ix}`),
        }),
      );
    }
  }
  if (spec.sendsEmail) {
    statements.push(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [r.emailIdentityArn, r.configurationSetArn, ...(r.recipientIdentityArns ?? [])],
      }),
    );
  }
  if (spec.readsSesAccount) {
    // GetAccount is account-level: IAM accepts no resource narrower than "*" for it.
    statements.push(new PolicyStatement({ actions: ['ses:GetAccount'], resources: ['*'] }));
  }
  if (spec.enqueuesSends) {
    statements.push(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [r.sendQueue.queueArn] }));
  }
  if (spec.rotatesTokenSecret) {
    // The rotation protocol's calls, on this one secret; new keys come from the function's own CSPRNG, so
    // no secretsmanager:GetRandomPassword (which IAM grants only on "*").
    statements.push(
      new PolicyStatement({
        actions: [
          'secretsmanager:DescribeSecret',
          'secretsmanager:GetSecretValue',
          'secretsmanager:PutSecretValue',
          'secretsmanager:UpdateSecretVersionStage',
        ],
        resources: [r.tokenSecret.secretArn],
      }),
    );
  }
  if (spec.readsTokenSecret) {
    statements.push(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [r.tokenSecret.secretArn],
      }),
    );
  }
  return statements;
}
