import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import { isConditionFailed } from './dynamodb';

/** Transient bounces in a row, kept on the subscriber item (`transientBounces`) with atomic updates. */
export interface BounceCounter {
  /** Adds one and returns the new count; undefined when no such subscriber exists. */
  increment(subscriberId: string): Promise<number | undefined>;
  /** A delivery ends the run of bounces. */
  reset(subscriberId: string): Promise<void>;
}

export function createBounceCounter(doc: DynamoDBDocumentClient, config: Config): BounceCounter {
  const TableName = config.tables.subscribers;
  return {
    async increment(id) {
      try {
        const out = await doc.send(
          new UpdateCommand({
            TableName,
            Key: { id },
            UpdateExpression: 'ADD transientBounces :one',
            ConditionExpression: 'attribute_exists(id)',
            ExpressionAttributeValues: { ':one': 1 },
            ReturnValues: 'UPDATED_NEW',
          }),
        );
        return Number(out.Attributes?.transientBounces ?? 0);
      } catch (err) {
        if (isConditionFailed(err)) return undefined;
        throw err;
      }
    },
    async reset(id) {
      try {
        await doc.send(
          new UpdateCommand({
            TableName,
            Key: { id },
            UpdateExpression: 'REMOVE transientBounces',
            ConditionExpression: 'attribute_exists(transientBounces)',
          }),
        );
      } catch (err) {
        if (!isConditionFailed(err)) throw err;
      }
    },
  };
}
