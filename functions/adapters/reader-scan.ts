import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import type { ReaderRef } from '../ports';

/**
 * One segment of a parallel Scan over the subscribers table, page by page, keeping only active,
 * unsuppressed readers. The caller holds one page at a time, never the whole list.
 */
export async function* scanActiveReaders(
  doc: DynamoDBDocumentClient,
  config: Config,
  segment: number,
  totalSegments: number,
): AsyncGenerator<ReaderRef[]> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: config.tables.subscribers,
        Segment: segment,
        TotalSegments: totalSegments,
        FilterExpression: '#status = :active AND attribute_not_exists(suppressed)',
        ProjectionExpression: 'id, email, frequency, topics',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':active': 'active' },
        ExclusiveStartKey: start,
      }),
    );
    const readers = (page.Items ?? []) as ReaderRef[];
    if (readers.length) yield readers;
    start = page.LastEvaluatedKey;
  } while (start);
}
