import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { recordedDays } from '../../infra/local/recorded-days';
import { startReplay } from '../../infra/local/upstream-replay';
import { DAY_0612, DAY_0803, hfFixture } from '../support/fixtures';
import { closeIngestDeps, FAST_HTTP, ingestDeps } from '../support/ingest-deps';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');

afterAll(() => closeIngestDeps());

/** The real CLI (`npm run ingest` runs the same file with tsx), against this file's tables and a replay. */
function cli(args: string[], env: Record<string, string>) {
  return run(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/ingest.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...FAST_HTTP, ...env },
    timeout: 60_000,
  }).then(
    (out) => ({ code: 0, ...out }),
    (err: { code: number; stdout: string; stderr: string }) => ({
      code: err.code,
      stdout: err.stdout,
      stderr: err.stderr,
    }),
  );
}

test('backfill stops loudly on a failing day, resumes from its checkpoint, and a re-run stores nothing twice', async () => {
  let failDay: string | undefined = '2026-06-13';
  const replay = await startReplay({
    days: { '2026-06-12': hfFixture(DAY_0612), '2026-06-13': hfFixture(DAY_0803) },
    override: (url) => (url.searchParams.get('date') === failDay ? { status: 500, body: 'down' } : undefined),
  });
  try {
    const t = await ingestDeps({ PAPERS_API_URL: replay.papersApiUrl });
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ingest-cli-'));
    const env = {
      TABLE_PREFIX: t.config.TABLE_PREFIX,
      PAPERS_API_URL: replay.papersApiUrl,
      DATA_DIR: dataDir,
    };
    const checkpoint = path.join(dataDir, 'ingest-backfill-2026-06-11_2026-06-14.json');

    const failed = await cli(['--from', '2026-06-11', '--to', '2026-06-14'], env);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/"event":"ingest.failed".*HTTP 500/);
    expect(JSON.parse(readFileSync(checkpoint, 'utf8')).done).toEqual(['2026-06-11', '2026-06-12']);
    expect(await t.store.papersOfDay('2026-06-12')).toHaveLength(30);

    failDay = undefined;
    replay.requests.length = 0;
    const resumed = await cli(['--from', '2026-06-11', '--to', '2026-06-14'], env);
    expect(resumed.code).toBe(0);
    expect(replay.requests.map((u) => u.searchParams.get('date'))).toEqual(['2026-06-13', '2026-06-14']);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ days: 4, resumedPast: 2, storedNew: 3 });
    expect(existsSync(checkpoint)).toBe(false);

    const again = await cli(['--date', '2026-06-12', '--reingest-days', '0'], env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ dates: ['2026-06-12'], storedNew: 0, unchanged: 30 });
    expect(await t.store.papersOfDay('2026-06-12')).toHaveLength(30);

    const bad = await cli(['--date', '2026-13-01'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/expected a date as YYYY-MM-DD/);
  } finally {
    await replay.stop();
  }
}, 120_000);

test('--recorded ingests a day of the week recorded in the repo, offline, and names the days it has', async () => {
  const t = await ingestDeps({});
  const env = {
    TABLE_PREFIX: t.config.TABLE_PREFIX,
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'ingest-rec-')),
  };
  const recorded = recordedDays();
  const expected = (day: string) =>
    new Set((recorded[day] ?? []).map((e) => (e as { paper: { id: string } }).paper.id));

  const out = await cli(['--date', '2025-04-22', '--recorded', '--reingest-days', '1'], env);
  expect(out.code).toBe(0);
  expect(JSON.parse(out.stdout)).toMatchObject({ dates: ['2025-04-22', '2025-04-21'], skipped: [] });
  const stored = new Set((await t.store.papersOfDay('2025-04-22')).map((p) => p.arxivId));
  expect(stored).toEqual(expected('2025-04-22'));

  const weekend = await cli(['--date', '2025-04-26', '--recorded', '--reingest-days', '0'], env);
  expect(JSON.parse(weekend.stdout)).toMatchObject({ fetched: 0, storedNew: 0 });

  const unknown = await cli(['--date', '2025-05-01', '--recorded'], env);
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toMatch(/--recorded has the days 2025-04-21, .*2025-04-27/);
}, 120_000);
