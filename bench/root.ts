import { randomBytes } from 'node:crypto';
import type { Root } from '../functions/roots/compose';
import { createLocalRoot } from '../infra/local/root';

/**
 * A bench section's own root: the emulators `bench/run.ts` started (their endpoints come in the
 * environment it hands the section), fresh tables (a random TABLE_PREFIX) and `env` on top. Log lines
 * are dropped: they would be measured along with the code.
 */
export function createBenchRoot(env: Record<string, string> = {}): Root {
  return createLocalRoot(
    { ...process.env, TABLE_PREFIX: `b${randomBytes(4).toString('hex')}-`, ...env },
    { serviceName: 'bench', logLevel: 'SILENT', sink: () => {} },
  );
}
