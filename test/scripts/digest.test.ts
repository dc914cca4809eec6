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

describe('npm run digest -- --at: one planner tick as at that instant', () => {
  const DAY = '2026-07-28';
  const TICK = '2026-07-29T08:00:00Z';
  const filed = async (email: string, topics: string[]) => {
    const { slotFields } = await import('../../functions/core/reader-schedule');
    const { subscriberIdFor } = await import('../../functions/core/subscriber-id');
    const s = {
      id: subscriberIdFor(email),
      frequency: 'daily' as const,
      timeZone: 'Europe/Berlin',
      deliveryHour: 10,
    };
    return putSubscriber(app.deps, email, {
      ...s,
      topics,
      ...slotFields(s, app.deps.config, new Date('2026-07-28T12:00:00Z')),
    });
  };

  test('--dry-run prints who is due at which local time with which edition; a real run sends and reports from the ledger', async () => {
    const deps = app.deps;
    // Tuesday's list, refreshed by the ingest run after its settle time (Wednesday 06:00 UTC).
    const paper = makePaper(DAY, {
      title: 'Agents at ten',
      aiKeywords: ['agents'],
      lastUpdatedAt: '2026-07-29T06:00:05Z',
    });
    await putPapers(deps, [paper]);
    const due = uniqueEmail('at');
    const skipped = uniqueEmail('at-nothing');
    const r = await filed(due, ['agents']);
    await filed(skipped, ['speech']);

    const dry = await digest('--at', TICK, '--dry-run');
    expect(dry.stdout).toContain(`${due}\t2026-07-29 10:00 Europe/Berlin\tdaily#${DAY}\tto send`);
    expect(dry.stdout).toMatch(/2 reader\(s\) due .* Dry run: nothing stored, nothing sent, no slot moved\./);
    expect(await deps.editions.getEdition(`daily#${DAY}`)).toBeUndefined();
    expect((await deps.subscribers.get(r.id))?.nextSlot).toBe(r.nextSlot);

    const real = await digest('--at', TICK);
    expect(real.stdout).toContain(
      `daily#${DAY}: 1 sent, 1 skipped (nothing matching, left, or refused by SES), 0 failed`,
    );
    expect(await emailsTo(due)).toHaveLength(1);
    expect((await emailsTo(due))[0]?.body.html).toContain('Agents at ten');
    expect(await emailsTo(skipped)).toHaveLength(0);
    // The slot moved on: the same tick again has nobody to send to.
    expect((await digest('--at', TICK)).stdout).toContain('nothing to send');
    expect(await emailsTo(due)).toHaveLength(1);
  }, 180_000);

  test('--date reports the edition from the ledger too', async () => {
    const real = await digest('--date', DATE);
    expect(real.stdout).toMatch(new RegExp(`daily#${DATE}: \\d+ sent, \\d+ skipped .*, 0 failed`));
  }, 120_000);

  test('a bad instant, or both --at and --date, is refused with a reason', async () => {
    await expect(digest('--at', 'tomorrow')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--at must be an ISO instant'),
    });
    await expect(digest('--at', TICK, '--date', DATE)).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('give one of --at or --date'),
    });
  });
});
