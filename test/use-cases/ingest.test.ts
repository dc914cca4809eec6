import {
  computePaperFeatures,
  FEATURES_VERSION,
  hasCurrentFeatures,
} from '../../functions/core/paper-features';
import { paperSchema } from '../../functions/schemas/paper';
import { ingest } from '../../functions/use-cases/ingest';
import { type Reply, startReplay } from '../../infra/local/upstream-replay';
import {
  ARXIV_CS_AI,
  arxivFixture,
  DAY_0612,
  DAY_0731,
  DAY_0803,
  hfFixture,
  SHAPE_2024,
} from '../support/fixtures';
import { closeIngestDeps, ingestDeps } from '../support/ingest-deps';

type Replay = Awaited<ReturnType<typeof startReplay>>;
// Every replay server a test started (some start two) is stopped after it.
const replays: Replay[] = [];
afterEach(async () => {
  closeIngestDeps();
  await Promise.all(replays.splice(0).map((r) => r.stop()));
});

async function setup(opts: Parameters<typeof startReplay>[0], env: Record<string, string> = {}) {
  const replay = await startReplay(opts);
  replays.push(replay);
  const t = await ingestDeps({
    PAPERS_API_URL: replay.papersApiUrl,
    ARXIV_RSS_URL: replay.arxivRssUrl,
    ...env,
  });
  return { ...t, replay };
}

const at = (iso: string) => () => new Date(iso);
const hfRequests = (r: Replay) => r.requests.filter((u) => u.pathname === '/api/daily_papers');

test('pages with 0-based p while a page is full, and stores the whole day', async () => {
  const {
    ingestDeps: deps,
    store,
    replay,
  } = await setup({ days: { '2026-06-12': hfFixture(DAY_0612) } }, { PAPERS_API_PAGE_SIZE: '10' });
  const summary = await ingest(deps, { date: '2026-06-12', reingestDays: 0 });
  expect(hfRequests(replay).map((u) => [u.searchParams.get('p'), u.searchParams.get('limit')])).toEqual([
    ['0', '10'],
    ['1', '10'],
    ['2', '10'],
    ['3', '10'],
  ]);
  expect(summary).toMatchObject({
    dates: ['2026-06-12'],
    fetched: 30,
    papers: 30,
    storedNew: 30,
    skipped: [],
  });
  const stored = await store.papersOfDay('2026-06-12');
  expect(stored).toHaveLength(30);
  expect(new Set(stored.map((p) => p.arxivId)).size).toBe(30);
});

test('a short last page ends the paging (25 entries in pages of 10: three calls)', async () => {
  const { ingestDeps: deps, replay } = await setup(
    { days: { '2026-06-12': hfFixture(DAY_0612).slice(0, 25) } },
    { PAPERS_API_PAGE_SIZE: '10' },
  );
  await ingest(deps, { date: '2026-06-12', reingestDays: 0 });
  expect(hfRequests(replay)).toHaveLength(3);
});

test('by default a run also re-ingests the two previous days; empty days are normal', async () => {
  const {
    ingestDeps: deps,
    store,
    replay,
    config,
    lines,
  } = await setup({ days: { '2026-08-03': hfFixture(DAY_0803) } });
  const summary = await ingest(deps, { date: '2026-08-03', reingestDays: config.INGEST_REINGEST_DAYS });
  expect(hfRequests(replay).map((u) => u.searchParams.get('date'))).toEqual([
    '2026-08-03',
    '2026-08-02',
    '2026-08-01',
  ]);
  expect(summary).toMatchObject({ dates: ['2026-08-03', '2026-08-02', '2026-08-01'], storedNew: 3 });
  expect(await store.papersOfDay('2026-08-02')).toEqual([]);
  const logged = JSON.parse(lines.at(-1) ?? '{}');
  expect(logged).toMatchObject({ level: 'INFO', event: 'ingest.summary', storedNew: 3, updated: 0 });
  expect(typeof logged.durationMs).toBe('number');
});

test('an empty day stores nothing and succeeds', async () => {
  const { ingestDeps: deps } = await setup({ days: {} });
  const summary = await ingest(deps, { date: '2026-08-01', reingestDays: 0 });
  expect(summary).toMatchObject({
    fetched: 0,
    papers: 0,
    storedNew: 0,
    updated: 0,
    unchanged: 0,
    skipped: [],
  });
});

