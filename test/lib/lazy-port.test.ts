import { calls, lazyPort } from '../../functions/lib/lazy-port';

interface Store {
  get(id: string): Promise<string>;
  scan(from: number): AsyncIterable<number[]>;
}

/** A store that counts its builds and its pages read, as an adapter module would be loaded. */
function counted() {
  const seen = { builds: 0, pagesRead: 0 };
  const store: Store = {
    async get(id) {
      return `item ${id} of build ${seen.builds}`;
    },
    async *scan(from) {
      for (let page = from; page < from + 3; page++) {
        seen.pagesRead++;
        yield [page, page];
      }
    },
  };
  return { seen, store };
}

test('nothing loads until the first call; then once, and every method reaches the adapter', async () => {
  const { seen, store } = counted();
  const port = lazyPort(
    async () => {
      seen.builds++;
      return store;
    },
    { get: 'call', scan: 'stream' },
  );
  expect(seen.builds).toBe(0);
  expect(await port.get('a')).toBe('item a of build 1');
  expect(await port.get('b')).toBe('item b of build 1');
  const pages: number[][] = [];
  for await (const page of port.scan(5)) pages.push(page);
  expect(pages).toEqual([
    [5, 5],
    [6, 6],
    [7, 7],
  ]);
  expect(seen.builds).toBe(1);
});

test('a stream read in part stops the adapter at that page', async () => {
  const { seen, store } = counted();
  const port = lazyPort(async () => store, { ...calls('get'), scan: 'stream' });
  for await (const page of port.scan(0)) if (page[0] === 0) break;
  expect(seen.pagesRead).toBe(1);
});

test('a failed load fails the call and is tried again by the next one', async () => {
  let loads = 0;
  const { store } = counted();
  const port = lazyPort(
    async () => {
      loads++;
      if (loads === 1) throw new Error('chunk unreadable');
      return store;
    },
    { get: 'call', scan: 'stream' },
  );
  await expect(port.get('a')).rejects.toThrow('chunk unreadable');
  expect(await port.get('a')).toMatch(/^item a/);
  expect(loads).toBe(2);
});

test("the adapter's errors reach the caller unchanged", async () => {
  const port = lazyPort(
    async (): Promise<Pick<Store, 'get'>> => ({
      get: async () => {
        throw new RangeError('no such item');
      },
    }),
    { get: 'call' },
  );
  await expect(port.get('x')).rejects.toThrow(RangeError);
});

test('calls names the plain methods of a shape', () => {
  expect(calls('get', 'put')).toEqual({ get: 'call', put: 'call' });
});
