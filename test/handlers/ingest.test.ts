import { randomBytes } from 'node:crypto';
import { createIngestHandler } from '../../functions/handlers/ingest';
import { localJobs } from '../../infra/local/stack';
import { ensureTables } from '../../infra/local/tables';
import { startReplay } from '../../infra/local/upstream-replay';
import { createTestRoot, type TestRoot } from '../support/app';
import { ARXIV_CS_AI, arxivFixture, DAY_0731, hfFixture } from '../support/fixtures';
import { FAST_HTTP } from '../support/ingest-deps';
import { keptMetrics } from '../support/metrics';

let replay: Awaited<ReturnType<typeof startReplay>>;
let failing = false;
let arxivFailing = false;
let root: TestRoot;

beforeAll(async () => {
  replay = await startReplay({
    days: { '2026-07-31': hfFixture(DAY_0731) },
    arxiv: arxivFixture(ARXIV_CS_AI),
    override: (url) =>
      failing || (arxivFailing && url.pathname.startsWith('/rss/'))
        ? { status: 502, body: 'bad gateway' }
        : undefined,
  });
  // The handler is built from a root of this file's own (as `onLambda` builds it on Lambda).
  root = createTestRoot({
    ...FAST_HTTP,
    TABLE_PREFIX: `t${randomBytes(4).toString('hex')}-`,
    PAPERS_API_URL: replay.papersApiUrl,
    ARXIV_RSS_URL: replay.arxivRssUrl,
    ARXIV_CATEGORIES: 'cs.AI,cs.LG',
  });
  await ensureTables(root.aws.dynamo, root.config.tables);
});
afterAll(async () => {
  await replay.stop();
  root.aws.dynamo.destroy();
});

test('the scheduled handler ingests the event day, the two days before and the arXiv listing', async () => {
  const handler = createIngestHandler(root);
  const summary = await handler({ time: '2026-07-31T06:00:00Z' });
  expect(summary).toMatchObject({
    dates: ['2026-07-31', '2026-07-30', '2026-07-29'],
    arxivDate: '2026-04-27',
    storedNew: 8,
  });
  expect(await root.papers.papersOfDay('2026-07-31')).toHaveLength(5);
  expect(await root.papers.papersOfDay('2026-04-27')).toHaveLength(3);
});

test('the handler throws when the upstream keeps failing, so the invocation fails', async () => {
  const handler = createIngestHandler(root);
  failing = true;
  try {
    await expect(handler({ time: '2026-07-31T06:00:00Z' })).rejects.toThrow(/HTTP 502/);
    expect(root.logLines.at(-1)).toMatch(/"event":"ingest.failed"/);
  } finally {
    failing = false;
  }
});

test('an arXiv failure leaves the Hugging Face papers stored and is counted as ArxivFailed (alarmed)', async () => {
  const lines: string[] = [];
  const handler = createIngestHandler({ ...root, metrics: keptMetrics(lines) });
  arxivFailing = true;
  try {
    const summary = await handler({ time: '2026-07-31T06:00:00Z' });
    expect(summary.failedSources).toEqual(['arxiv']);
  } finally {
    arxivFailing = false;
  }
  expect(await root.papers.papersOfDay('2026-07-31')).toHaveLength(5);
  expect(lines.map((l) => JSON.parse(l))).toEqual([
    expect.objectContaining({ ArxivFailed: 1, HuggingFaceFailed: 0 }),
  ]);
});

test('the local stack schedules the same handler on INGEST_SCHEDULE', async () => {
  expect(localJobs(root)).toContainEqual(expect.objectContaining({ name: 'ingest', cron: '0 6 * * *' }));
});
