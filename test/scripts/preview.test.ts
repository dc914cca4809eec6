import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { rankPapers } from '../../functions/core/edition';
import { startTestApp } from '../support/app';
import { DAY_0612, loadPapers } from '../support/fixtures';
import { hostilePapers } from '../support/hostile-papers';
import { seedDailyEdition } from '../support/seed';

let app: Awaited<ReturnType<typeof startTestApp>>;
const papers = rankPapers([...loadPapers(DAY_0612), ...hostilePapers()]);

beforeAll(async () => {
  app = await startTestApp();
  await seedDailyEdition(app.deps, papers, '2026-06-12');
});
afterAll(() => app.stop());

test('npm run preview writes the email of a stored edition to a file and prints its path', async () => {
  const root = path.join(__dirname, '..', '..');
  const run = (args: string[]) =>
    promisify(execFile)(process.execPath, [require.resolve('tsx/cli'), 'scripts/preview.ts', ...args], {
      cwd: root,
      env: process.env, // this file's tables (TABLE_PREFIX) and the test emulators
    });
  const { stdout } = await run(['--date', '2026-06-12']);
  const file = stdout.trim().split('\n').at(-1) as string;
  expect(file).toMatch(/previews\/digest-daily-2026-06-12\.html$/);
  const html = readFileSync(file, 'utf8');
  expect(html).toContain('10 papers picked for you');
  expect(html).toContain(`href="https://huggingface.co/papers/${papers[0]?.arxivId}"`);
  expect(stdout).toContain(`Papers Inbox · 12 Jun 2026: ${papers[0]?.title}`);
  await expect(run(['--date', 'tomorrow'])).rejects.toMatchObject({
    code: 2,
    stderr: expect.stringMatching(/--date YYYY-MM-DD/),
  });
}, 60_000);
