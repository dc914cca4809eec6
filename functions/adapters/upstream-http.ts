import { backOff } from 'exponential-backoff';
import type { Config } from '../config';

/**
 * GET with the rules every upstream source shares: a per-attempt timeout (covering the body), retries
 * with exponential backoff and full jitter on 429, 5xx and network errors (a Retry-After is honoured,
 * up to a cap), and a cap on the body size read. `beforeAttempt` is where a source's rate limiter waits,
 * so retries count against the limit too.
 */

export type HttpOptions = Pick<
  Config,
  | 'HTTP_TIMEOUT_MS'
  | 'HTTP_MAX_ATTEMPTS'
  | 'HTTP_BACKOFF_MS'
  | 'HTTP_BACKOFF_MAX_MS'
  | 'HTTP_RETRY_AFTER_MAX_MS'
  | 'HTTP_MAX_BODY_BYTES'
>;

/** The upstream answered, or failed, in a way that retries could not fix. */
export class UpstreamError extends Error {
  override name = 'UpstreamError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Retry-After as seconds or an HTTP date → milliseconds from now. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

async function readCapped(res: Response, maxBytes: number, url: string): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > maxBytes)
    throw new UpstreamError(`${url}: body of ${declared} bytes exceeds the ${maxBytes}-byte cap`, false);
  if (!res.body) return '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new UpstreamError(`${url}: body exceeds the ${maxBytes}-byte cap`, false);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function attempt(url: string, opts: HttpOptions, headers: Record<string, string>): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { headers, signal: AbortSignal.timeout(opts.HTTP_TIMEOUT_MS) });
  } catch (err) {
    throw new UpstreamError(`${url}: ${describe(err)}`, true);
  }
  if (res.status === 429 || res.status >= 500) {
    await res.body?.cancel().catch(() => {});
    throw new UpstreamError(`${url}: HTTP ${res.status}`, true, retryAfterMs(res.headers.get('retry-after')));
  }
  if (!res.ok) {
    const detail = (await readCapped(res, 2000, url).catch(() => '')).slice(0, 200);
    throw new UpstreamError(`${url}: HTTP ${res.status} ${detail}`.trim(), false);
  }
  try {
    return await readCapped(res, opts.HTTP_MAX_BODY_BYTES, url);
  } catch (err) {
    if (err instanceof UpstreamError) throw err;
    // The connection broke or timed out mid-body (a truncated response): worth another attempt.
    throw new UpstreamError(`${url}: body cut off: ${describe(err)}`, true);
  }
}

function describe(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'timed out';
  return [e?.message, e?.cause?.code ?? e?.cause?.message].filter(Boolean).join(': ') || String(err);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function getText(
  url: string,
  opts: HttpOptions & { beforeAttempt?: () => Promise<void>; headers?: Record<string, string> },
): Promise<string> {
  let attempts = 0;
  try {
    return await backOff(
      async () => {
        attempts++;
        await opts.beforeAttempt?.();
        return attempt(url, opts, { 'user-agent': 'papers-inbox-ingest', ...opts.headers });
      },
      {
        numOfAttempts: opts.HTTP_MAX_ATTEMPTS,
        startingDelay: opts.HTTP_BACKOFF_MS,
        maxDelay: opts.HTTP_BACKOFF_MAX_MS,
        timeMultiple: 2,
        jitter: 'full',
        retry: async (err: unknown) => {
          if (!(err instanceof UpstreamError) || !err.retryable) return false;
          if (err.retryAfterMs !== undefined) {
            if (err.retryAfterMs > opts.HTTP_RETRY_AFTER_MAX_MS) return false;
            await sleep(err.retryAfterMs);
          }
          return true;
        },
      },
    );
  } catch (err) {
    if (err instanceof UpstreamError && err.retryable) {
      throw new UpstreamError(`${err.message} (gave up after ${attempts} attempt(s))`, false);
    }
    throw err;
  }
}
