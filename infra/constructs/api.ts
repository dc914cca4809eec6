import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { DomainName, HttpApi, type HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { namedOutput } from './named-output';

export interface ApiProps {
  handler: IFunction;
  rateLimit: number;
  burstLimit: number;
  logRetention: RetentionDays;
  customDomain?: { domainName: string; certificateArn: string };
}

/**
 * The HTTP API (API Gateway v2, payload 2.0). One `$default` route sends every request to the API
 * Lambda: the app's router (`functions/http/routes`) is the one list of routes and answers unknown
 * paths with a 404 problem, so the gateway does not keep a second copy that could drift.
 * The `$default` stage is throttled and writes JSON access logs.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  readonly domainName?: DomainName;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'papers-inbox public HTTP API',
      createDefaultStage: false,
      defaultIntegration: new HttpLambdaIntegration('Api', props.handler),
    });
    const defaultRoute = this.httpApi.node.findChild('DefaultRoute');
    Validations.of(defaultRoute).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'A public site by design: signup, confirm, unsubscribe and edition pages are opened from emails and browsers ' +
        'without an account. Every request that reads or changes a subscription carries an HMAC-signed, expiring ' +
        'token (functions/core/tokens.ts); signups are rate-limited per IP and per address, and the stage is throttled.',
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
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
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
    namedOutput(this, 'Url', { description: 'The HTTP API endpoint', value: this.httpApi.apiEndpoint });
  }
}
