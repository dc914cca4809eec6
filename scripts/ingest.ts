import { SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import { utcDay } from '../functions/core/ingest-days';
import { isDay } from '../functions/schemas/day';
import { recordedDays } from '../infra/local/recorded-days';
import { startReplay } from '../infra/local/upstream-replay';
import { createCliRoot } from './root';

/**
 * `npm run ingest -- --date YYYY-MM-DD` (one day, plus the re-ingested previous days) or
 * `npm run ingest -- --from YYYY-MM-DD --to YYYY-MM-DD` (a resumable backfill with a progress bar).
 * Talks to the running `npm start` stack unless PAPERS_INBOX_TARGET=aws. Exit code 1 on failure.
 */

const day = (value: string) => {
  if (!isDay(value)) throw new InvalidArgumentError('expected a date as YYYY-MM-DD');
  return value;
};
const count = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 30) throw new InvalidArgumentError('expected a whole number 0-30');
  return n;
};

async function main() {
  const program = new Command('ingest')
    .description(
      'Ingest Hugging Face daily papers (and optionally the arXiv RSS listing) into the papers table',
    )
    .option('--date <day>', 'the Daily-Papers day to ingest (default: today, UTC)', day)
    .option('--from <day>', 'backfill: first day', day)
    .option('--to <day>', 'backfill: last day (included)', day)
    .option(
      '--reingest-days <n>',
      'with --date: previous days to re-ingest (default: INGEST_REINGEST_DAYS)',
      count,
    )
    .option('--arxiv', 'with --date: also read the current arXiv RSS listing of ARXIV_CATEGORIES')
    .option(
      '--recorded',
      "with --date: read the week recorded in the repo (2025-04-21 … 2025-04-27) from a local stand-in of Hugging Face's API, no network needed",
    )
    .parse();
  const opts = program.opts<{
    date?: string;
    from?: string;
    to?: string;
    reingestDays?: number;
    arxiv?: boolean;
    recorded?: boolean;
  }>();
  if ((opts.from || opts.to) && (!opts.from || !opts.to)) program.error('--from and --to go together');
  if (opts.from && opts.date) program.error('use either --date or --from/--to');
  if (opts.from && opts.to && opts.from > opts.to) program.error('--from must not be after --to');

  const env = { ...process.env };
  if (opts.recorded) {
    const days = recordedDays();
    if (!opts.date || opts.from) return program.error('--recorded goes with --date');
    if (!days[opts.date]) program.error(`--recorded has the days ${Object.keys(days).sort().join(', ')}`);
    // The real Hugging Face adapter reads the recorded answers over HTTP, paging and all.
    const replay = await startReplay({ days });
    env.PAPERS_API_URL = replay.papersApiUrl;
  }
  // The summary is printed below; a failure's log line (with its reason) goes to stderr.
  const deps = createCliRoot(env, { name: 'ingest', logLevel: 'ERROR' });

  if (opts.from && opts.to) {
    const { backfill, totals } = await import('./ingest-backfill');
    const bar = new SingleBar({ format: 'backfill [{bar}] {value}/{total} days {day}', hideCursor: true });
    bar.start(0, 0, { day: '' });
    try {
      const result = await backfill(deps, {
        from: opts.from,
        to: opts.to,
        dataDir: deps.config.DATA_DIR,
        onDay: (d, done, total) => {
          bar.setTotal(total);
          bar.update(done, { day: d });
        },
      });
      bar.stop();
      console.log(
        JSON.stringify(
          {
            event: 'ingest.backfill',
            from: opts.from,
            to: opts.to,
            days: result.days,
            resumedPast: result.skippedAsDone.length,
            ...totals(result.summaries),
          },
          null,
          2,
        ),
      );
    } catch (err) {
      bar.stop();
      throw err;
    }
    return;
  }

  const { ingest } = await import('../functions/use-cases/ingest');
  const summary = await ingest(deps, {
    date: opts.date ?? utcDay(new Date()),
    reingestDays: opts.reingestDays ?? deps.config.INGEST_REINGEST_DAYS,
    arxivCategories: opts.arxiv ? deps.config.ARXIV_CATEGORIES : [],
  });
  console.log(JSON.stringify(summary, null, 2));
}

main().then(
  () => process.exit(0),
  (err) => {
    // The use-case logged the failure with its days; this says what to do next.
    console.error(
      `ingest failed (${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}); a backfill resumes where it stopped when run again with the same --from/--to`,
    );
    process.exit(1);
  },
);
