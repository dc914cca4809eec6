import { onFirstUse } from './on-first-use';

/** How a port's method answers: a promise (`call`), or an async iterable read page by page (`stream`). */
export type PortShape<P> = { readonly [K in keyof P]: 'call' | 'stream' };

type Method = (...args: unknown[]) => unknown;

/** `calls('get', 'put')` → `{ get: 'call', put: 'call' }`: the plain methods of a shape, named once each. */
export const calls = <K extends string>(...names: K[]): Record<K, 'call'> =>
  Object.fromEntries(names.map((name) => [name, 'call'])) as Record<K, 'call'>;

/**
 * A port whose adapter is built on its first call: every method waits for `load` (once; a failed load is
 * tried again by the next call), then calls the adapter's own method. `shape` names every method, so the
 * wrapper cannot miss one (the type demands them all). A Lambda root passes `load = () => import(...)`:
 * the adapter's code is then a chunk of its own that a cold start loads only when it uses the port.
 */
export function lazyPort<P extends object>(load: () => Promise<P>, shape: PortShape<P>): P {
  const port = onFirstUse(load);
  const call = async (name: string, args: unknown[]) => {
    const adapter = await port();
    return (adapter[name as keyof P] as Method).apply(adapter, args);
  };
  const methods: Record<string, Method> = {};
  for (const [name, kind] of Object.entries(shape)) {
    methods[name] =
      kind === 'stream'
        ? async function* (...args: unknown[]) {
            yield* (await call(name, args)) as AsyncIterable<unknown>;
          }
        : (...args: unknown[]) => call(name, args);
  }
  return methods as P;
}
