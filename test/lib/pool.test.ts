import { createLanes, pool } from '../../functions/lib/pool';

const tick = () => new Promise((r) => setImmediate(r));

test('lanes: at most `size` tasks at once across all callers, taken in arrival order, freed on failure', async () => {
  // Prepare: three pools (a batch's pages) of four tasks each, through three lanes.
  const lanes = createLanes(3);
  let running = 0;
  let most = 0;
  const started: string[] = [];
  const task = (name: string) =>
    lanes(async () => {
      started.push(name);
      most = Math.max(most, ++running);
      await tick();
      running--;
      if (name === 'a1') throw new Error('a1 fails');
    });

  // Act
  const pages = ['a', 'b', 'c'].map((page) =>
    pool([0, 1, 2, 3], 3, async (i) => {
      await task(`${page}${i}`).catch(() => {});
    }),
  );
  await Promise.all(pages);

  // Assess
  expect(most).toBe(3);
  expect(started).toHaveLength(12);
  // Every page may use every lane: the first three come from page a, in order.
  expect(started.slice(0, 3)).toEqual(['a0', 'a1', 'a2']);
});
