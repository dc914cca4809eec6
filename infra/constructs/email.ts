import { Aws, Duration, Stack } from 'aws-cdk-lib';
import {
  ConfigurationSet,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue';
import { namedOutput } from './named-output';

export interface EmailProps {
  domain: string;
  mailFromDomain?: string;
  /** SES sandbox: a recipient address to verify (its identity) and to authorise sending to. */
  sandboxRecipient?: string;
  /** The ses-events Lambda's timeout: the queue's visibility timeout must exceed it (AWS asks 6x). */
  handlerTimeoutSeconds: number;
}

/** Receives of one SES event before it waits in the dead-letter queue (alarmed). */
export const SES_EVENTS_MAX_RECEIVES = 5;

/**
 * SES: the sender's domain identity (Easy DKIM, optional custom MAIL FROM), and a configuration set
 * that publishes every sending event to an SNS topic, which fills the `ses-events` SQS queue (the
 * ses-events Lambda reads it through an event source mapping). Each record's body is the SNS envelope
 * with the SES event in `Message`. An event the handler fails 5 times waits in a dead-letter queue
 * (alarmed) instead of being lost: with SNS → Lambda directly, an event that failed Lambda's two
 * async retries was gone. The DNS records to publish are stack outputs.
 */
export class Email extends Construct {
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  readonly eventsTopic: Topic;
  /** SNS → this queue → the ses-events Lambda. */
  readonly eventsQueue: Queue;
  readonly eventsDeadLetterQueue: Queue;
  /** Where a message SNS could not deliver to the queue waits (alarmed too). */
  readonly eventsSubscriptionDeadLetterQueue: Queue;
  /** ARN of the configuration set, for ses:SendEmail resource scoping. */
  readonly configurationSetArn: string;
  /**
   * Recipient identities ses:SendEmail must name while the account is in the SES sandbox (there, SES
   * authorises the recipient's identity as well as the sender's).
   */
  readonly recipientIdentityArns: string[] = [];

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
    if (props.sandboxRecipient) {
      const recipient = new EmailIdentity(this, 'SandboxRecipient', {
        identity: Identity.email(props.sandboxRecipient),
      });
      this.recipientIdentityArns.push(recipient.emailIdentityArn);
    }
    this.eventsTopic = new Topic(this, 'EventsTopic', {
      displayName: 'papers-inbox SES events',
      enforceSSL: true,
    });
    this.configurationSet.addEventDestination('ToSns', {
      destination: EventDestination.snsTopic(this.eventsTopic),
      // Send is SES's own record that it took an email: the ledger settles every claim by it.
      events: [
        EmailSendingEvent.SEND,
        EmailSendingEvent.DELIVERY,
        EmailSendingEvent.BOUNCE,
        EmailSendingEvent.COMPLAINT,
        EmailSendingEvent.REJECT,
        EmailSendingEvent.DELIVERY_DELAY,
        EmailSendingEvent.RENDERING_FAILURE,
      ],
    });

    this.eventsDeadLetterQueue = deadLetterQueue(this, 'EventsDeadLetterQueue', 'queue-redrive');
    this.eventsSubscriptionDeadLetterQueue = deadLetterQueue(
      this,
      'EventsSubscriptionDeadLetterQueue',
      'sns-subscription',
    );
    this.eventsQueue = new Queue(this, 'EventsQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      visibilityTimeout: Duration.seconds(6 * props.handlerTimeoutSeconds),
      deadLetterQueue: { queue: this.eventsDeadLetterQueue, maxReceiveCount: SES_EVENTS_MAX_RECEIVES },
    });
    // Not raw: the record body stays the SNS envelope (`Type`, `MessageId`, `Message` = the SES event).
    this.eventsTopic.addSubscription(
      new SqsSubscription(this.eventsQueue, {
        rawMessageDelivery: false,
        deadLetterQueue: this.eventsSubscriptionDeadLetterQueue,
      }),
    );

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
