import { randomBytes } from 'node:crypto';
import { ARXIV_CS_AI, arxivFixture, DAY_0731, hfFixture } from '../support/fixtures';
import { FAST_HTTP } from '../support/ingest-deps';
import { startReplay } from '../support/replay';

let replay: Awaited<ReturnType<typeof startReplay>>;
let failing = false;

beforeAll(async () => {
  replay = await startReplay({
    days: { '2026-07-31': hfFixture(DAY_0731) },
    arxiv: arxivFixture(ARXIV_CS_AI),
    override: () => (failing ? { status: 502, body: 'bad gateway' } : undefined),
  });
  // The handler reads the process config (getConfig/getDeps), so the env is set before it loads.
  Object.assign(process.env, FAST_HTTP, {
    TABLE_PREFIX: `t${randomBytes(4).toString('hex')}-`,
    PAPERS_API_URL: replay.papersApiUrl,
    ARXIV_RSS_URL: replay.arxivRssUrl,
    ARXIV_CATEGORIES: 'cs.AI,cs.LG',
  });
  const { getDeps } = await import('../../functions/deps');
  const { ensureTables } = await import('../../infra/local/tables');
  await ensureTables(getDeps().aws.dynamo, getDeps().config.tables);
});
afterAll(async () => {
  await replay.stop();
  const { getDeps } = await import('../../functions/deps');
  getDeps().aws.dynamo.destroy();
});

test('the scheduled handler ingests the event day, the two days before and the arXiv listing', async () => {
  const { handler } = await import('../../functions/handlers/ingest');
  const summary = await handler({ time: '2026-07-31T06:00:00Z' });
  expect(summary).toMatchObject({
    dates: ['2026-07-31', '2026-07-30', '2026-07-29'],
    arxivDate: '2026-04-27',
    storedNew: 8,
  });
  const { getDeps } = await import('../../functions/deps');
  expect(await getDeps().papers.papersOfDay('2026-07-31')).toHaveLength(5);
  expect(await getDeps().papers.papersOfDay('2026-04-27')).toHaveLength(3);
});

test('the handler throws when the upstream keeps failing, so the invocation fails', async () => {
  const { handler } = await import('../../functions/handlers/ingest');
  failing = true;
  const spy = jest.spyOn(console, 'error').mockImplementation(() => {});
  try {
    await expect(handler({ time: '2026-07-31T06:00:00Z' })).rejects.toThrow(/HTTP 502/);
    expect(spy.mock.calls.at(-1)?.[0]).toMatch(/"event":"ingest.failed"/);
  } finally {
    spy.mockRestore();
    failing = false;
  }
});

test('the local stack schedules the same handler on INGEST_SCHEDULE', async () => {
  const { localJobs } = await import('../../infra/local/stack');
  expect(localJobs()).toContainEqual(expect.objectContaining({ name: 'ingest', cron: '0 6 * * *' }));
});
