import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';

/**
 * SDK clients built from config. With an endpoint set (local stack, CLIs, tests) they talk to the
 * emulators with throw-away credentials; without one they use the Lambda role as usual.
 */
export const clientOptions = (config: Config, endpoint: string | undefined) => ({
  region: config.AWS_REGION,
  ...(endpoint
    ? {
        endpoint,
        // The emulators take any key (DynamoDB Local runs with -sharedDb), so none is read from the environment.
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }
    : {}),
});

export interface AwsClients {
  dynamo: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  ses: SESv2Client;
  sqs: SQSClient;
}

export function createAwsClients(config: Config): AwsClients {
  const dynamo = new DynamoDBClient(clientOptions(config, config.DYNAMODB_ENDPOINT));
  const doc = DynamoDBDocumentClient.from(dynamo, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return {
    dynamo,
    doc,
    ses: new SESv2Client(clientOptions(config, config.SES_ENDPOINT)),
    sqs: new SQSClient(clientOptions(config, config.SQS_ENDPOINT)),
  };
}
