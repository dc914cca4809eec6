import {
  type AttributeValue,
  BatchWriteItemCommand,
  CreateTableCommand,
  type CreateTableCommandInput,
  DeleteTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  ScanCommand,
  type TableDescription,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { untilProcessed } from '../../functions/adapters/dynamodb';
import type { Config } from '../../functions/config';
import { chunk } from '../../functions/lib/chunk';
import { type KeyAttr, TABLES, type TableSpec } from '../tables';

const attrDefs = (spec: TableSpec) => {
  const all: KeyAttr[] = [spec.partitionKey, ...(spec.sortKey ? [spec.sortKey] : [])];
  for (const gsi of spec.globalSecondaryIndexes ?? [])
    all.push(gsi.partitionKey, ...(gsi.sortKey ? [gsi.sortKey] : []));
  const unique = new Map(all.map((a) => [a.name, a]));
  return [...unique.values()].map((a) => ({ AttributeName: a.name, AttributeType: a.type }));
};

const keySchema = (pk: KeyAttr, sk?: KeyAttr) => [
  { AttributeName: pk.name, KeyType: 'HASH' as const },
  ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' as const }] : []),
];

export function createTableInput(spec: TableSpec, tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attrDefs(spec),
    KeySchema: keySchema(spec.partitionKey, spec.sortKey),
    GlobalSecondaryIndexes: spec.globalSecondaryIndexes?.map((g) => ({
      IndexName: g.indexName,
      KeySchema: keySchema(g.partitionKey, g.sortKey),
      Projection: g.nonKeyAttributes
        ? { ProjectionType: 'INCLUDE', NonKeyAttributes: g.nonKeyAttributes }
        : { ProjectionType: 'ALL' },
    })),
  };
}

async function describe(client: DynamoDBClient, name: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (err) {
    if (err instanceof ResourceNotFoundException) return undefined;
    throw err;
  }
}

/** Creates one table as its spec says, with its time to live. */
async function createTable(client: DynamoDBClient, spec: TableSpec, name: string): Promise<void> {
  await client.send(new CreateTableCommand(createTableInput(spec, name)));
  if (spec.timeToLiveAttribute) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: name,
        TimeToLiveSpecification: { AttributeName: spec.timeToLiveAttribute, Enabled: true },
      }),
    );
  }
}

/** The spec's indexes the table lacks. */
const missingIndexes = (spec: TableSpec, table: TableDescription): string[] => {
  const have = new Set((table.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName));
  return (spec.globalSecondaryIndexes ?? []).map((g) => g.indexName).filter((n) => !have.has(n));
};

/**
 * Creates every table that is missing, and rebuilds one whose spec gained an index since it was made
 * (`.local-data` keeps tables across upgrades; on AWS, CDK adds the index). Local stack and tests only.
 */
export async function ensureTables(client: DynamoDBClient, names: Config['tables']): Promise<void> {
  for (const spec of TABLES) {
    const name = names[spec.id];
    const table = await describe(client, name);
    if (await resumeRebuild(client, spec, name, table)) continue;
    if (!table) await createTable(client, spec, name);
    else if (missingIndexes(spec, table).length > 0) await rebuildTable(client, spec, name);
  }
}

/**
 * A local table whose spec gained an index is rebuilt, not updated: DynamoDB Local's online index
 * creation (UpdateTable) now and then never leaves CREATING (seen 2026-12-02: the third of fifteen
 * tables stuck for 60 s and more, and every later one refused). The items are copied to
 * `<name>--rebuild`, made as the spec says; the table is dropped only once the copy holds as many
 * items, made again and filled from the copy, which is dropped last. So a rebuild cut short at any
 * point loses nothing, and the next start finishes it (`resumeRebuild`).
 */
const copyName = (name: string) => `${name}--rebuild`;

async function rebuildTable(client: DynamoDBClient, spec: TableSpec, name: string): Promise<void> {
  const copy = copyName(name);
  await createTable(client, spec, copy);
  const copied = await copyItems(client, name, copy);
  const held = await countItems(client, copy);
  if (held !== copied)
    throw new Error(`rebuilding ${name}: the copy holds ${held} of ${copied} items; nothing dropped`);
  await client.send(new DeleteTableCommand({ TableName: name }));
  await refill(client, spec, name);
}

/**
 * Finishes a rebuild that a stop cut short; false when there is none. While the table still lacks the
 * index it was never dropped, so a copy of it may be partial: the copy goes and the rebuild starts over.
 */
async function resumeRebuild(
  client: DynamoDBClient,
  spec: TableSpec,
  name: string,
  table: TableDescription | undefined,
): Promise<boolean> {
  const copy = copyName(name);
  if (!(await describe(client, copy))) return false;
  if (table && missingIndexes(spec, table).length > 0) {
    await client.send(new DeleteTableCommand({ TableName: copy }));
    await rebuildTable(client, spec, name);
  } else {
    await refill(client, spec, name, table !== undefined);
  }
  return true;
}

/** The table made again (unless it is there) and filled from the complete copy, then the copy dropped. */
async function refill(client: DynamoDBClient, spec: TableSpec, name: string, exists = false): Promise<void> {
  const copy = copyName(name);
  if (!exists) await createTable(client, spec, name);
  await copyItems(client, copy, name); // puts of whole items: copying twice changes nothing
  await client.send(new DeleteTableCommand({ TableName: copy }));
}

/** Every item of `from` put into `to`, raw attribute values (no marshalling round trip); how many. */
async function copyItems(client: DynamoDBClient, from: string, to: string): Promise<number> {
  let count = 0;
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: from, ExclusiveStartKey: start }));
    for (const batch of chunk(page.Items ?? [], 25)) {
      await untilProcessed(
        batch.map((Item) => ({ PutRequest: { Item } })),
        async (rest) => {
          const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [to]: rest } }));
          return out.UnprocessedItems?.[to] as typeof rest | undefined;
        },
        { failure: `copying ${from} to ${to}`, attempts: 8, startingDelayMs: 50 },
      );
      count += batch.length;
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}

async function countItems(client: DynamoDBClient, name: string): Promise<number> {
  let count = 0;
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: name, Select: 'COUNT', ExclusiveStartKey: start }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}
