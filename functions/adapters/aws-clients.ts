import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Config } from '../config';
import { clientOptions } from './client-options';
import { createDynamoClients, type DynamoClients } from './dynamo-clients';

/** Every SDK client of a local process (the local stack, CLIs, tests), built at once from config. */
export interface AwsClients extends DynamoClients {
  ses: SESv2Client;
  sqs: SQSClient;
}

export function createAwsClients(config: Config): AwsClients {
  return {
    ...createDynamoClients(config),
    ses: new SESv2Client(clientOptions(config, config.SES_ENDPOINT)),
    sqs: new SQSClient(clientOptions(config, config.SQS_ENDPOINT)),
  };
}
