import type { SQSEvent } from 'aws-lambda';

/**
 * An SQS event as Lambda's event source mapping hands a batch over: one record per body (a string as
 * is, anything else as JSON), message ids `m0`, `m1`, … in order (what `batchItemFailures` names).
 */
export function sqsEvent(bodies: unknown[], queueArn = 'arn:aws:sqs:us-east-1:123456789012:test'): SQSEvent {
  return {
    Records: bodies.map((b, i) => ({
      messageId: `m${i}`,
      receiptHandle: `r${i}`,
      body: typeof b === 'string' ? b : JSON.stringify(b),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: String(Date.now()),
        SenderId: 'AIDAIT2UOQQY3AUEKVGXU',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: 'us-east-1',
    })),
  };
}
