import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import { clientOptions } from './client-options';

export interface DynamoClients {
  dynamo: DynamoDBClient;
  doc: DynamoDBDocumentClient;
}

/** The DynamoDB client every process uses, and the document client the stores are built on. */
export function createDynamoClients(config: Config): DynamoClients {
  const dynamo = new DynamoDBClient(clientOptions(config, config.DYNAMODB_ENDPOINT));
  const doc = DynamoDBDocumentClient.from(dynamo, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return { dynamo, doc };
}
