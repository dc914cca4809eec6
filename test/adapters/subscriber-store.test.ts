import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RelevanceState } from '../../functions/schemas/relevance';
import { ensureTables } from '../../infra/local/tables';
import { createTestRoot, type TestRoot } from '../support/app';
import { putSubscriber } from '../support/seed';

let deps: TestRoot;
const calls: string[] = [];

beforeAll(async () => {
  deps = createTestRoot();
  await ensureTables(deps.aws.dynamo, deps.config.tables);
  // Observes (does not change) each command the client sends.
  deps.aws.dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'countCalls' },
  );
});
beforeEach(() => {
  calls.length = 0;
});

test('a page of readers is one BatchGetItem: found ones by id, unknown ids absent', async () => {
  const readers = await Promise.all([0, 1, 2].map((i) => putSubscriber(deps, `batch-${i}@example.com`)));
  calls.length = 0;
  const ids = readers.map((r) => r.id);
  const got = await deps.subscribers.getMany([...ids, 'no-such-reader', ids[0] as string]);
  expect(calls).toEqual(['BatchGetItemCommand']);
  expect([...got.keys()].sort()).toEqual([...ids].sort());
  expect(got.get(ids[1] as string)).toEqual(readers[1]);
});

test('more than 100 ids: one BatchGetItem per 100', async () => {
  const ids = Array.from({ length: 150 }, (_, i) => `absent-${i}`);
  const got = await deps.subscribers.getMany(ids);
  expect(got.size).toBe(0);
  expect(calls).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand']);
});

test('an item that does not parse is an Error for that reader, the others still come', async () => {
  const good = await putSubscriber(deps, 'batch-good@example.com');
  await deps.aws.doc.send(
    new PutCommand({ TableName: deps.config.tables.subscribers, Item: { id: 'broken', email: 42 } }),
  );
  const got = await deps.subscribers.getMany([good.id, 'broken']);
  expect(got.get(good.id)).toEqual(good);
  expect(got.get('broken')).toBeInstanceOf(Error);
});

test('keys DynamoDB leaves unprocessed are asked for again until every one is answered', async () => {
  const readers = await Promise.all([0, 1, 2, 3].map((i) => putSubscriber(deps, `unproc-${i}@example.com`)));
  let answered = 0;
  // Fault injection (DynamoDB Local never leaves keys unprocessed): the first two answers keep only one item.
  deps.aws.dynamo.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      const output = (out.output ?? {}) as {
        Responses?: Record<string, Record<string, unknown>[]>;
        UnprocessedKeys?: Record<string, { Keys: Record<string, unknown>[] }>;
      };
      const table = deps.config.tables.subscribers;
      const items = output.Responses?.[table];
      if (answered++ < 2 && items && items.length > 1) {
        output.Responses = { [table]: items.slice(0, 1) };
        output.UnprocessedKeys = {
          [table]: { Keys: items.slice(1).map((it) => ({ id: it.id })) },
        };
      }
      return out;
    },
    { step: 'initialize', name: 'unprocessedKeys' },
  );
  try {
    const got = await deps.subscribers.getMany(readers.map((r) => r.id));
    expect([...got.keys()].sort()).toEqual(readers.map((r) => r.id).sort());
    expect(calls.filter((c) => c === 'BatchGetItemCommand')).toHaveLength(3);
  } finally {
    deps.aws.dynamo.middlewareStack.remove('unprocessedKeys');
  }
});

test('the learned profile is stored as a term → weight map (items before still parse) and read as arrays', async () => {
  const relevance: RelevanceState = {
    terms: ['diffus', '@a. author'],
    weights: [0.5, -0.25],
    presses: 2,
    recent: [],
  };
  const reader = await putSubscriber(deps, 'profile-map@example.com', { relevance });
  const raw = async () =>
    (
      await deps.aws.doc.send(
        new GetCommand({ TableName: deps.config.tables.subscribers, Key: { id: reader.id } }),
      )
    ).Item;
  expect((await raw())?.relevance).toEqual({
    weights: { diffus: 0.5, '@a. author': -0.25 },
    presses: 2,
    recent: [],
  });
  // In the order DynamoDB gives the map back (its own, not the order written).
  const read = (await deps.subscribers.get(reader.id))?.relevance;
  const pairs = (s?: typeof relevance) => s?.terms.map((t, k) => [t, s.weights[k]]).sort();
  expect(pairs(read)).toEqual(pairs(relevance));
  expect(read).toMatchObject({ presses: 2, recent: [] });
  // An update writes the same stored form.
  const learned = { ...relevance, terms: ['token'], weights: [0.75], presses: 3 };
  expect(await deps.subscribers.updateIf(reader.id, reader.tokenVersion, { relevance: learned })).toBe(true);
  expect((await raw())?.relevance).toEqual({ weights: { token: 0.75 }, presses: 3, recent: [] });
  expect((await deps.subscribers.getMany([reader.id])).get(reader.id)).toMatchObject({ relevance: learned });
});
