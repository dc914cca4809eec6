import type { Edition } from '../../functions/schemas/edition';
import { startTestApp } from '../support/app';

let app: Awaited<ReturnType<typeof startTestApp>>;
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

beforeAll(async () => {
  app = await startTestApp();
  await app.deps.editionStore.putEdition(daily);
  await app.deps.editionStore.putEdition(weekly);
  await app.deps.editionStore.putEdition({
    ...daily,
    editionId: 'daily#2026-06-11',
    date: '2026-06-11',
    paperIds: [],
  });
});
afterAll(() => app.stop());

test('the edition store round-trips and lists newest first', async () => {
  expect(await app.deps.editionStore.getEdition('daily#2026-06-12')).toEqual(daily);
  expect(await app.deps.editionStore.getEdition('daily#2030-01-01')).toBeUndefined();
  const listed = await app.deps.editionStore.listEditions(2);
  expect(listed.map((e) => e.editionId)).toEqual(['weekly#2026-06-15', 'daily#2026-06-12']);
});
