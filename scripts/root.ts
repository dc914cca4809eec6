import { type LoggerOptions, readableSink } from '../functions/adapters/logger';
import type { Root } from '../functions/roots/compose';
import { createLocalRoot } from '../infra/local/root';

/**
 * The composition root of a CLI (`npm run digest|ingest|preview`): the local stack's adapters and
 * emulator defaults (or AWS with PAPERS_INBOX_TARGET=aws), with log lines on stderr so that stdout
 * carries only what the command prints. Each script's `main()` hands it `process.env`.
 */
export function createCliRoot(
  env: Record<string, string | undefined>,
  opts: { name: string; logLevel?: LoggerOptions['logLevel'] },
): Root {
  return createLocalRoot(env, {
    serviceName: `cli-${opts.name}`,
    logLevel: opts.logLevel,
    sink: readableSink((line) => process.stderr.write(`${line}\n`)),
  });
}
