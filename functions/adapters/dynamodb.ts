import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, ScanCommand, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { backOff } from 'exponential-backoff';

/**
 * DynamoDB refused a write because its ConditionExpression did not hold. Checked by class and by name:
 * an error that crossed a copy of the SDK (a bundled client, a test double) is not `instanceof`.
 */
export const isConditionFailed = (err: unknown): boolean =>
  err instanceof ConditionalCheckFailedException ||
  (err as { name?: string } | null)?.name === 'ConditionalCheckFailedException';

/** A conditional write: true when written, false when its condition did not hold; any other error is thrown. */
export async function conditional(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (err) {
    if (isConditionFailed(err)) return false;
    throw err;
  }
}

/**
 * A Scan (or one segment of a parallel Scan) page by page: each non-empty page's items, following
 * `LastEvaluatedKey` to the end. The caller holds one page at a time, never the whole table.
 */
export async function* scanPages<T>(
  doc: DynamoDBDocumentClient,
  input: Omit<ScanCommandInput, 'ExclusiveStartKey'>,
): AsyncGenerator<T[]> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ ...input, ExclusiveStartKey: start }));
    const items = (page.Items ?? []) as T[];
    if (items.length) yield items;
    start = page.LastEvaluatedKey;
  } while (start);
}

class Unprocessed extends Error {}

/**
 * BatchGetItem and BatchWriteItem may answer only part of a request under load (`UnprocessedKeys`,
 * `UnprocessedItems`): `call` sends what is left and returns what is still left, asked again with
 * exponential backoff (`exponential-backoff`, full jitter) until nothing is. Errors of the call itself are
 * thrown at once (the SDK has retried them already).
 */
export async function untilProcessed<T>(
  items: T[],
  call: (rest: T[]) => Promise<T[] | undefined>,
  opts: { failure: string; attempts: number; startingDelayMs: number; maxDelayMs?: number },
): Promise<void> {
  let rest = items;
  if (rest.length === 0) return;
  await backOff(
    async () => {
      rest = (await call(rest)) ?? [];
      if (rest.length > 0) throw new Unprocessed(`${opts.failure} (${rest.length} left unprocessed)`);
    },
    {
      numOfAttempts: opts.attempts,
      startingDelay: opts.startingDelayMs,
      maxDelay: opts.maxDelayMs ?? 5_000,
      timeMultiple: 2,
      jitter: 'full',
      retry: (err) => err instanceof Unprocessed,
    },
  );
}