test('re-ingest updates upvotes and the late AI summary in place, never duplicates, keeps firstSeenAt', async () => {
  const day = hfFixture(DAY_0731);
  const { ingestDeps: deps, store } = await setup({ days: { '2026-07-31': day } });
  const first = await ingest(
    { ...deps, clock: { now: at('2026-07-31T06:00:00.000Z') } },
    { date: '2026-07-31', reingestDays: 0 },
  );
  expect(first).toMatchObject({ storedNew: 5, updated: 0, unchanged: 0 });

  const paper = (day[0] as { paper: Record<string, unknown> }).paper;
  const before = await store.get(paper.id as string);
  paper.upvotes = (paper.upvotes as number) + 40;
  paper.ai_summary = 'A one-sentence summary that arrived a day later.';
  const second = await ingest(
    { ...deps, clock: { now: at('2026-08-01T06:00:00.000Z') } },
    { date: '2026-07-31', reingestDays: 0 },
  );
  expect(second).toMatchObject({ storedNew: 0, updated: 1, unchanged: 4 });

  const after = await store.get(paper.id as string);
  expect(after?.upvotes).toBe((before?.upvotes ?? 0) + 40);
  expect(after?.aiSummary).toBe('A one-sentence summary that arrived a day later.');
  expect(after?.firstSeenAt).toBe('2026-07-31T06:00:00.000Z');
  expect(after?.lastUpdatedAt).toBe('2026-08-01T06:00:00.000Z');
  expect(await store.papersOfDay('2026-07-31')).toHaveLength(5);

  const third = await ingest(deps, { date: '2026-07-31', reingestDays: 0 });
  expect(third).toMatchObject({ storedNew: 0, updated: 0, unchanged: 5 });
});

test('each paper is stored with its ranking features, computed from the stored item once, and again when its text changes', async () => {
  const day = hfFixture(DAY_0731);
  const { ingestDeps: deps, store } = await setup({ days: { '2026-07-31': day } });
  const first = await ingest(deps, { date: '2026-07-31', reingestDays: 0 });
  expect(first).toMatchObject({ storedNew: 5, featuresStored: 5 });
  for (const stored of await store.papersOfDay('2026-07-31')) {
    expect(stored.features?.version).toBe(FEATURES_VERSION);
    expect(hasCurrentFeatures(stored)).toBe(true);
    const { terms, weights } = computePaperFeatures(stored);
    expect(stored.features).toMatchObject({ terms, weights });
  }

  // Nothing changed: read, found current, not written again.
  expect(await ingest(deps, { date: '2026-07-31', reingestDays: 0 })).toMatchObject({ featuresStored: 0 });

  // A new title: that paper's features follow it.
  const entry = (day[0] as { paper: Record<string, unknown>; title?: string }).paper;
  (day[0] as { title?: string }).title = 'Quantum Error Correction with Surface Codes';
  entry.title = 'Quantum Error Correction with Surface Codes';
  expect(await ingest(deps, { date: '2026-07-31', reingestDays: 0 })).toMatchObject({ featuresStored: 1 });
  const renamed = await store.get(entry.id as string);
  expect(renamed?.title).toBe('Quantum Error Correction with Surface Codes');
  expect(hasCurrentFeatures(renamed as NonNullable<typeof renamed>)).toBe(true);
  expect(renamed?.features?.terms).toContain('quantum');
});

test('429 with Retry-After, then success: waits as told and stores the day', async () => {
  const { ingestDeps: deps, replay } = await setup({
    days: { '2026-08-03': hfFixture(DAY_0803) },
    override: (_url, n) =>
      n === 1
        ? { status: 429, headers: { 'retry-after': '1' }, body: '{"error":"rate limited"}' }
        : undefined,
  });
  const started = Date.now();
  const summary = await ingest(deps, { date: '2026-08-03', reingestDays: 0 });
  expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  expect(hfRequests(replay)).toHaveLength(2);
  expect(summary.storedNew).toBe(3);
});

