import { BY_SLOT_PROJECTION } from '../functions/schemas/subscriber';

/**
 * The DynamoDB tables, declared once: the CDK stack and the local stack both build their tables
 * from these specs, so local and cloud keys can never drift apart.
 */
export type KeyAttr = { name: string; type: 'S' | 'N' };

export interface TableSpec {
  /** Logical name: the key in `config.tables`, and the suffix of the local table name. */
  id: 'subscribers' | 'papers' | 'editions' | 'deliveries' | 'throttles';
  partitionKey: KeyAttr;
  sortKey?: KeyAttr;
  timeToLiveAttribute?: string;
  globalSecondaryIndexes?: {
    indexName: string;
    partitionKey: KeyAttr;
    sortKey?: KeyAttr;
    /** Projected attributes besides the keys; absent: every attribute. */
    nonKeyAttributes?: string[];
  }[];
  /** Holds data that must survive a stack deletion (RETAIN, deletion protection). */
  holdsData: boolean;
}

export const TABLES: readonly TableSpec[] = [
  {
    id: 'subscribers',
    partitionKey: { name: 'id', type: 'S' },
    timeToLiveAttribute: 'expiresAt',
    // The planner's tick: `slotShard = :s AND nextSlot <= :tick` per shard reads only the readers due
    // (sparse: only items with a slot are in it). Small projection: what routing a reader needs.
    globalSecondaryIndexes: [
      {
        indexName: 'bySlot',
        partitionKey: { name: 'slotShard', type: 'N' },
        sortKey: { name: 'nextSlot', type: 'S' },
        nonKeyAttributes: [...BY_SLOT_PROJECTION],
      },
    ],
    holdsData: true,
  },
  {
    id: 'papers',
    partitionKey: { name: 'arxivId', type: 'S' },
    globalSecondaryIndexes: [
      {
        indexName: 'byDailyDate',
        partitionKey: { name: 'dailyDate', type: 'S' },
        sortKey: { name: 'arxivId', type: 'S' },
      },
    ],
    holdsData: true,
  },
  {
    id: 'editions',
    partitionKey: { name: 'editionId', type: 'S' },
    // The newest editions of a kind (the signup page's sample, the list, the feed): a Query, not a Scan.
    // Two partitions (daily, weekly) with one write a day each; reads are a few items.
    globalSecondaryIndexes: [
      {
        indexName: 'byKind',
        partitionKey: { name: 'kind', type: 'S' },
        sortKey: { name: 'date', type: 'S' },
      },
    ],
    holdsData: true,
  },
  {
    id: 'deliveries',
    partitionKey: { name: 'subscriberId', type: 'S' },
    sortKey: { name: 'editionId', type: 'S' },
    timeToLiveAttribute: 'expiresAt',
    holdsData: true,
  },
  {
    id: 'throttles',
    partitionKey: { name: 'key', type: 'S' },
    timeToLiveAttribute: 'expiresAt',
    holdsData: false,
  },
];
