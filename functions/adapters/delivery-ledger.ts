import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import { type Delivery, deliverySchema } from '../schemas/delivery';
import { isConditionFailed } from './dynamodb';

/** The delivery ledger (table `deliveries`, keys `subscriberId` + `editionId`). */
export interface DeliveryLedger {
  /** Conditional put: `claimed` when no record existed, else the record that did. */
  claim(
    d: Pick<Delivery, 'subscriberId' | 'editionId' | 'claimedAt' | 'expiresAt'>,
  ): Promise<{ claimed: true } | { claimed: false; existing: Delivery }>;
  /** Completes our own claim (same `claimedAt`). */
  markSent(
    d: Pick<Delivery, 'subscriberId' | 'editionId' | 'claimedAt'>,
    sentAt: string,
    messageId: string,
  ): Promise<void>;
  /** Drops our own claim after a send that SES certainly refused, so a retry may send. */
  release(d: Pick<Delivery, 'subscriberId' | 'editionId' | 'claimedAt'>): Promise<void>;
  get(subscriberId: string, editionId: string): Promise<Delivery | undefined>;
}

export function createDeliveryLedger(doc: DynamoDBDocumentClient, config: Config): DeliveryLedger {
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
