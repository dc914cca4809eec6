import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import type { Deliveries } from '../ports';
import { deliverySchema } from '../schemas/delivery';
import { isConditionFailed } from './dynamodb';

/** The `deliveries` port (functions/ports.ts): the delivery ledger (keys `subscriberId` + `editionId`). */
export function createDeliveryLedger(doc: DynamoDBDocumentClient, config: Config): Deliveries {
  const TableName = config.tables.deliveries;
  const get = async (subscriberId: string, editionId: string) => {
    const out = await doc.send(
      new GetCommand({ TableName, Key: { subscriberId, editionId }, ConsistentRead: true }),
    );
    return out.Item ? deliverySchema.parse(out.Item) : undefined;
  };
  return {
    get,
    async claim(d) {
      // Two tries: the record we collided with may have been released between the put and the read.
      for (let attempt = 0; ; attempt++) {
        try {
          await doc.send(
            new PutCommand({
              TableName,
              Item: { ...d, status: 'claimed' },
              ConditionExpression: 'attribute_not_exists(subscriberId)',
            }),
          );
          return { claimed: true };
        } catch (err) {
          if (!isConditionFailed(err)) throw err;
          const existing = await get(d.subscriberId, d.editionId);
          if (existing || attempt > 0) {
            if (!existing) throw new Error(`ledger record ${d.subscriberId}/${d.editionId} keeps changing`);
            return { claimed: false, existing };
          }
        }
      }
    },
    async markSent(d, sentAt, messageId) {
      await doc.send(
        new UpdateCommand({
          TableName,
          Key: { subscriberId: d.subscriberId, editionId: d.editionId },
          UpdateExpression: 'SET #status = :sent, sentAt = :sentAt, messageId = :messageId',
          ConditionExpression: 'claimedAt = :claimedAt',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':sent': 'sent',
            ':sentAt': sentAt,
            ':messageId': messageId,
            ':claimedAt': d.claimedAt,
          },
        }),
      );
    },
    async release(d) {
      try {
        await doc.send(
          new DeleteCommand({
            TableName,
            Key: { subscriberId: d.subscriberId, editionId: d.editionId },
            ConditionExpression: '#status = :claimed AND claimedAt = :claimedAt',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':claimed': 'claimed', ':claimedAt': d.claimedAt },
          }),
        );
      } catch (err) {
        if (!isConditionFailed(err)) throw err;
      }
    },
  };
}
