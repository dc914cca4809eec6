import { SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import { utcDay } from '../functions/core/ingest-days';
import { isDay } from '../functions/schemas/day';
import { applyLocalEnv } from '../infra/local/env';

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
    .parse();
  const opts = program.opts<{
    date?: string;
    from?: string;
    to?: string;
    reingestDays?: number;
    arxiv?: boolean;
  }>();
  if ((opts.from || opts.to) && (!opts.from || !opts.to)) program.error('--from and --to go together');
  if (opts.from && opts.date) program.error('use either --date or --from/--to');
  if (opts.from && opts.to && opts.from > opts.to) program.error('--from must not be after --to');

  applyLocalEnv();
  const { getDeps } = await import('../functions/deps');
  const deps = getDeps();
  const ingestDeps = { hf: deps.hfPapers, arxiv: deps.arxivRss, store: deps.papers, log: () => {} };

  if (opts.from && opts.to) {
    const { backfill, totals } = await import('./ingest-backfill');
    const bar = new SingleBar({ format: 'backfill [{bar}] {value}/{total} days {day}', hideCursor: true });
    bar.start(0, 0, { day: '' });
    try {
      const result = await backfill(
        { ...ingestDeps, log: (line) => bar.update({ day: JSON.parse(line).dates?.[0] ?? '' }) },
        {
          from: opts.from,
          to: opts.to,
          dataDir: deps.config.DATA_DIR,
          onDay: (d, done, total) => {
            bar.setTotal(total);
            bar.update(done, { day: d });
          },
        },
      );
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
  const summary = await ingest(ingestDeps, {
    date: opts.date ?? utcDay(new Date()),
    reingestDays: opts.reingestDays ?? deps.config.INGEST_REINGEST_DAYS,
    arxivCategories: opts.arxiv ? deps.config.ARXIV_CATEGORIES : [],
  });
  console.log(JSON.stringify(summary, null, 2));
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(
      JSON.stringify({
        level: 'error',
        event: 'ingest.failed',
        error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
      }),
    );
    console.error(
      'ingest failed; a backfill resumes where it stopped when run again with the same --from/--to',
    );
    process.exit(1);
  },
);
