import type { Edition } from '../../functions/schemas/edition';
import { ensureTables } from '../../infra/local/tables';
import { createTestRoot, type TestRoot } from '../support/app';

let deps: TestRoot;
const calls: string[] = [];
const daily: Edition = {
  editionId: 'daily#2026-06-12',
  kind: 'daily',
  date: '2026-06-12',
  paperIds: ['2606.00001', '2606.00002'],
  createdAt: '2026-06-12T06:30:00.000Z',
};
const weekly: Edition = {
  editionId: 'weekly#2026-06-15',
  kind: 'weekly',
  date: '2026-06-15',
  paperIds: ['2606.00001'],
  createdAt: '2026-06-15T06:30:00.000Z',
};
const dailyOn = (date: string): Edition => ({ ...daily, editionId: `daily#${date}`, date });

beforeAll(async () => {
  deps = createTestRoot();
  await ensureTables(deps.aws.dynamo, deps.config.tables);
  // A year of daily editions (in no order) and a weekly one on the newest day.
  const days = Array.from({ length: 60 }, (_, i) =>
    new Date(Date.UTC(2026, 3, 14 + i)).toISOString().slice(0, 10),
  );
  for (const day of [...days].reverse()) await deps.editions.putEdition(dailyOn(day));
  await deps.editions.putEdition(daily);
  await deps.editions.putEdition(weekly);
  await deps.editions.putEdition({ ...weekly, editionId: 'weekly#2026-06-12', date: '2026-06-12' });
  // Observes (does not change) each command the client sends.
  deps.aws.dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'countCalls' },
  );
});
afterAll(() => deps.aws.dynamo.destroy());
beforeEach(() => {
  calls.length = 0;
});

test('the edition store round-trips', async () => {
  expect(await deps.editions.getEdition('daily#2026-06-12')).toEqual(daily);
  expect(await deps.editions.getEdition('daily#2030-01-01')).toBeUndefined();
});

test('the newest editions come newest first, daily before weekly on a day, from one Query per kind', async () => {
  const listed = await deps.editions.listEditions(4);
  expect(listed.map((e) => e.editionId)).toEqual([
    'weekly#2026-06-15',
    'daily#2026-06-12',
    'weekly#2026-06-12',
    'daily#2026-06-11',
  ]);
  // Not a Scan of every edition ever planned: the table grows by one item a day.
  expect(calls.sort()).toEqual(['QueryCommand', 'QueryCommand']);
});
