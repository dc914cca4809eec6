import type { BenchSection } from './run';
import { archiveDays, archiveDir } from './support/archive-days';
import { recordedDays } from './support/recorded-days';
import {
  ARMS,
  type Arm,
  BROAD,
  ENGAGEMENT,
  INTERESTS,
  type SetResult,
  seedSetsOf,
  simulate,
  summary,
  TOP_N,
} from './support/relevance-readers';

/**
 * Does the ranking learn? Simulated readers (`bench/support/relevance-readers.ts`) over 50 recorded Hugging
 * Face days of 2025 (`bench/data/hf-daily-2025.json.gz`; `--relevance-days=all`: the 171 recorded days of
 * `../shared`, where they are). Per day, precision@10 (matching papers shown / 10) of four arms, same run:
 * popularity only, keyword topics only (the coarse topic, popularity order), learned, and the oracle.
 */

/** The model's constants were tuned on this set only; the others were run after, as they are. */
const TUNING = '10000-10119';
/** Reported: the set of the earlier sessions, a fresh one of the same size, and 120 readers (each interest 4 times). */
const REPORTED = '20251-20280,30001-30030,40000-40119';
const WARM_DAYS = 10;
const DAILY_ROWS = 30;
/** Per-reader rows are printed for sets this small; larger ones are in the per-interest table. */
const READER_ROWS = 40;

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const f2 = (x: number) => x.toFixed(2);
const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const rangeOf = (seeds: number[]) => `${seeds[0]}–${seeds.at(-1)}`;

function daysOf(spec: string | undefined) {
  if (spec === undefined || spec === 'committed') return recordedDays();
  const dir = archiveDir();
  if (spec !== 'all' || !dir)
    throw new Error(
      `--relevance-days: "committed" (default) or "all" (needs ../shared's archive), not "${spec}"`,
    );
  return archiveDays(dir).days;
}

function printSet(log: (line: string) => void, set: SetResult, label: string, days: number) {
  const broad = set.readers.filter((r) => BROAD.has(r.interest.name));
  log('');
  log(
    `seeds ${rangeOf(set.seeds)} (${label}): ${set.readers.length} readers, ` +
      `${set.readers.filter((r) => r.startTopics.length).length} start with a topic ` +
      `(of the ${broad.length} broad-interest readers: ${broad.filter((r) => r.startTopics.length).length})`,
  );
  log('day   popularity  keyword-topics  learned  oracle   (precision@10, mean over readers)');
  const row = (from: number, to: number) =>
    ARMS.map((a) => mean(set.readers.flatMap((r) => r.days[a].slice(from, to))));
  const line = (label: string, from: number, to: number) => {
    const [p, k, l, o] = row(from, to) as [number, number, number, number];
    log(
      `${label.padStart(7)} ${f2(p).padStart(8)}  ${f2(k).padStart(14)}  ${f2(l).padStart(7)}  ${f2(o).padStart(6)}`,
    );
  };
  for (let d = 0; d < Math.min(DAILY_ROWS, days); d++) line(String(d + 1), d, d + 1);
  for (let d = DAILY_ROWS; d < days; d += 20) line(`${d + 1}-${Math.min(d + 20, days)}`, d, d + 20);
  if (set.readers.length > READER_ROWS) return;
  log(`per reader, days ${WARM_DAYS + 1}-${days} (after ${WARM_DAYS} days of feedback):`);
  log(
    'interest                          start topic             share  popul.  keyword  learned  oracle  gap closed',
  );
  for (const r of set.readers) {
    const m = (a: Arm) => mean(r.days[a].slice(WARM_DAYS));
    const gap = m('oracle') - m('popularity');
    const closed = gap > 0 ? pct((m('learned') - m('popularity')) / gap) : 'n/a';
    log(
      `${r.interest.name.padEnd(33)} ${(r.startTopics[0] ?? '(none)').padEnd(22)} ${(r.share * 100).toFixed(1).padStart(5)}%  ` +
        `${f2(m('popularity')).padStart(6)}  ${f2(m('keyword')).padStart(7)}  ${f2(m('learned')).padStart(7)}  ${f2(m('oracle')).padStart(6)}  ${closed.padStart(10)}`,
    );
  }
}

