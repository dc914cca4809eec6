import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Emulator, freePort, startDynamoDb, startSes, startSqs } from '../infra/local/emulators';

/**
 * `npm run bench [-- SECTION… --name=value…]`: runs every `bench/*.bench.ts` (or the named ones) against fresh
 * in-memory emulators on free ports. Each section measures its baseline in the same run and prints
 * its figures as ratios against it. Each section runs in a process of its own: config and adapters are
 * built once per process, and one section's settings must not leak into the next.
 */
export interface BenchContext {
  /** Prints one line of the section's report. */
  log: (line: string) => void;
}
export type BenchSection = (ctx: BenchContext) => Promise<void>;

async function runSection(file: string) {
  // Each section's process compiles the email templates once at start, as the local stack does.
  const { provideTemplatesFromSources } = await import('../functions/adapters/template-compiler');
  await provideTemplatesFromSources();
  const section = (await import(path.join(__dirname, file))).default as BenchSection;
  await section({ log: (line) => console.log(`  ${line}`) });
}

async function main() {
  const [flag, only] = process.argv.slice(2);
  if (flag === '--section' && only) return runSection(only);

  // `--name=value` flags reach every section as BENCH_NAME (`--limit-readers=2000` → BENCH_LIMIT_READERS).
  const args = process.argv.slice(2);
  const flags = Object.fromEntries(
    args.flatMap((a) => {
      const m = a.match(/^--([a-z0-9-]+)=(.*)$/i);
      return m ? [[`BENCH_${(m[1] as string).toUpperCase().replaceAll('-', '_')}`, m[2] as string]] : [];
    }),
  );
  const wanted = args.filter((a) => !a.startsWith('--'));
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => wanted.length === 0 || wanted.includes(f.replace('.bench.ts', '')))
    .sort();
  if (files.length === 0) throw new Error(`no bench section matches ${wanted.join(', ')}`);

  const ports = [await freePort(), await freePort(), await freePort()] as const;
  const emulators: Emulator[] = await Promise.all([
    startDynamoDb(ports[0]),
    startSes(ports[1]),
    startSqs(ports[2]),
  ]);
  const env = {
    ...process.env,
    ...flags,
    DYNAMODB_ENDPOINT: emulators[0]?.endpoint,
    SES_ENDPOINT: emulators[1]?.endpoint,
    SQS_ENDPOINT: emulators[2]?.endpoint,
    // `name=pid,…`: a section may count the emulators' CPU alongside its own (bench/support/process-cpu.ts).
    BENCH_EMULATOR_PIDS: emulators.map((e) => `${e.name}=${e.pid}`).join(','),
    DATA_DIR: process.env.DATA_DIR ?? mkdtempSync(path.join(tmpdir(), 'papers-inbox-bench-')),
  };
  let failed = 0;
  try {
    for (const file of files) {
      console.log(`\n== ${file.replace('.bench.ts', '')}`);
      // The same node with the same loader (tsx) runs this file again for one section.
      const run = spawnSync(process.execPath, [...process.execArgv, __filename, '--section', file], {
        env,
        stdio: 'inherit',
      });
      if (run.status !== 0) failed++;
    }
  } finally {
    await Promise.allSettled(emulators.map((e) => e.stop()));
  }
  if (failed) throw new Error(`${failed} section(s) failed`);
}

main().catch((err) => {
  console.error(`bench failed: ${err?.stack ?? err}`);
  process.exit(1);
});
