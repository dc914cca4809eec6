import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue';

export interface SendQueueProps {
  /** SEND_VISIBILITY_TIMEOUT_SECONDS: the sender's ledger treats older claims as abandoned. */
  visibilityTimeoutSeconds: number;
  /** Deliveries of one message before it goes to the dead-letter queue. */
  maxReceiveCount?: number;
}

/** The digest fan-out queue (one message = one page of readers) and its dead-letter queue, TLS only. */
export class SendQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: SendQueueProps) {
    super(scope, id);
    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetterQueue', 'queue-redrive');
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(props.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
  }
}
