import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Emulator, freePort, startDynamoDb, startSes, startSqs } from '../infra/local/emulators';

/**
 * `npm run bench [-- SECTION…]`: runs every `bench/*.bench.ts` (or the named ones) against fresh
 * in-memory emulators on free ports. Each section measures its baseline in the same run and prints
 * its figures as ratios against it.
 */
export interface BenchContext {
  /** Prints one line of the section's report. */
  log: (line: string) => void;
}
export type BenchSection = (ctx: BenchContext) => Promise<void>;

async function main() {
  const wanted = process.argv.slice(2);
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
  process.env.DYNAMODB_ENDPOINT = emulators[0]?.endpoint;
  process.env.SES_ENDPOINT = emulators[1]?.endpoint;
  process.env.SQS_ENDPOINT = emulators[2]?.endpoint;
  process.env.DATA_DIR ??= mkdtempSync(path.join(tmpdir(), 'papers-inbox-bench-'));
  try {
    for (const file of files) {
      const name = file.replace('.bench.ts', '');
      console.log(`\n== ${name}`);
      const section = (await import(path.join(__dirname, file))).default as BenchSection;
      await section({ log: (line) => console.log(`  ${line}`) });
    }
  } finally {
    await Promise.allSettled(emulators.map((e) => e.stop()));
  }
}

main().catch((err) => {
  console.error(`bench failed: ${err?.stack ?? err}`);
  process.exit(1);
});