async function expectFailedRun(
  reply: (url: URL, n: number) => Reply | undefined,
  message: RegExp,
  env: Record<string, string> = {},
) {
  const days = { '2026-06-12': hfFixture(DAY_0612) };
  const t = await setup({ days, override: reply }, { PAPERS_API_PAGE_SIZE: '10', ...env });
  await expect(ingest(t.ingestDeps, { date: '2026-06-12', reingestDays: 0 })).rejects.toThrow(message);
  expect(await t.store.papersOfDay('2026-06-12')).toEqual([]);
  const line = JSON.parse(t.lines.at(-1) ?? '{}');
  expect(line).toMatchObject({ level: 'ERROR', event: 'ingest.failed', dates: ['2026-06-12'] });
  expect(line.error).toMatch(message);
  return t;
}

test('500 until the retries run out: the run fails loudly and stores nothing', async () => {
  const t = await expectFailedRun(
    () => ({ status: 500, body: 'oops' }),
    /HTTP 500 \(gave up after 3 attempt/,
  );
  expect(hfRequests(t.replay)).toHaveLength(3);
});

test('a failure on a later page stores nothing of the day (validated whole before writing)', async () => {
  const t = await expectFailedRun(
    (url) => (url.searchParams.get('p') === '2' ? { status: 503, body: 'unavailable' } : undefined),
    /HTTP 503/,
  );
  expect(hfRequests(t.replay).map((u) => u.searchParams.get('p'))).toEqual(['0', '1', '2', '2', '2']);
});

test('a body cut off mid-way is retried, then fails the run when it keeps happening', async () => {
  const t = await expectFailedRun(
    () => ({ body: JSON.stringify(hfFixture(DAY_0612).slice(0, 10)), truncate: true }),
    /body cut off.*gave up after 3/,
  );
  expect(hfRequests(t.replay)).toHaveLength(3);
});

test('a body cut off once is retried and the day is stored', async () => {
  const { ingestDeps: deps } = await setup({
    days: { '2026-08-03': hfFixture(DAY_0803) },
    override: (_url, n) =>
      n === 1 ? { body: JSON.stringify(hfFixture(DAY_0803)), truncate: true } : undefined,
  });
  expect((await ingest(deps, { date: '2026-08-03', reingestDays: 0 })).storedNew).toBe(3);
});

test('a non-JSON body (an HTML error page with 200) fails the run without retrying', async () => {
  const t = await expectFailedRun(
    () => ({
      body: '<html><body>Service temporarily unavailable</body></html>',
      headers: { 'content-type': 'text/html' },
    }),
    /not JSON/,
  );
  expect(hfRequests(t.replay)).toHaveLength(1);
});

test('JSON truncated inside a complete response is not JSON: the run fails', async () => {
  const text = JSON.stringify(hfFixture(DAY_0612).slice(0, 10));
  await expectFailedRun(() => ({ body: text.slice(0, text.length / 2) }), /not JSON/);
});

test('a wholly unknown shape (a wrapper object, or items that are not entries) fails the run', async () => {
  await expectFailedRun(
    () => ({ body: JSON.stringify({ count: 30, results: hfFixture(DAY_0612) }) }),
    /expected a JSON array/,
  );
  await expectFailedRun(
    () => ({ body: JSON.stringify([{ id: '2606.00467' }]) }),
    /UnknownShapeError|"paper" object/,
  );
});

test('one bad entry among good ones: skipped and reported with id and reason, the rest stored', async () => {
  const day = hfFixture(DAY_0731);
  (day[1] as { paper: Record<string, unknown> }).paper.authors = 'Someone';
  const { ingestDeps: deps, store, lines } = await setup({ days: { '2026-07-31': day } });
  const summary = await ingest(deps, { date: '2026-07-31', reingestDays: 0 });
  expect(summary).toMatchObject({ fetched: 5, papers: 4, storedNew: 4 });
  expect(summary.skipped).toEqual([
    {
      source: 'huggingface',
      id: '2607.27958',
      date: '2026-07-31',
      reason: expect.stringMatching(/^paper\.authors: /),
    },
  ]);
  expect((await store.papersOfDay('2026-07-31')).map((p) => p.arxivId).sort()).toEqual([
    '2607.16922',
    '2607.23193',
    '2607.28308',
    '2607.28582',
  ]);
  expect(JSON.parse(lines.at(-1) ?? '{}')).toMatchObject({ level: 'WARN', skipped: [{ id: '2607.27958' }] });
});

test('the 2024 shape is stored like any other day', async () => {
  const { ingestDeps: deps, store } = await setup({ days: { '2026-08-03': hfFixture(SHAPE_2024) } });
  await ingest(deps, { date: '2026-08-03', reingestDays: 0 });
  const [paper] = await store.papersOfDay('2026-08-03');
  expect(paper).toMatchObject({
    arxivId: '2607.28229',
    title: 'EMBL AI Librarian: Life-Sciences Knowledge Layer for AI Agents',
    sources: ['huggingface'],
  });
});

test('a paper in both sources is stored once: HF fields win, arXiv adds categories, whichever comes first', async () => {
  // A real HF entry given the id of the RSS sample's first item (the recordings share no paper).
  const entry = structuredClone(hfFixture(DAY_0803)[0]) as { paper: Record<string, unknown> };
  entry.paper.id = '2604.21935';
  const days: Record<string, unknown[]> = {};
  const t = await setup({ days, arxiv: arxivFixture(ARXIV_CS_AI) });
  const { ingestDeps: deps, store, replay } = t;

  const arxivFirst = await ingest(
    { ...deps, clock: { now: at('2026-04-27T06:00:00.000Z') } },
    { date: '2026-04-27', reingestDays: 0, arxivCategories: ['cs.AI', 'cs.LG'] },
  );
  expect(replay.requests.find((u) => u.pathname.startsWith('/rss/'))?.pathname).toBe('/rss/cs.AI+cs.LG');
  expect(arxivFirst).toMatchObject({ arxivDate: '2026-04-27', storedNew: 3 });
  expect(await store.get('2604.21935')).toMatchObject({ sources: ['arxiv'], dailyDate: '2026-04-27' });

  days['2026-08-03'] = [entry, ...hfFixture(DAY_0803)];
  const both = await ingest(
    { ...deps, clock: { now: at('2026-08-03T06:00:00.000Z') } },
    { date: '2026-08-03', reingestDays: 0, arxivCategories: ['cs.AI', 'cs.LG'] },
  );
  expect(both).toMatchObject({ fetched: 7, papers: 6, storedNew: 3, updated: 1, unchanged: 2 });
  const merged = await store.get('2604.21935');
  expect(merged).toMatchObject({
    sources: ['arxiv', 'huggingface'],
    upvotes: 3,
    dailyDate: '2026-08-03',
    title: 'Constitutional Midtraining: Content Presence Drives Alignment Gains',
    categories: ['cs.AI', 'cs.LG'],
    firstSeenAt: '2026-04-27T06:00:00.000Z',
  });
  const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
  const raw = await t.deps.aws.doc.send(
    new GetCommand({ TableName: t.config.tables.papers, Key: { arxivId: '2604.21935' } }),
  );
  expect(paperSchema.parse(raw.Item).sources).toEqual(['arxiv', 'huggingface']);
  // The digest's reader (paper-reader.ts) reads the same items.
  expect(await t.deps.papers.getPapers(['2604.21935'])).toEqual([merged]);
  expect(await t.deps.papers.papersOfDay('2026-08-03')).toHaveLength(4);
  // A later arXiv-only pass does not take the HF fields back.
  await ingest(deps, { date: '2026-08-05', reingestDays: 0, arxivCategories: ['cs.AI'] });
  expect(await store.get('2604.21935')).toMatchObject({
    upvotes: 3,
    dailyDate: '2026-08-03',
    sources: ['arxiv', 'huggingface'],
  });
  expect(await store.papersOfDay('2026-04-27')).toHaveLength(2);
});

test('the Hugging Face limiter spaces calls once the window budget is spent', async () => {
  const { ingestDeps: deps } = await setup(
    { days: { '2026-06-12': hfFixture(DAY_0612) } },
    { PAPERS_API_PAGE_SIZE: '10', PAPERS_API_CALLS_PER_WINDOW: '2', PAPERS_API_WINDOW_MS: '600' },
  );
  const started = Date.now();
  await ingest(deps, { date: '2026-06-12', reingestDays: 0 });
  // Four calls with two allowed per 600 ms: the last two wait for the next window.
  expect(Date.now() - started).toBeGreaterThanOrEqual(550);
});

test('arXiv requests are one at a time and spaced by ARXIV_MIN_INTERVAL_MS', async () => {
  const { deps, replay } = await setup(
    { arxiv: arxivFixture(ARXIV_CS_AI) },
    { ARXIV_MIN_INTERVAL_MS: '400' },
  );
  const started = Date.now();
  await Promise.all([deps.arxivRss.fetchListing(['cs.AI']), deps.arxivRss.fetchListing(['cs.CL'])]);
  expect(Date.now() - started).toBeGreaterThanOrEqual(380);
  expect(replay.requests.map((u) => u.pathname)).toEqual(['/rss/cs.AI', '/rss/cs.CL']);
});

test('a hung upstream times out per attempt, is retried, then fails the run', async () => {
  const t = await expectFailedRun(() => ({ hang: true }), /timed out.*gave up after 3/, {
    HTTP_TIMEOUT_MS: '200',
  });
  expect(hfRequests(t.replay)).toHaveLength(3);
});

test('a body larger than HTTP_MAX_BODY_BYTES is not read and fails the run', async () => {
  await expectFailedRun(() => undefined, /exceeds the 1000-byte cap/, { HTTP_MAX_BODY_BYTES: '1000' });
});

describe('one failing source does not stop the other', () => {
  const failingSource = async (fails: 'arxiv' | 'huggingface', reply: Reply) =>
    setup({
      days: { '2026-08-03': hfFixture(DAY_0803) },
      arxiv: arxivFixture(ARXIV_CS_AI),
      override: (url) =>
        (url.pathname.startsWith('/rss/') ? 'arxiv' : 'huggingface') === fails ? reply : undefined,
    });
  const run = (deps: Awaited<ReturnType<typeof setup>>['ingestDeps']) =>
    ingest(deps, { date: '2026-08-03', reingestDays: 0, arxivCategories: ['cs.AI'] });
  const sourceFailed = (lines: string[]) =>
    lines.map((l) => JSON.parse(l)).filter((l) => l.event === 'ingest.source-failed');

  test('arXiv answering 429 on every attempt: the Hugging Face papers are stored, the failure logged', async () => {
    const t = await failingSource('arxiv', { status: 429, body: 'Rate exceeded.' });
    const summary = await run(t.ingestDeps);
    expect(summary).toMatchObject({ storedNew: 3, failedSources: ['arxiv'] });
    expect(summary.arxivDate).toBeUndefined();
    expect(await t.store.papersOfDay('2026-08-03')).toHaveLength(3);
    expect(await t.store.papersOfDay('2026-04-27')).toEqual([]);
    expect(t.replay.requests.filter((u) => u.pathname.startsWith('/rss/'))).toHaveLength(3);
    expect(sourceFailed(t.lines)).toEqual([
      expect.objectContaining({ level: 'ERROR', source: 'arxiv', error: expect.stringMatching(/HTTP 429/) }),
    ]);
    expect(JSON.parse(t.lines.at(-1) ?? '{}')).toMatchObject({ level: 'WARN', event: 'ingest.summary' });
  });

  test('Hugging Face failing: the arXiv listing is stored, the failure logged', async () => {
    const t = await failingSource('huggingface', { status: 500, body: 'oops' });
    const summary = await run(t.ingestDeps);
    expect(summary).toMatchObject({ storedNew: 3, arxivDate: '2026-04-27', failedSources: ['huggingface'] });
    expect(await t.store.papersOfDay('2026-04-27')).toHaveLength(3);
    expect(await t.store.papersOfDay('2026-08-03')).toEqual([]);
    expect(sourceFailed(t.lines)).toEqual([
      expect.objectContaining({ source: 'huggingface', error: expect.stringMatching(/HTTP 500/) }),
    ]);
  });

  test('both failing: the run fails and stores nothing', async () => {
    const t = await setup({
      days: { '2026-08-03': hfFixture(DAY_0803) },
      override: () => ({ status: 502, body: 'bad gateway' }),
    });
    await expect(run(t.ingestDeps)).rejects.toThrow(/HTTP 502/);
    expect(sourceFailed(t.lines).map((l) => l.source)).toEqual(['huggingface', 'arxiv']);
    expect(JSON.parse(t.lines.at(-1) ?? '{}')).toMatchObject({ level: 'ERROR', event: 'ingest.failed' });
    expect(await t.store.papersOfDay('2026-08-03')).toEqual([]);
  });
});
