import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import type { Config } from '../../functions/config';
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

async function exists(client: DynamoDBClient, name: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: name }));
    return true;
  } catch (err) {
    if (err instanceof ResourceNotFoundException) return false;
    throw err;
  }
}

/** Creates every table that is missing (local stack and tests only; AWS tables come from CDK). */
export async function ensureTables(client: DynamoDBClient, names: Config['tables']): Promise<void> {
  for (const spec of TABLES) {
    const name = names[spec.id];
    if (await exists(client, name)) continue;
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
}
