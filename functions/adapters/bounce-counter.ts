import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import type { BounceCount } from '../ports';
import { isConditionFailed } from './dynamodb';

/**
 * Transient bounces in a row, kept on the subscriber item (`transientBounces`) with atomic updates. The
 * SES message ids already counted sit beside it in a string set (`transientBounceIds`), and the `ADD` is
 * conditioned on the id not being in it: SNS duplicates and SQS redeliveries of one Bounce count once.
 * The set lives only as long as the run: a delivery removes both, and a run ends in suppression after
 * `TRANSIENT_BOUNCE_LIMIT` bounces, so it never holds more than a few ids.
 */
export interface BounceCounter {
  /**
   * Adds one for the bounce of `messageId` (unless it was counted already) and returns the count;
   * undefined when no such subscriber exists. Without a message id the bounce cannot be recognised and
   * is counted.
   */
  increment(subscriberId: string, messageId?: string): Promise<BounceCount | undefined>;
  /** A delivery ends the run of bounces. */
  reset(subscriberId: string): Promise<void>;
}

export function createBounceCounter(doc: DynamoDBDocumentClient, config: Config): BounceCounter {
  const TableName = config.tables.subscribers;
  return {
    async increment(id, messageId) {
      try {
        const out = await doc.send(
          new UpdateCommand({
            TableName,
            Key: { id },
            UpdateExpression: messageId
              ? 'ADD transientBounces :one, transientBounceIds :ids'
              : 'ADD transientBounces :one',
            ConditionExpression: messageId
              ? 'attribute_exists(id) AND NOT contains(transientBounceIds, :id)'
              : 'attribute_exists(id)',
            ExpressionAttributeValues: {
              ':one': 1,
              ...(messageId ? { ':ids': new Set([messageId]), ':id': messageId } : {}),
            },
            ReturnValues: 'UPDATED_NEW',
          }),
        );
        return { count: Number(out.Attributes?.transientBounces ?? 0), counted: true };
      } catch (err) {
        if (!isConditionFailed(err)) throw err;
      }
      // The reader is gone, or this bounce was counted before: tell which (a consistent read).
      const { Item } = await doc.send(
        new GetCommand({
          TableName,
          Key: { id },
          ConsistentRead: true,
          ProjectionExpression: 'id, transientBounces',
        }),
      );
      if (!Item) return undefined;
      return { count: Number(Item.transientBounces ?? 0), counted: false };
    },
    async reset(id) {
      try {
        await doc.send(
          new UpdateCommand({
            TableName,
            Key: { id },
            UpdateExpression: 'REMOVE transientBounces, transientBounceIds',
            ConditionExpression: 'attribute_exists(transientBounces)',
          }),
        );
      } catch (err) {
        if (!isConditionFailed(err)) throw err;
      }
    },
  };
}
