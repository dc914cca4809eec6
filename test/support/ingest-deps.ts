import { randomBytes } from 'node:crypto';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import type { Root } from '../../functions/roots/compose';
import type { IngestDeps } from '../../functions/use-cases/ingest';
import { createTableInput } from '../../infra/local/tables';
import { TABLES } from '../../infra/tables';
import { createTestRoot } from './app';

/** Fast retries for tests; production defaults live in functions/config.ts. */
export const FAST_HTTP = {
  HTTP_BACKOFF_MS: '5',
  HTTP_BACKOFF_MAX_MS: '20',
  HTTP_MAX_ATTEMPTS: '3',
  HTTP_TIMEOUT_MS: '3000',
  ARXIV_MIN_INTERVAL_MS: '50',
};

const created: Root[] = [];

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
 * with the upstream URLs pointed at a replay server. Each test builds a root of its own, so each
 * can have its own settings; `lines` are the log lines its use-cases wrote.
 */
export async function ingestDeps(env: Record<string, string>) {
  const deps = createTestRoot({ ...FAST_HTTP, TABLE_PREFIX: `t${randomBytes(4).toString('hex')}-`, ...env });
  const { config } = deps;
  const papersSpec = TABLES.find((t) => t.id === 'papers');
  if (!papersSpec) throw new Error('no papers table spec');
  // Only the table the ingest uses: five CreateTables per test would slow the suite for nothing.
  created.push(deps);
  await deps.aws.dynamo.send(new CreateTableCommand(createTableInput(papersSpec, config.tables.papers)));
  const ingestDeps: IngestDeps = deps;
  return { config, deps, ingestDeps, lines: deps.logLines, store: deps.papers };
}
