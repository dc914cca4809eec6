import { createSendPacer } from '../../functions/adapters/send-rate';
import { maxInOneSecond } from '../support/send-windows';

// The pacer's own clock and timers, faked: the grid, the window and the catch-up are checked exactly.
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/** `n` callers take a slot each; resolves, just after the last one got it, with the times they got it. */
async function sends(take: () => Promise<void>, n: number): Promise<number[]> {
  const at: number[] = [];
  for (let i = 0; i < n; i++) void take().then(() => at.push(Date.now()));
  while (at.length < n) await jest.advanceTimersByTimeAsync(1);
  return at;
}

test('a busy pacer keeps the grid: rate × 1000/1015 per second, never more than the rate in any one-second window', async () => {
  // Prepare
  const take = createSendPacer(20, () => Date.now());

  // Act
  const at = await sends(take, 200);

  // Assess
  expect(maxInOneSecond(at)).toBeLessThanOrEqual(20);
  const perSecond = ((at.length - 1) / ((at.at(-1) as number) - (at[0] as number))) * 1000;
  expect(perSecond).toBeGreaterThan(19.6);
});

test('at 2/s six callers at once go at least 0.6 of a slot apart, two in any one-second window', async () => {
  // Prepare
  const take = createSendPacer(2, () => Date.now());

  // Act
  const at = await sends(take, 6);

  // Assess
  const gaps = at.slice(1).map((t, i) => t - (at[i] as number));
  for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(0.6 * 507.5);
  expect(maxInOneSecond(at)).toBeLessThanOrEqual(2);
});
