import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type * as z from 'zod';
import type { Config } from '../config';
import { chunk } from '../lib/chunk';
import type { Subscribers } from '../ports';
import { type Subscriber, subscriberSchema } from '../schemas/subscriber';
import { createBounceCounter } from './bounce-counter';
import { conditional, untilProcessed } from './dynamodb';
import { scanActiveReaders } from './reader-scan';
import { createReaderSlots } from './reader-slots';

const fieldSchemas: Partial<Record<string, z.ZodType>> = subscriberSchema.shape;
/**
 * The `subscribers` port (functions/ports.ts) on the subscribers table. Items are read through
 * `subscriberSchema` and written through its `encode` (the stored form: the relevance profile as a map).
 * Every write that can race is
 * conditional: a write whose condition fails returns `false` and the use-case re-reads and decides.
 * The planner's parallel Scan (reader-scan.ts) and the transient-bounce counter (bounce-counter.ts)
 * are parts of the same port.
 */
/** BatchGetItem's limit per call. */
const BATCH_GET_KEYS = 100;

export function createSubscriberStore(doc: DynamoDBDocumentClient, config: Config): Subscribers {
  const table = config.tables.subscribers;
  const bounces = createBounceCounter(doc, config);
  const deliveries = config.tables.deliveries;

  async function deliveriesOf(id: string) {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(
        new QueryCommand({
          TableName: deliveries,
          KeyConditionExpression: 'subscriberId = :id',
          ExpressionAttributeValues: { ':id': id },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  return {
    async get(id) {
      const out = await doc.send(new GetCommand({ TableName: table, Key: { id }, ConsistentRead: true }));
      return out.Item ? subscriberSchema.parse(out.Item) : undefined;
    },

    async getMany(ids) {
      const found = new Map<string, Subscriber | Error>();
      for (const part of chunk([...new Set(ids)], BATCH_GET_KEYS)) {
        await untilProcessed(
          part.map((id): Record<string, unknown> => ({ id })),
          async (keys) => {
            const out: BatchGetCommandOutput = await doc.send(
              new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }),
            );
            for (const item of out.Responses?.[table] ?? []) {
              const parsed = subscriberSchema.safeParse(item);
              found.set(
                String(item.id),
                parsed.success ? parsed.data : new Error(`subscriber ${item.id}: ${parsed.error.message}`),
              );
            }
            return out.UnprocessedKeys?.[table]?.Keys;
          },
          { failure: 'the subscribers table left keys unprocessed', attempts: 8, startingDelayMs: 40 },
        );
      }
      return found;
    },

    create: (subscriber) =>
      conditional(() =>
        doc.send(
          new PutCommand({
            TableName: table,
            Item: subscriberSchema.encode(subscriber),
            ConditionExpression: 'attribute_not_exists(id)',
          }),
        ),
      ),

    replaceIf: (subscriber, expected) =>
      conditional(() =>
        doc.send(
          new PutCommand({
            TableName: table,
            Item: subscriberSchema.encode(subscriber),
            ConditionExpression: '#status = :status AND tokenVersion = :ver',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':status': expected.status, ':ver': expected.tokenVersion },
          }),
        ),
      ),

    updateIf: (id, tokenVersion, set, opts = {}) => {
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = { ':ver': tokenVersion };
      const sets: string[] = [];
      for (const [k, v] of Object.entries(set)) {
        if (v === undefined) continue;
        names[`#${k}`] = k;
        // Each value in its stored form, through its field's schema, as create and replaceIf write
        // whole items (the relevance profile: arrays in memory, a map in the item).
        values[`:${k}`] = fieldSchemas[k]?.encode(v) ?? v;
        sets.push(`#${k} = :${k}`);
      }
      const removes = (opts.remove ?? []).map((k) => {
        names[`#${k}`] = k;
        return `#${k}`;
      });
      let condition = 'attribute_exists(id) AND tokenVersion = :ver';
      if (opts.statusIs) {
        names['#status'] = 'status';
        values[':expectedStatus'] = opts.statusIs;
        condition += ' AND #status = :expectedStatus';
      }
      if (opts.updatedAtIs) {
        names['#updatedAtIs'] = 'updatedAt';
        values[':expectedUpdatedAt'] = opts.updatedAtIs;
        condition += ' AND #updatedAtIs = :expectedUpdatedAt';
      }
      const update = [
        sets.length ? `SET ${sets.join(', ')}` : '',
        removes.length ? `REMOVE ${removes.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join(' ');
      return conditional(() =>
        doc.send(
          new UpdateCommand({
            TableName: table,
            Key: { id },
            UpdateExpression: update,
            ConditionExpression: condition,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        ),
      );
    },

    async erase(id) {
      // Ledger first: if this fails half way, the token still works and the reader can try again.
      const items = await deliveriesOf(id);
      type Delete = { DeleteRequest: { Key: Record<string, unknown> } };
      for (const batch of chunk(items, 25)) {
        const requests: Delete[] = batch.map((it) => ({
          DeleteRequest: { Key: { subscriberId: it.subscriberId, editionId: it.editionId } },
        }));
        await untilProcessed(
          requests,
          async (rest) => {
            const out = await doc.send(new BatchWriteCommand({ RequestItems: { [deliveries]: rest } }));
            return out.UnprocessedItems?.[deliveries] as Delete[] | undefined;
          },
          {
            failure: 'could not delete every delivery item',
            attempts: 10,
            startingDelayMs: 100,
            maxDelayMs: 3_200,
          },
        );
      }
      await doc.send(new DeleteCommand({ TableName: table, Key: { id } }));
      return { deliveriesDeleted: items.length };
    },

    deliveriesOf,

    scanActive: (segment, totalSegments) => scanActiveReaders(doc, config, segment, totalSegments),
    ...createReaderSlots(doc, config),
    countTransientBounce: (id, messageId) => bounces.increment(id, messageId),
    clearTransientBounces: (id) => bounces.reset(id),

    async ping() {
      await doc.send(new GetCommand({ TableName: table, Key: { id: '__healthz__' } }));
    },
  };
}
