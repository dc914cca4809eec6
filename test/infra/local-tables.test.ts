import { randomBytes } from 'node:crypto';
import {
  CreateTableCommand,
  DescribeTableCommand,
  ListTablesCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createEditionStore } from '../../functions/adapters/edition-store';
import type { Config } from '../../functions/config';
import { chunk } from '../../functions/lib/chunk';
import type { Edition } from '../../functions/schemas/edition';
import { createTableInput, ensureTables } from '../../infra/local/tables';
import { TABLES } from '../../infra/tables';
import { createTestRoot, type TestRoot } from '../support/app';

// `.local-data` keeps a user's tables across upgrades: a table made before its spec gained an index
// (the editions table before `byKind`) must come out with the index and every item it held.
let deps: TestRoot;
beforeAll(() => {
  deps = createTestRoot();
});
afterAll(() => deps.aws.dynamo.destroy());

const spec = TABLES.find((t) => t.id === 'editions') as (typeof TABLES)[number];
const editions: Edition[] = Array.from({ length: 60 }, (_, i) => {
  const date = new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10);
  return {
    editionId: `daily#${date}`,
    kind: 'daily',
    date,
    paperIds: [`2601.${i}`],
    createdAt: `${date}T06:30:00.000Z`,
  };
});

function freshNames(): Config['tables'] {
  const prefix = `lt${randomBytes(4).toString('hex')}-`;
  return Object.fromEntries(TABLES.map((t) => [t.id, `${prefix}${t.id}`])) as Config['tables'];
}

/** The editions table as it was made before `byKind` (its key only), holding `items`. */
async function oldTable(name: string, items: Edition[]): Promise<void> {
  const { GlobalSecondaryIndexes: _, ...input } = createTableInput(spec, name);
  await deps.aws.dynamo.send(
    new CreateTableCommand({
      ...input,
      AttributeDefinitions: [{ AttributeName: 'editionId', AttributeType: 'S' }],
    }),
  );
  await put(name, items);
}

/** A table as the spec makes it now, holding `items`. */
async function newTable(name: string, items: Edition[]): Promise<void> {
  await deps.aws.dynamo.send(new CreateTableCommand(createTableInput(spec, name)));
  await put(name, items);
}

async function put(name: string, items: Edition[]): Promise<void> {
  for (const batch of chunk(items, 25))
    await deps.aws.doc.send(
      new BatchWriteCommand({ RequestItems: { [name]: batch.map((Item) => ({ PutRequest: { Item } })) } }),
    );
}

async function after(names: Config['tables']) {
  const name = names.editions;
  const table = (await deps.aws.dynamo.send(new DescribeTableCommand({ TableName: name }))).Table;
  const items = (await deps.aws.dynamo.send(new ScanCommand({ TableName: name }))).Items ?? [];
  const tables = (await deps.aws.dynamo.send(new ListTablesCommand({ ExclusiveStartTableName: name })))
    .TableNames;
  const newest = await createEditionStore(deps.aws.doc, { tables: names }).listEditions(2);
  return {
    indexes: (table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName),
    ids: items.map((i) => i.editionId?.S).sort(),
    copyLeft: (tables ?? []).includes(`${name}--rebuild`),
    newest: newest.map((e) => e.editionId),
  };
}

const whole = {
  indexes: ['byKind'],
  ids: editions.map((e) => e.editionId).sort(),
  copyLeft: false,
  newest: ['daily#2026-03-01', 'daily#2026-02-28'],
};

test('a table made before its spec gained an index is rebuilt with it, every item kept', async () => {
  const names = freshNames();
  await oldTable(names.editions, editions);
  await ensureTables(deps.aws.dynamo, names);
  expect(await after(names)).toEqual(whole);
  // A second start finds nothing to do.
  await ensureTables(deps.aws.dynamo, names);
  expect(await after(names)).toEqual(whole);
});

test.each([
  {
    name: 'while the copy was filling (the table still whole, without the index)',
    table: (n: string) => oldTable(n, editions),
    copy: (n: string) => newTable(n, editions.slice(0, 10)),
  },
  {
    name: 'after the table was dropped (the copy whole)',
    table: async () => {},
    copy: (n: string) => newTable(n, editions),
  },
  {
    name: 'while the table was refilling (the copy whole)',
    table: (n: string) => newTable(n, editions.slice(0, 10)),
    copy: (n: string) => newTable(n, editions),
  },
])('a rebuild cut short $name is finished by the next start, nothing lost', async (c) => {
  const names = freshNames();
  await c.table(names.editions);
  await c.copy(`${names.editions}--rebuild`);
  await ensureTables(deps.aws.dynamo, names);
  expect(await after(names)).toEqual(whole);
});
