import { parseArgs } from 'node:util';
import { isDay } from '../functions/schemas/day';
import { applyLocalEnv } from '../infra/local/env';

/**
 * `npm run digest -- --date YYYY-MM-DD [--dry-run] [--wait SECONDS]`: plans the digest of that Daily-Papers
 * day (and the weekly edition when the next day is the weekly day) against
 * the running local stack (or AWS with PAPERS_INBOX_TARGET=aws), then drains the send queue through the
 * sender handler. `--dry-run` prints who would get which papers and stores and sends nothing.
 */
const USAGE = 'usage: npm run digest -- --date YYYY-MM-DD [--dry-run] [--wait SECONDS]';

async function main() {
  applyLocalEnv();
  let args: { date?: string; 'dry-run'?: boolean; wait?: string; help?: boolean };
  try {
    ({ values: args } = parseArgs({
      options: {
        date: { type: 'string' },
        'dry-run': { type: 'boolean' },
        wait: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    return fail(`${(err as Error).message}\n${USAGE}`);
  }
  if (args.help) return console.log(USAGE);
  const date = args.date;
  if (!date || !isDay(date)) return fail(`--date must be a day as YYYY-MM-DD\n${USAGE}`);
  const waitSeconds = Number(args.wait ?? 120);
  if (!Number.isFinite(waitSeconds) || waitSeconds <= 0)
    return fail('--wait must be a positive number of seconds');

  const { provideTemplatesFromSources } = await import('../functions/adapters/template-compiler');
  await provideTemplatesFromSources();
  const { getDeps } = await import('../functions/deps');
  const { plannerDeps } = await import('../functions/handlers/planner');
  const { planEdition } = await import('../functions/use-cases/plan-edition');
  const deps = getDeps();
  const log = (line: string) => console.log(line);

  if (args['dry-run']) {
    const summary = await planEdition(plannerDeps(deps, log), date, {
      dryRun: true,
      onDryRun: (l) =>
        console.log(
          `${l.email}\t${l.editionId}\t${l.paperIds.length ? l.paperIds.join(' ') : '(nothing matching: no email)'}`,
        ),
    });
    console.log(
      `dry run: ${summary.readers} reader(s), ${summary.nothingMatching} with nothing matching; ${summary.editions.length ? summary.editions.map((e) => `${e.editionId}: ${e.papers} papers`).join(', ') : 'no papers that day'}. Nothing stored, nothing sent.`,
    );
    return;
  }

  const summary = await planEdition(plannerDeps(deps, log), date);
  if (summary.pages === 0) return console.log('nothing to send');
  const queueUrl = deps.config.SEND_QUEUE_URL as string;
  const { handler } = await import('../functions/handlers/sender');
  const { createSqsPoller } = await import('../infra/local/sqs-poller');
  const poller = createSqsPoller({
    sqs: deps.aws.sqs,
    queueUrl,
    handler,
    region: deps.config.AWS_REGION,
    log,
  });
  const deadline = Date.now() + waitSeconds * 1000;
  // The running local stack polls the same queue: both feed the same sender, the ledger keeps it to one email.
  while ((await poller.pollOnce(1)) > 0 || (await poller.backlog()) > 0) {
    if (Date.now() > deadline) {
      console.log(
        `${await poller.backlog()} message(s) still queued after ${waitSeconds} s: they are retried after the visibility timeout`,
      );
      return;
    }
  }
  console.log(`done: ${summary.pages} page(s) sent through the queue; emails are in the local inbox`);
}

function fail(message: string): void {
  console.error(`digest: ${message}`);
  process.exitCode = 2;
}

main().catch((err) => {
  const refused = /ECONNREFUSED|connect/i.test(String(err?.message ?? err));
  console.error(
    `digest: ${refused ? 'cannot reach the local stack: is `npm start` running?' : String(err?.message ?? err)}`,
  );
  process.exitCode = 1;
});
