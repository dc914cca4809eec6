import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import type { LedgerEvent } from '../core/delivery-key';
import type { ClaimResult, Deliveries } from '../ports';
import { type Delivery, deliverySchema, SES_EVENT_TIME_FIELDS } from '../schemas/delivery';
import { conditional, isConditionFailed } from './dynamodb';

type Key = Pick<Delivery, 'subscriberId' | 'editionId'>;

/** Which field holds the first-seen time of each SES event (the event names are the ledger's). */
const EVENT_FIELD: Record<LedgerEvent['name'], string> = SES_EVENT_TIME_FIELDS;

/** The `deliveries` port (functions/ports.ts): the delivery ledger (keys `subscriberId` + `editionId`). */
export function createDeliveryLedger(doc: DynamoDBDocumentClient, config: Config): Deliveries {
  const TableName = config.tables.deliveries;
  const get = async (subscriberId: string, editionId: string) => {
    const out = await doc.send(
      new GetCommand({ TableName, Key: { subscriberId, editionId }, ConsistentRead: true }),
    );
    return out.Item ? deliverySchema.parse(out.Item) : undefined;
  };
  const keyOf = (d: Key) => ({ subscriberId: d.subscriberId, editionId: d.editionId });
  /** After a failed condition: the record as it is now (two tries: it may be released in between). */
  const collided = async (d: Key, write: () => Promise<unknown>): Promise<ClaimResult> => {
    for (let attempt = 0; ; attempt++) {
      if (await conditional(write)) return { claimed: true };
      const existing = await get(d.subscriberId, d.editionId);
      if (existing) return { claimed: false, existing };
      if (attempt > 0) throw new Error(`ledger record ${d.subscriberId}/${d.editionId} keeps changing`);
    }
  };
  return {
    get,
    claim: (d) =>
      collided(d, () =>
        doc.send(
          new PutCommand({
            TableName,
            Item: { ...d, status: 'claimed', attempts: 1 },
            ConditionExpression: 'attribute_not_exists(subscriberId)',
          }),
        ),
      ),
    async takeOver(stale, d) {
      const tookOver = await conditional(() =>
        doc.send(
          new UpdateCommand({
            TableName,
            Key: keyOf(d),
            UpdateExpression: 'SET claimId = :claimId, claimedAt = :claimedAt ADD attempts :one',
            ConditionExpression: `#status = :claimed AND claimedAt = :staleAt AND ${
              stale.claimId ? 'claimId = :staleId' : 'attribute_not_exists(claimId)'
            } AND attribute_not_exists(sesMessageIds)`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':claimId': d.claimId,
              ':claimedAt': d.claimedAt,
              ':one': 1,
              ':claimed': 'claimed',
              ':staleAt': stale.claimedAt,
              ...(stale.claimId ? { ':staleId': stale.claimId } : {}),
            },
          }),
        ),
      );
      if (tookOver) return { claimed: true };
      const existing = await get(d.subscriberId, d.editionId);
      // Released meanwhile: a fresh claim decides.
      if (!existing) return this.claim({ ...d, expiresAt: stale.expiresAt });
      return { claimed: false, existing };
    },
    async markSent(d, sentAt, messageId, also) {
      const record = {
        TableName,
        Key: keyOf(d),
        UpdateExpression: 'SET #status = :sent, sentAt = :sentAt, messageId = :messageId',
        ConditionExpression: 'claimId = :claimId',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':sent': 'sent',
          ':sentAt': sentAt,
          ':messageId': messageId,
          ':claimId': d.claimId,
        },
      };
      if (!also) {
        await doc.send(new UpdateCommand(record));
        return;
      }
      // One write records the delivery and what the reader has now seen: both or neither.
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: record },
            {
              Update: {
                TableName: config.tables.subscribers,
                Key: { id: d.subscriberId },
                UpdateExpression: 'SET seenPapers = :seen',
                ConditionExpression: 'attribute_exists(id)',
                ExpressionAttributeValues: { ':seen': also.seenPapers },
              },
            },
          ],
        }),
      );
    },
    async release(d) {
      // A claim that is no longer ours (taken over, or settled by an SES event) stays as it is.
      await conditional(() =>
        doc.send(
          new DeleteCommand({
            TableName,
            Key: keyOf(d),
            ConditionExpression: '#status = :claimed AND claimId = :claimId',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':claimed': 'claimed', ':claimId': d.claimId },
          }),
        ),
      );
    },
    async recordSesEvent(e) {
      const field = EVENT_FIELD[e.name];
      try {
        const out = await doc.send(
          new UpdateCommand({
            TableName,
            Key: keyOf(e.key),
            // Any SES event proves SES took that email: the record is `sent`, whatever order events come in.
            UpdateExpression: `SET #status = :sent, #at = if_not_exists(#at, :at)${
              e.name === 'bounce' && e.detail ? ', sesBounceType = if_not_exists(sesBounceType, :detail)' : ''
            } ADD sesMessageIds :ids`,
            ConditionExpression: 'attribute_exists(subscriberId)',
            ExpressionAttributeNames: { '#status': 'status', '#at': field },
            ExpressionAttributeValues: {
              ':sent': 'sent',
              ':at': e.at,
              ':ids': new Set([e.messageId]),
              ...(e.name === 'bounce' && e.detail ? { ':detail': e.detail } : {}),
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        const ids = out.Attributes?.sesMessageIds as Set<string> | undefined;
        return { recorded: true, copies: ids?.size ?? 1 };
      } catch (err) {
        if (!isConditionFailed(err)) throw err;
        return { recorded: false };
      }
    },
  };
}
