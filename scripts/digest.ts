import { parseArgs } from 'node:util';
import { isDay } from '../functions/schemas/day';
import type { SendPage } from '../functions/schemas/delivery';
import { createCliRoot } from './root';

/**
 * `npm run digest -- (--at <ISO instant> | --date YYYY-MM-DD) [--dry-run] [--wait SECONDS]`, against the
 * running local stack (or AWS with PAPERS_INBOX_TARGET=aws):
 * - `--at`: one planner tick as at that instant: the readers whose delivery time fell in it (or before,
 *   not yet served), each with their edition, exactly what the 15-minute schedule does;
 * - `--date`: that Daily-Papers day to every reader due that day (and the weekly edition when the next
 *   day is the weekly day), whether or not the day settled: how an operator sends a missed edition late.
 * Then it drains the send queue through the sender handler and reports each edition's outcome from the
 * delivery ledger (sent, skipped, failed), whoever sent it: `npm start` polls the same queue.
 * `--dry-run` prints who would get which edition (at which local time) and stores and sends nothing.
 */
const USAGE =
  'usage: npm run digest -- (--at <ISO instant, e.g. 2026-12-01T06:00:00Z> | --date YYYY-MM-DD) [--dry-run] [--wait SECONDS]';

async function main() {
  let args: { at?: string; date?: string; 'dry-run'?: boolean; wait?: string; help?: boolean };
  try {
    ({ values: args } = parseArgs({
      options: {
        at: { type: 'string' },
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
  if ((args.at === undefined) === (args.date === undefined))
    return fail(`give one of --at or --date\n${USAGE}`);
  const date = args.date;
  if (date !== undefined && !isDay(date)) return fail(`--date must be a day as YYYY-MM-DD\n${USAGE}`);
  const at = args.at === undefined ? undefined : new Date(args.at);
  if (at && (!/^\d{4}-\d{2}-\d{2}T/.test(args.at ?? '') || Number.isNaN(at.getTime())))
    return fail(`--at must be an ISO instant such as 2026-12-01T06:00:00Z\n${USAGE}`);
  const waitSeconds = Number(args.wait ?? 120);
  if (!Number.isFinite(waitSeconds) || waitSeconds <= 0)
    return fail('--wait must be a positive number of seconds');

  const { provideTemplatesFromSources } = await import('../functions/adapters/template-compiler');
  await provideTemplatesFromSources();
  const deps = createCliRoot(process.env, { name: 'digest' });
  const dryRun = Boolean(args['dry-run']);
  const pages: SendPage[] = [];
  const onPage = (p: SendPage) => void pages.push(p);

  if (at) {
    const { planTick } = await import('../functions/use-cases/plan-tick');
    const summary = await planTick(deps, at, {
      dryRun,
      onPage,
      onLine: (l) =>
        console.log(`${l.email}\t${l.localTime} ${l.timeZone}\t${l.editionId}\t${tickOutcome[l.outcome]}`),
    });
    const editions = summary.editions.map((e) => `${e.editionId}: ${e.readiness}`).join(', ');
    console.log(
      `tick ${summary.tick}: ${summary.due} reader(s) due (${summary.itemsRead} index items read), ${summary.queued} to send${
        summary.waiting ? `, ${summary.waiting} waiting for their edition to settle` : ''
      }${summary.missed ? `, ${summary.missed} missed` : ''}${summary.noList ? `, ${summary.noList} with no list that day` : ''}${
        editions ? ` (${editions})` : ''
      }.${dryRun ? ' Dry run: nothing stored, nothing sent, no slot moved.' : ''}`,
    );
    if (dryRun) return;
  } else {
    const { planEdition } = await import('../functions/use-cases/plan-edition');
    if (dryRun) {
      const summary = await planEdition(deps, date as string, {
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
    await planEdition(deps, date as string, { onPage });
  }
  if (pages.length === 0) return console.log('nothing to send');

  // The sender handler behind a poller, as the local stack runs it (Lambda's event source mapping).
  const { sendQueuePoller } = await import('../infra/local/stack');
  const poller = sendQueuePoller(deps);
  if (!poller) return fail('SEND_QUEUE_URL is not set');
  const deadline = Date.now() + waitSeconds * 1000;
  let drained = true;
  // The running local stack polls the same queue: both feed the same sender, the ledger keeps it to one email.
  while ((await poller.pollOnce(1)) > 0 || (await poller.backlog()) > 0) {
    if (Date.now() > deadline) {
      console.log(
        `${await poller.backlog()} message(s) still queued after ${waitSeconds} s: they are retried after the visibility timeout`,
      );
      drained = false;
      break;
    }
  }
  const { reportFromLedger } = await import('../functions/use-cases/edition-report');
  const reports = await reportFromLedger(deps, pages);
  for (const r of reports) {
    console.log(
      `${r.editionId}: ${r.sent} sent, ${r.skipped} skipped (nothing matching, left, or refused by SES), ${r.failed} failed (not sent yet: retried from the queue)`,
    );
    for (const id of r.failedIds) console.log(`  failed: ${id}`);
  }
  const failed = reports.reduce((n, r) => n + r.failed, 0);
  if (failed || !drained) process.exitCode = 1;
  else console.log(`done: ${pages.length} page(s) sent through the queue; emails are in the local inbox`);
}

const tickOutcome = {
  queued: 'to send',
  waiting: 'waiting: the edition has not settled yet',
  missed: 'missed: no settled list by the deadline, nothing sent',
  'no-list': 'no list that day (weekend): nothing sent',
  served: 'already served that day',
  left: 'left or suppressed: nothing sent',
} as const;

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
