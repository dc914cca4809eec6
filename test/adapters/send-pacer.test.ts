import { createSendPacer, type SendSlot } from '../../functions/adapters/send-rate';
import { maxInOneSecond } from '../support/send-windows';

// The pacer's own clock and timers, faked: the grid, the window and the catch-up are checked exactly.
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/**
 * `n` callers take a slot each; each request enters the client `hop(i)` ms after its slot (0: at once).
 * Resolves, just after the last one entered, with the times they got their slot and entered.
 */
async function sends(take: () => Promise<SendSlot>, n: number, hop: (i: number) => number = () => 0) {
  const granted: number[] = [];
  const entered: number[] = [];
  for (let i = 0; i < n; i++)
    void take().then((slot) => {
      granted.push(Date.now());
      setTimeout(() => {
        entered.push(Date.now());
        slot.entered(Date.now());
      }, hop(i));
    });
  while (entered.length < n) await jest.advanceTimersByTimeAsync(1);
  return { granted, entered };
}

test('a busy pacer keeps the grid: the rate per second, never more than the rate in any one-second window', async () => {
  // Prepare
  const take = createSendPacer(20, () => Date.now());

  // Act
  const { entered } = await sends(take, 200);

  // Assess
  expect(maxInOneSecond(entered)).toBeLessThanOrEqual(20);
  const perSecond = ((entered.length - 1) / ((entered.at(-1) as number) - (entered[0] as number))) * 1000;
  expect(perSecond).toBeGreaterThan(19.95);
});

test('at 2/s six callers at once go at least 0.6 of a slot apart, two in any one-second window', async () => {
  // Prepare
  const take = createSendPacer(2, () => Date.now());

  // Act
  const { entered } = await sends(take, 6);

  // Assess
  const gaps = entered.slice(1).map((t, i) => t - (entered[i] as number));
  for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(0.6 * 500);
  expect(maxInOneSecond(entered)).toBeLessThanOrEqual(2);
});

test('the window counts where requests enter the client: a slow hop into the SDK delays the sends a window later, it never lets two closer', async () => {
  // Prepare: at 5/s, every third request takes 150 ms from its slot into the client (a busy event loop).
  const take = createSendPacer(5, () => Date.now());

  // Act
  const { granted, entered } = await sends(take, 40, (i) => (i % 3 === 1 ? 150 : 0));

  // Assess: at the client, never more than 5 in a second; had the window counted the slots it granted,
  // a late request and the next window's punctual one would have entered within the same second.
  expect(maxInOneSecond(entered)).toBeLessThanOrEqual(5);
  expect(maxInOneSecond(granted)).toBeLessThanOrEqual(5);
  // ... and the lateness costs what it was, not a fixed margin: 40 sends take about 8 windows and the hops.
  expect((entered.at(-1) as number) - (entered[0] as number)).toBeLessThan(8 * 1000 + 8 * 150);
});

test('a slot that ends without entering counts as entered when it ended; one still on its way holds its place', async () => {
  // Prepare: 1/s; the first send is on its way for 3 s, then ends without saying it entered.
  const take = createSendPacer(1, () => Date.now());
  const first = await take();
  const t0 = Date.now();
  let secondAt: number | undefined;
  void take().then((slot) => {
    secondAt = Date.now();
    slot.entered(Date.now());
  });

  // Act
  await jest.advanceTimersByTimeAsync(3000);
  const whileOnItsWay = secondAt;
  first.done();
  await jest.advanceTimersByTimeAsync(1002);

  // Assess: nothing while the first was on its way, then one window after it ended.
  expect(whileOnItsWay).toBeUndefined();
  expect((secondAt as number) - t0).toBeGreaterThanOrEqual(3000 + 1000);
});
