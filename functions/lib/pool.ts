/** Runs `task` over `items` with at most `limit` in flight, each item once, started in order. */
export async function pool<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/**
 * At most `size` tasks running at once across every caller (a semaphore): the sender's sends in flight,
 * shared by the pages of one batch so that a page in its tail leaves its lanes to the others. Waiters
 * go in arrival order. (p-limit does this, but its maintained majors are ESM only, which jest here does
 * not load untransformed; these lines are all it takes.)
 */
export type Lanes = <R>(task: () => Promise<R>) => Promise<R>;

export function createLanes(size: number): Lanes {
  let free = Math.max(1, size);
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (free > 0) free--;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
}
