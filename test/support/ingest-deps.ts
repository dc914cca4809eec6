import { randomBytes } from 'node:crypto';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { type Config, loadConfig } from '../../functions/config';
import { createDeps, type Deps } from '../../functions/deps';
import type { IngestDeps } from '../../functions/use-cases/ingest';
import { createTableInput } from '../../infra/local/tables';
import { TABLES } from '../../infra/tables';

/** Fast retries for tests; production defaults live in functions/config.ts. */
export const FAST_HTTP = {
  HTTP_BACKOFF_MS: '5',
  HTTP_BACKOFF_MAX_MS: '20',
  HTTP_MAX_ATTEMPTS: '3',
  HTTP_TIMEOUT_MS: '3000',
  ARXIV_MIN_INTERVAL_MS: '50',
};

const created: Deps[] = [];

/** Closes the SDK clients' sockets, so jest can exit. */
export function closeIngestDeps() {
  for (const d of created.splice(0)) {
    d.aws.dynamo.destroy();
    d.aws.ses.destroy();
    d.aws.sqs.destroy();
  }
}

/**
 * Real adapters on fresh tables (a random TABLE_PREFIX) in the emulators started by global-setup,
 * with the upstream URLs pointed at a replay server. Built from `loadConfig`, not the memoised
 * `getConfig()`, so each test can have its own settings.
 */
export async function ingestDeps(env: Record<string, string>) {
  const config: Config = loadConfig({
    ...process.env,
    ...FAST_HTTP,
    TABLE_PREFIX: `t${randomBytes(4).toString('hex')}-`,
    ...env,
  });
  const papersSpec = TABLES.find((t) => t.id === 'papers');
  if (!papersSpec) throw new Error('no papers table spec');
  // Only the table the ingest uses: five CreateTables per test would slow the suite for nothing.
  const deps = createDeps(config);
  created.push(deps);
  await deps.aws.dynamo.send(new CreateTableCommand(createTableInput(papersSpec, config.tables.papers)));
  const lines: string[] = [];
  const ingestDeps: IngestDeps = {
    hf: deps.hfPapers,
    arxiv: deps.arxivRss,
    store: deps.papers,
    log: (line) => lines.push(line),
  };
  return { config, deps, ingestDeps, lines, store: deps.papers };
}
