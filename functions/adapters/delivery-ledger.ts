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
import { type Delivery, deliverySchema } from '../schemas/delivery';
import { isConditionFailed } from './dynamodb';

type Key = Pick<Delivery, 'subscriberId' | 'editionId'>;
/** One attempt's claim: the key, its random id and when it was taken. */
export type Claim = Key & { claimId: string; claimedAt: string };
export type ClaimResult = { claimed: true } | { claimed: false; existing: Delivery };

/** The delivery ledger (table `deliveries`, keys `subscriberId` + `editionId`). */
export interface DeliveryLedger {
  /** Conditional put: `claimed` when no record existed, else the record that did. */
  claim(d: Claim & Pick<Delivery, 'expiresAt'>): Promise<ClaimResult>;
  /** Replaces a stale claim by ours, only if it is still that claim and no SES event arrived meanwhile. */
  takeOver(stale: Delivery, d: Claim): Promise<ClaimResult>;
  /** Completes our own claim (same `claimId`). */
  markSent(
    d: Claim,
    sentAt: string,
    messageId: string,
    /** The reader's seen-set after this delivery (issue 11), written in the same transaction as the record. */
    also?: { seenPapers: string[] },
  ): Promise<void>;
  /** Drops our own claim after a send that SES certainly refused, so a retry may send. */
  release(d: Claim): Promise<void>;
  /**
   * Records one SES event on its record (idempotent and order-free: a set of message ids and first-seen
   * times). `missing`: no such record (erased, expired or released): nothing is created.
   */
  recordSesEvent(e: LedgerEvent): Promise<{ recorded: true; copies: number } | { recorded: false }>;
  get(subscriberId: string, editionId: string): Promise<Delivery | undefined>;
}

const EVENT_FIELD: Record<LedgerEvent['name'], string> = {
  send: 'sesSendAt',
  delivery: 'sesDeliveryAt',
  bounce: 'sesBounceAt',
  complaint: 'sesComplaintAt',
  reject: 'sesRejectAt',
  deliveryDelay: 'sesDeliveryDelayAt',
  renderingFailure: 'sesRenderingFailureAt',
};

export function createDeliveryLedger(doc: DynamoDBDocumentClient, config: Config): DeliveryLedger {
  const TableName = config.tables.deliveries;
  const get = async (subscriberId: string, editionId: string) => {
    const out = await doc.send(
      new GetCommand({ TableName, Key: { subscriberId, editionId }, ConsistentRead: true }),
    );
    return out.Item ? deliverySchema.parse(out.Item) : undefined;
  };
  const keyOf = (d: Key) => ({ subscriberId: d.subscriberId, editionId: d.editionId });
  /** After a failed condition: the record as it is now (two tries: it may be released in between). */
  const collided = async (d: Key, write: () => Promise<void>): Promise<ClaimResult> => {
    for (let attempt = 0; ; attempt++) {
      try {
        await write();
        return { claimed: true };
      } catch (err) {
        if (!isConditionFailed(err)) throw err;
        const existing = await get(d.subscriberId, d.editionId);
        if (existing) return { claimed: false, existing };
        if (attempt > 0) throw new Error(`ledger record ${d.subscriberId}/${d.editionId} keeps changing`);
      }
    }
  };
  return {
    get,
    claim: (d) =>
      collided(d, async () => {
        await doc.send(
          new PutCommand({
            TableName,
            Item: { ...d, status: 'claimed', attempts: 1 },
            ConditionExpression: 'attribute_not_exists(subscriberId)',
          }),
        );
      }),
    async takeOver(stale, d) {
      try {
        await doc.send(
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
        );
        return { claimed: true };
      } catch (err) {
        if (!isConditionFailed(err)) throw err;
        const existing = await get(d.subscriberId, d.editionId);
        // Released meanwhile: a fresh claim decides.
        if (!existing) return this.claim({ ...d, expiresAt: stale.expiresAt });
        return { claimed: false, existing };
      }
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
      try {
        await doc.send(
          new DeleteCommand({
            TableName,
            Key: keyOf(d),
            ConditionExpression: '#status = :claimed AND claimId = :claimId',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':claimed': 'claimed', ':claimId': d.claimId },
          }),
        );
      } catch (err) {
        if (!isConditionFailed(err)) throw err;
      }
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
