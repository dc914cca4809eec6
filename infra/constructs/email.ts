import { Aws, Stack } from 'aws-cdk-lib';
import {
  ConfigurationSet,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { namedOutput } from './named-output';

export interface EmailProps {
  domain: string;
  mailFromDomain?: string;
}

/**
 * SES: the sender's domain identity (Easy DKIM, optional custom MAIL FROM), and a configuration set
 * that publishes bounces, complaints, deliveries and rejects to an SNS topic (the ses-events Lambda
 * subscribes to it). The DNS records to publish are stack outputs.
 */
export class Email extends Construct {
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  readonly eventsTopic: Topic;
  /** ARN of the configuration set, for ses:SendEmail resource scoping. */
  readonly configurationSetArn: string;

  constructor(scope: Construct, id: string, props: EmailProps) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      // Addresses that bounced or complained are never sent to again, account-wide.
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
    this.identity = new EmailIdentity(this, 'Identity', {
      identity: Identity.domain(props.domain),
      configurationSet: this.configurationSet,
      mailFromDomain: props.mailFromDomain,
    });
    this.eventsTopic = new Topic(this, 'EventsTopic', {
      displayName: 'papers-inbox SES events',
      enforceSSL: true,
    });
    this.configurationSet.addEventDestination('ToSns', {
      destination: EventDestination.snsTopic(this.eventsTopic),
      events: [
        EmailSendingEvent.BOUNCE,
        EmailSendingEvent.COMPLAINT,
        EmailSendingEvent.DELIVERY,
        EmailSendingEvent.REJECT,
      ],
    });

    this.identity.dkimRecords.forEach((record, i) => {
      namedOutput(this, `DkimRecord${i + 1}`, {
        description: `DNS: CNAME for Easy DKIM (${i + 1} of 3)`,
        value: `${record.name} CNAME ${record.value}`,
      });
    });
    if (props.mailFromDomain) {
      namedOutput(this, 'MailFromMxRecord', {
        description: 'DNS: MX for the custom MAIL FROM domain',
        value: `${props.mailFromDomain} MX 10 feedback-smtp.${Aws.REGION}.amazonses.com`,
      });
      namedOutput(this, 'MailFromSpfRecord', {
        description: 'DNS: SPF TXT for the custom MAIL FROM domain',
        value: `${props.mailFromDomain} TXT "v=spf1 include:amazonses.com ~all"`,
      });
    }
    namedOutput(this, 'DmarcRecord', {
      description: 'DNS: DMARC TXT (recommended; Gmail and Yahoo require one for bulk senders)',
      value: `_dmarc.${props.domain} TXT "v=DMARC1; p=none;"`,
    });
    namedOutput(this, 'ConfigurationSetName', { value: this.configurationSet.configurationSetName });
  }
}
