import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ingest } from '../../functions/use-cases/ingest';
import { DAY_0612, hfFixture } from '../support/fixtures';
import { ingestDeps } from '../support/ingest-deps';

/**
 * The ingest against a hostile upstream (a local server): garbage, truncated JSON, a cut connection, an
 * enormous body, an upstream that never answers or trickles. Each run fails loudly (throws, logs
 * `ingest.failed`) within its time budget and stores nothing; bad entries inside good JSON are skipped and
 * reported while the rest is stored.
 */
type Answer = (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void;

async function upstream(answer: Answer) {
  let n = 0;
  let bytesSent = 0;
  const server = http.createServer((req, res) => {
    const write = res.write.bind(res);
    res.write = ((chunk: Buffer | string, ...rest: never[]) => {
      bytesSent += Buffer.byteLength(chunk);
      return write(chunk, ...rest);
    }) as typeof res.write;
    answer(req, res, ++n);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/daily_papers`,
    requests: () => n,
    bytesSent: () => bytesSent,
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

async function runAgainst(answer: Answer, env: Record<string, string> = {}) {
  const up = await upstream(answer);
  try {
    const {
      deps,
      ingestDeps: ideps,
      lines,
    } = await ingestDeps({
      PAPERS_API_URL: up.url,
      HTTP_TIMEOUT_MS: '400',
      HTTP_MAX_ATTEMPTS: '2',
      HTTP_BACKOFF_MS: '5',
      HTTP_BACKOFF_MAX_MS: '10',
      HTTP_MAX_BODY_BYTES: '1000000',
      ...env,
    });
    const started = Date.now();
    const outcome = await ingest(
      { ...ideps, arxiv: undefined },
      { date: '2026-06-12', reingestDays: 0 },
    ).then(
      (summary) => ({ ok: true as const, summary }),
      (error: Error) => ({ ok: false as const, error }),
    );
    const stored = await deps.aws.doc.send(
      new ScanCommand({ TableName: deps.config.tables.papers, Select: 'COUNT' }),
    );
    return { outcome, stored: stored.Count ?? 0, lines, ms: Date.now() - started, up };
  } finally {
    await up.stop();
  }
}

const json = (res: http.ServerResponse, body: string, headers: Record<string, string> = {}) => {
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(body);
};

const expectLoudFailure = (r: Awaited<ReturnType<typeof runAgainst>>, message: RegExp) => {
  expect(r.outcome.ok).toBe(false);
  if (!r.outcome.ok) expect(r.outcome.error.message).toMatch(message);
  expect(r.lines.some((l) => l.includes('"ingest.failed"'))).toBe(true);
  expect(r.stored).toBe(0);
};

test('garbage (HTML where JSON was promised) fails the run and stores nothing', async () => {
  const r = await runAgainst((_q, res) => json(res, '<html><body>Bad gateway</body></html>'));
  expectLoudFailure(r, /not JSON/);
});

test('JSON cut short (complete response, incomplete document) fails and stores nothing', async () => {
  const whole = JSON.stringify(hfFixture(DAY_0612));
  const r = await runAgainst((_q, res) => json(res, whole.slice(0, Math.floor(whole.length / 2))));
  expectLoudFailure(r, /not JSON/);
});

test('a connection cut mid-body is retried, then fails, storing nothing', async () => {
  const whole = JSON.stringify(hfFixture(DAY_0612));
  const r = await runAgainst((_q, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(whole.length) });
    res.write(whole.slice(0, 500), () => res.socket?.destroy());
  });
  expectLoudFailure(r, /cut off|terminated|gave up/);
  expect(r.up.requests()).toBe(2);
});

test('an enormous body (no length announced) is cut at the cap, not read to the end', async () => {
  const r = await runAgainst((_q, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      // 256 MB if nobody stops reading.
      while (sent < 4096 && res.write(chunk)) sent++;
      if (sent < 4096) res.once('drain', pump);
      else res.end();
    };
    res.write('[');
    pump();
  });
  expectLoudFailure(r, /exceeds\b.*\b1000000\b/);
  expect(r.up.bytesSent()).toBeLessThan(32 * 1024 * 1024);
});

test('an enormous Content-Length is refused before reading', async () => {
  const r = await runAgainst((_q, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(5e9) });
    res.write('[');
  });
  expectLoudFailure(r, /exceeds/);
});

test('an upstream that never answers times out per attempt and fails', async () => {
  const r = await runAgainst(() => {});
  expectLoudFailure(r, /timed out/);
  expect(r.up.requests()).toBe(2);
  expect(r.ms).toBeLessThan(5000);
});

test('an upstream that trickles its body is cut by the same timeout', async () => {
  const r = await runAgainst((_q, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('[');
    const t = setInterval(() => res.write(' '), 50);
    res.on('close', () => clearInterval(t));
  });
  expectLoudFailure(r, /timed out|cut off/);
  expect(r.ms).toBeLessThan(5000);
});

test('a bad second page fails the whole run: nothing half-done is stored', async () => {
  const entries = hfFixture(DAY_0612);
  const r = await runAgainst(
    (req, res) => {
      const p = new URL(req.url ?? '/', 'http://x').searchParams.get('p');
      if (p === '0') json(res, JSON.stringify(entries.slice(0, 2)));
      else json(res, '{"error":');
    },
    { PAPERS_API_PAGE_SIZE: '2' },
  );
  expectLoudFailure(r, /not JSON/);
});

test('bad entries inside good JSON are skipped and reported; the good ones are stored', async () => {
  const entries = hfFixture(DAY_0612);
  const hostile = [...entries.slice(0, 3), 42, null, 'x', { paper: { id: '<script>' } }, { paper: {} }];
  const r = await runAgainst((_q, res) => json(res, JSON.stringify(hostile)));
  expect(r.outcome.ok).toBe(true);
  if (!r.outcome.ok) return;
  expect(r.outcome.summary.skipped.length).toBeGreaterThanOrEqual(5);
  expect(r.stored).toBe(r.outcome.summary.papers);
  expect(r.stored).toBeGreaterThan(0);
});
