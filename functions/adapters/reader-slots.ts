import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandOutput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import type { DueReader, Subscribers } from '../ports';
import { BY_SLOT_PROJECTION } from '../schemas/subscriber';
import { conditional, scanPages } from './dynamodb';

/** What the `bySlot` GSI projects (infra/tables.ts): the keys and what routing a reader needs. */
const DUE_FIELDS = ['id', 'slotShard', 'nextSlot', ...BY_SLOT_PROJECTION] as const;

/**
 * The planner tick's side of the subscribers table: the readers due in a tick by the `bySlot` GSI
 * (`slotShard = :s AND nextSlot <= :until`, so overdue readers come too), and the conditional writes
 * that move a reader's slot on. Part of the `subscribers` port.
 */
export function createReaderSlots(
  doc: DynamoDBDocumentClient,
  config: Config,
): Pick<Subscribers, 'dueInShard' | 'advanceSlot' | 'markServed' | 'unslot' | 'scanUnslotted' | 'fileSlot'> {
  const TableName = config.tables.subscribers;
  return {
    async *dueInShard(shard, until, opts = {}) {
      let start: Record<string, unknown> | undefined;
      do {
        const page: QueryCommandOutput = await doc.send(
          new QueryCommand({
            TableName,
            IndexName: 'bySlot',
            KeyConditionExpression: 'slotShard = :s AND nextSlot <= :until',
            ExpressionAttributeValues: { ':s': shard, ':until': until },
            ExclusiveStartKey: start,
          }),
        );
        opts.onRead?.(page.ScannedCount ?? 0);
        const readers = (page.Items ?? []) as DueReader[];
        if (readers.length) yield readers;
        start = page.LastEvaluatedKey;
      } while (start);
    },

    advanceSlot: (id, from, to) =>
      conditional(() =>
        doc.send(
          new UpdateCommand({
            TableName,
            Key: { id },
            UpdateExpression: 'SET nextSlot = :next, servedDay = :day',
            ConditionExpression: 'nextSlot = :from',
            ExpressionAttributeValues: { ':next': to.nextSlot, ':day': to.servedDay, ':from': from },
          }),
        ),
      ),

    async markServed(id, day) {
      // The slot moved under us (the reader changed their hour meanwhile): the day still counts as served.
      await conditional(() =>
        doc.send(
          new UpdateCommand({
            TableName,
            Key: { id },
            UpdateExpression: 'SET servedDay = :day',
            ConditionExpression:
              'attribute_exists(id) AND (attribute_not_exists(servedDay) OR servedDay < :day)',
            ExpressionAttributeValues: { ':day': day },
          }),
        ),
      );
    },

    unslot: (id, from) =>
      conditional(() =>
        doc.send(
          new UpdateCommand({
            TableName,
            Key: { id },
            UpdateExpression: 'REMOVE nextSlot, slotShard',
            ConditionExpression: 'nextSlot = :from',
            ExpressionAttributeValues: { ':from': from },
          }),
        ),
      ),

    scanUnslotted: (segment, totalSegments) =>
      scanPages<DueReader>(doc, {
        TableName,
        Segment: segment,
        TotalSegments: totalSegments,
        FilterExpression:
          '#status = :active AND attribute_not_exists(suppressed) AND attribute_not_exists(nextSlot)',
        ProjectionExpression: DUE_FIELDS.map((f) => `#${f}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(DUE_FIELDS.map((f) => [`#${f}`, f])),
        ExpressionAttributeValues: { ':active': 'active' },
      }),

    fileSlot: (id, slot) =>
      conditional(() =>
        doc.send(
          new UpdateCommand({
            TableName,
            Key: { id },
            UpdateExpression: 'SET nextSlot = :next, slotShard = :shard',
            ConditionExpression: '#status = :active AND attribute_not_exists(nextSlot)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':next': slot.nextSlot,
              ':shard': slot.slotShard,
              ':active': 'active',
            },
          }),
        ),
      ),
  };
}