const section: BenchSection = async ({ log }) => {
  const days = daysOf(process.env.BENCH_RELEVANCE_DAYS);
  const own = process.env.BENCH_RELEVANCE_SEEDS;
  const specs = own ? [own] : [TUNING, ...REPORTED.split(',')];
  const sets = specs.flatMap((s) => seedSetsOf(s));
  const labelOf = (seeds: number[]) =>
    own
      ? 'given with --relevance-seeds'
      : rangeOf(seeds) === TUNING.replace('-', '–')
        ? 'tuning'
        : 'reported, not tuned on';
  log(
    `${days.length} recorded days (${days[0]?.date} … ${days.at(-1)?.date}); ${INTERESTS.length} hidden interests; ` +
      `engagement ${ENGAGEMENT * 100}% of shown papers; top ${TOP_N}; a reader starts with their interest's coarse topic when their seed's first draw is < 0.5`,
  );
  const results = sets.map((seeds) => simulate(days, seeds));
  for (const set of results) printSet(log, set, labelOf(set.seeds), days.length);

  // Per interest, pooled over every set: with and without a starting topic (where the figure moves).
  log('');
  log(
    `per interest, every set pooled, days ${WARM_DAYS + 1}-${days.length}: gap closed starting with the coarse topic / with none (readers)`,
  );
  for (const interest of INTERESTS) {
    const of = (topic: boolean) => {
      const rs = results
        .flatMap((s) => s.readers)
        .filter((r) => r.interest === interest && r.startTopics.length > 0 === topic);
      const m = (a: Arm) => mean(rs.flatMap((r) => r.days[a].slice(WARM_DAYS)));
      const gap = m('oracle') - m('popularity');
      return rs.length === 0
        ? '—'.padStart(9)
        : `${(gap > 0 ? pct((m('learned') - m('popularity')) / gap) : 'n/a').padStart(5)} (${rs.length})`;
    };
    log(
      `${interest.name.padEnd(33)} ${interest.coarse.padEnd(22)} ${of(true).padStart(9)} / ${of(false).padStart(9)}`,
    );
  }

  log('');
  log(
    `after ${WARM_DAYS} days of feedback (days ${WARM_DAYS + 1}-${days.length}); gap closed = (learned − popularity) / (oracle − popularity), goal ≥ 50% pooled and learned > keyword topics:`,
  );
  log(
    'seeds          readers  popul.  keyword  learned  oracle  pooled  mean  median  worse than popularity',
  );
  for (const set of results) {
    const s = summary(set, WARM_DAYS);
    log(
      `${rangeOf(set.seeds).padEnd(14)} ${String(set.readers.length).padStart(7)}  ${f2(s.popularity).padStart(6)}  ${f2(s.keyword).padStart(7)}  ${f2(s.learned).padStart(7)}  ${f2(s.oracle).padStart(6)}  ` +
        `${pct(s.pooled).padStart(6)}  ${pct(s.mean).padStart(4)}  ${pct(s.median).padStart(6)}  ${String(s.worse).padStart(3)}   ` +
        `${s.pooled >= 0.5 && s.learned > s.keyword ? 'MET' : 'MISSED'} (${labelOf(set.seeds)})`,
    );
  }
  const presses = results.reduce((n, s) => n + s.presses, 0);
  const shown = results.reduce((n, s) => n + s.shown, 0);
  log(
    `presses: ${presses} of ${shown} papers shown (${pct(presses / shown)}); ` +
      `papers shown twice to one reader: ${results.reduce((n, s) => n + s.shownTwice, 0)}`,
  );
};

export default section;
