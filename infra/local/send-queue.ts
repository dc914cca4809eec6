import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { LocalStackError } from './emulators';

/** Receives before a message moves to the dead-letter queue (same as CDK's redrive policy). */
export const SEND_QUEUE_MAX_RECEIVES = 5;

/**
 * Creates the send queue named by SEND_QUEUE_URL's last path segment, with its dead-letter queue
 * (`<name>-dlq`) and the configured visibility timeout, in the local SQS emulator. Idempotent.
 */
export async function ensureSendQueue(
  sqs: SQSClient,
  queueUrl: string,
  visibilityTimeoutSeconds: number,
  /** The variable that named the queue, for the error messages (the `ses-events` queue uses this too). */
  envVar = 'SEND_QUEUE_URL',
): Promise<{ queueUrl: string; dlqUrl: string }> {
  const name = new URL(queueUrl).pathname.split('/').pop();
  if (!name) throw new LocalStackError(`${envVar} ${queueUrl} names no queue`);
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const dlqUrl = dlq.QueueUrl as string;
  const arn = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }),
  );
  const created = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: String(visibilityTimeoutSeconds),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: arn.Attributes?.QueueArn,
          maxReceiveCount: SEND_QUEUE_MAX_RECEIVES,
        }),
      },
    }),
  );
  if (created.QueueUrl !== queueUrl)
    throw new LocalStackError(
      `${envVar} is ${queueUrl} but the SQS emulator serves that queue at ${created.QueueUrl}: unset ${envVar} or set it to that URL`,
    );
  return { queueUrl, dlqUrl };
}

/** The URL fauxqs gives a queue: it answers only to this exact form. */
export const localQueueUrl = (region: string, sqsPort: number, name: string) =>
  `http://sqs.${region}.localhost:${sqsPort}/000000000000/${name}`;
