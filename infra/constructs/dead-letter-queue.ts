import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * A dead-letter queue: SSE-SQS, TLS only, 14 days (SQS's longest) for an operator to look and redrive.
 * `feeds` says what drops messages into it: a queue's redrive policy is the one kind cdk-nag recognises;
 * an SNS subscription's redrive policy, an EventBridge target's DLQ or a Lambda on-failure destination
 * make it a DLQ just as well, which AwsSolutions-SQS3 cannot see.
 */
export function deadLetterQueue(
  scope: Construct,
  id: string,
  feeds: 'queue-redrive' | 'sns-subscription' | 'schedule',
): Queue {
  const dlq = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(dlq).acknowledge({
    id: 'Serverless-SQSRedrivePolicy',
    reason:
      'This queue IS a dead-letter queue (alarmed at 1 visible message): what fails here waits 14 days for an operator ' +
      'to redrive it once the cause is fixed; a dead-letter queue of a dead-letter queue would only move the same messages.',
  });
  if (feeds !== 'queue-redrive') {
    Validations.of(dlq).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        feeds === 'sns-subscription'
          ? 'This queue is the dead-letter queue of the SNS subscription (its RedrivePolicy) that feeds the ses-events queue; ' +
            "cdk-nag only recognises queues named in another queue's redrive policy as DLQs."
          : 'This queue is the dead-letter queue of the EventBridge schedule targets and the on-failure destination of the ' +
            "scheduled Lambdas' async invocations; cdk-nag only recognises queues named in another queue's redrive policy as DLQs.",
    });
  }
  return dlq;
}
