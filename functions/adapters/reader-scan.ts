import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import type { ReaderRef } from '../ports';
import { scanPages } from './dynamodb';

/**
 * One segment of a parallel Scan over the subscribers table, page by page, keeping only active,
 * unsuppressed readers. The caller holds one page at a time, never the whole list.
 */
export function scanActiveReaders(
  doc: DynamoDBDocumentClient,
  config: Config,
  segment: number,
  totalSegments: number,
): AsyncGenerator<ReaderRef[]> {
  return scanPages<ReaderRef>(doc, {
    TableName: config.tables.subscribers,
    Segment: segment,
    TotalSegments: totalSegments,
    FilterExpression: '#status = :active AND attribute_not_exists(suppressed)',
    ProjectionExpression: 'id, email, frequency, topics',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':active': 'active' },
  });
}
