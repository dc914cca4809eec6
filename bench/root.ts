import { randomBytes } from 'node:crypto';
import type { Root } from '../functions/roots/compose';
import { createLocalRoot } from '../infra/local/root';

/**
 * A bench section's own root: the emulators `bench/run.ts` started (their endpoints come in the
 * environment it hands the section), fresh tables (a random TABLE_PREFIX) and `env` on top. Log lines
 * are dropped (they would be measured along with the code), unless `--log-level=WARN` (or DEBUG, INFO,
 * ERROR) asks for them on stderr, to see why a run is slow or stuck.
 */
const LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export function createBenchRoot(env: Record<string, string> = {}): Root {
  const wanted = process.env.BENCH_LOG_LEVEL?.toUpperCase();
  const level = LEVELS.find((l) => l === wanted);
  return createLocalRoot(
    { ...process.env, TABLE_PREFIX: `b${randomBytes(4).toString('hex')}-`, ...env },
    level
      ? { serviceName: 'bench', logLevel: level, sink: (line) => process.stderr.write(`${line}\n`) }
      : { serviceName: 'bench', logLevel: 'SILENT', sink: () => {} },
  );
}
