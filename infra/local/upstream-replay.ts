import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Announce this many more bytes than sent, then cut the connection (a truncated body). */
  truncate?: boolean;
  /** Never answer (a hung upstream: the client's timeout must fire). */
  hang?: boolean;
}

/**
 * A local stand-in for the upstream APIs that answers with recorded bodies. By default it serves
 * Hugging Face's paging over the `days` map (`?date=&limit=&p=`: slice `p*limit … +limit` of that day,
 * `[]` for a day it does not know, like a weekend) and `arxiv` under `/rss/…`. `override` answers a
 * request first when it returns a reply (faults: 429, 500, non-JSON, truncation).
 */
export async function startReplay(opts: {
  days?: Record<string, unknown[]>;
  arxiv?: string;
  override?: (url: URL, n: number) => Reply | undefined;
}) {
  const requests: URL[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://replay');
    requests.push(url);
    const reply = opts.override?.(url, requests.length) ?? defaultReply(url);
    if (reply.hang) return;
    const body = Buffer.from(reply.body ?? '');
    const headers = { 'content-type': 'application/json', ...reply.headers };
    if (reply.truncate) {
      res.writeHead(reply.status ?? 200, { ...headers, 'content-length': String(body.length * 2) });
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
      return;
    }
    res.writeHead(reply.status ?? 200, { ...headers, 'content-length': String(body.length) });
    res.end(body);
  });
  const defaultReply = (url: URL): Reply => {
    if (url.pathname.startsWith('/rss/')) {
      return { body: opts.arxiv ?? '', headers: { 'content-type': 'application/rss+xml' } };
    }
    const entries = opts.days?.[url.searchParams.get('date') ?? ''] ?? [];
    const limit = Number(url.searchParams.get('limit'));
    const p = Number(url.searchParams.get('p'));
    return { body: JSON.stringify(entries.slice(p * limit, (p + 1) * limit)) };
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    papersApiUrl: `${base}/api/daily_papers`,
    arxivRssUrl: `${base}/rss`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
