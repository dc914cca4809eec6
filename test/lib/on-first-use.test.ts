import { onFirstUse } from '../../functions/lib/on-first-use';

test('onFirstUse builds once, and again after a failed build', async () => {
  let builds = 0;
  const value = onFirstUse(async () => {
    builds++;
    if (builds === 1) throw new Error('first build fails');
    return builds;
  });
  await expect(value()).rejects.toThrow('first build fails');
  expect(await value()).toBe(2);
  expect(await value()).toBe(2);
  expect(builds).toBe(2);
});
