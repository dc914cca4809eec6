import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import type { Throttles } from '../ports';

/**
 * Rate-limit counters in the throttles table (partition key `key`). One atomic ADD per hit, so
 * concurrent requests can never both see the same count; each counter carries its window's end as
 * `expiresAt`, and DynamoDB TTL removes it afterwards.
 */
export function createThrottleStore(doc: DynamoDBDocumentClient, config: Config): Throttles {
  return {
    async hit(key, expiresAt) {
      const out = await doc.send(
        new UpdateCommand({
          TableName: config.tables.throttles,
          Key: { key },
          UpdateExpression: 'ADD #count :one SET expiresAt = if_not_exists(expiresAt, :exp)',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':one': 1, ':exp': expiresAt },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(out.Attributes?.count ?? 1);
    },
  };
}
