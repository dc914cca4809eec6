import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { startTestApp } from '../support/app';
import { emailsTo, uniqueEmail } from '../support/inbox';
import { makePaper, putPapers, putSubscriber, testQueueUrl } from '../support/seed';

const DATE = '2026-07-31';
const root = path.join(__dirname, '../..');
let app: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  app = await startTestApp({
    SEND_QUEUE_URL: testQueueUrl(),
    MAX_SEND_RATE: '100',
    WEEKLY_DIGEST_WEEKDAY: '0',
  });
});
afterAll(() => app.stop());

/** The CLI as a user runs it, in its own process, against this file's tables, queue and emulators. */
const digest = (...args: string[]) =>
  promisify(execFile)(path.join(root, 'node_modules/.bin/tsx'), ['scripts/digest.ts', ...args], {
    cwd: root,
    // This file's tables, queue and emulators: the environment its root was built from.
    env: { ...app.root.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });

test('npm run digest: --dry-run prints who gets which papers and sends nothing; then a real run sends once', async () => {
  const deps = app.deps;
  const paper = makePaper(DATE, { title: 'Robots learn to fold', upvotes: 7, aiKeywords: ['robotics'] });
  await putPapers(deps, [paper]);
  const reader = uniqueEmail('cli');
  const nothing = uniqueEmail('cli-nothing');
  await putSubscriber(deps, reader, { topics: ['robotics'] });
  await putSubscriber(deps, nothing, { topics: ['speech'] });

  const dry = await digest('--date', DATE, '--dry-run');
  expect(dry.stdout).toContain(`${reader}\tdaily#${DATE}\t${paper.arxivId}`);
  expect(dry.stdout).toContain(`${nothing}\tdaily#${DATE}\t(nothing matching: no email)`);
  expect(dry.stdout).toMatch(/Nothing stored, nothing sent/);
  expect(await emailsTo(reader)).toHaveLength(0);

  const real = await digest('--date', DATE);
  expect(real.stdout).toMatch(/done: \d+ page\(s\) sent through the queue/);
  expect(await emailsTo(reader)).toHaveLength(1);
  expect(await emailsTo(nothing)).toHaveLength(0);

  await digest('--date', DATE);
  expect(await emailsTo(reader)).toHaveLength(1);
}, 120_000);

test('npm run digest refuses a bad date with a reason', async () => {
  await expect(digest('--date', '31/07/2026')).rejects.toMatchObject({
    code: 2,
    stderr: expect.stringContaining('--date must be a day as YYYY-MM-DD'),
  });
});
