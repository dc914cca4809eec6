import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  DomainName,
  HttpApi,
  HttpMethod,
  type HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { routeThrottles, THROTTLED_ROUTES, type ThrottleBudgets } from '../api-throttles';
import { namedOutput } from './named-output';

export interface ApiProps {
  handler: IFunction;
  /** Per-route limits (infra/api-throttles.ts); `default` is the stage's, for `$default`. */
  throttles: ThrottleBudgets;
  logRetention: RetentionDays;
  customDomain?: { domainName: string; certificateArn: string };
}

/**
 * The HTTP API (API Gateway v2, payload 2.0). Every route sends its request to the one API Lambda, whose
 * router (`functions/http/routes`) is the one list of what is served and answers unknown paths with a
 * 404 problem. The gateway has explicit routes only where throttling needs them
 * (`infra/api-throttles.ts`: signups, unsubscribe and one-click, preferences, confirm, feedback), each
 * with its own limits in the stage's `RouteSettings`, so a storm on one cannot spend another's budget;
 * `$default` takes the rest at the stage's default limits. The stage writes JSON access logs.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  readonly domainName?: DomainName;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const integration = new HttpLambdaIntegration('Api', props.handler);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'papers-inbox public HTTP API',
      createDefaultStage: false,
      defaultIntegration: integration,
    });
    const routes = THROTTLED_ROUTES.flatMap((r) =>
      this.httpApi.addRoutes({ path: r.path, methods: [HttpMethod[r.method]], integration }),
    );
    for (const route of [this.httpApi.node.findChild('DefaultRoute'), ...routes])
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'A public site by design: signup, confirm, unsubscribe and edition pages are opened from emails and browsers ' +
          'without an account. Every request that reads or changes a subscription carries an HMAC-signed, expiring ' +
          'token (functions/core/tokens.ts); signups are rate-limited per IP and per address, and every route is throttled.',
      });
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    if (props.customDomain) {
      this.domainName = new DomainName(this, 'DomainName', {
        domainName: props.customDomain.domainName,
        certificate: Certificate.fromCertificateArn(this, 'Certificate', props.customDomain.certificateArn),
      });
      namedOutput(this, 'CustomDomainRecord', {
        description: 'DNS: CNAME (or alias) for the custom domain',
        value: `${props.customDomain.domainName} CNAME ${this.domainName.regionalDomainName}`,
      });
    }
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttles.default,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            time: '$context.requestTime',
            method: '$context.httpMethod',
            path: '$context.path',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
      domainMapping: this.domainName ? { domainName: this.domainName } : undefined,
    });
    // Route-level limits: the L2 stage sets only the default ones. The routes must exist before the stage
    // names them (CloudFormation refuses a RouteSettings key without its route).
    const { $default: _, ...perRoute } = routeThrottles(props.throttles);
    const cfnStage = this.stage.node.defaultChild as CfnStage;
    cfnStage.routeSettings = Object.fromEntries(
      Object.entries(perRoute).map(([key, t]) => [
        key,
        { ThrottlingRateLimit: t.rateLimit, ThrottlingBurstLimit: t.burstLimit },
      ]),
    );
    for (const route of routes) this.stage.node.addDependency(route);
    namedOutput(this, 'Url', { description: 'The HTTP API endpoint', value: this.httpApi.apiEndpoint });
  }
}
