import { randomBytes } from 'node:crypto';
import { createLogger } from '../../functions/adapters/logger';
import { createConfig } from '../../functions/config';
import { compose, type Root } from '../../functions/roots/compose';
import { freePort } from '../../infra/local/emulators';
import { startApp } from '../../infra/local/stack';

/** A root of the test's own: the log lines it wrote are kept (not printed) for a test to read. */
export type TestRoot = Root & { logLines: string[]; env: Record<string, string | undefined> };

/**
 * A composition root for a test file: the shared emulators (their endpoints come from global-setup,
 * the one thing read from the environment), tables of its own (a random TABLE_PREFIX) and `env` on top.
 * Nothing is written to `process.env`: a test that runs a CLI hands it `root.env`.
 */
export function createTestRoot(env: Record<string, string> = {}): TestRoot {
  const full = {
    ...process.env,
    TABLE_PREFIX: `t${randomBytes(4).toString('hex')}-`,
    ...env,
  };
  const logLines: string[] = [];
  // No local defaults (no send queue unless a test names one): the emulators are global-setup's.
  const log = createLogger({
    serviceName: 'test',
    logLevel: 'DEBUG',
    sink: (line) => void logLines.push(line),
  });
  const root = compose(createConfig(full), { log });
  return Object.assign(root, { logLines, env: full });
}

/**
 * Starts the local stack's HTTP API in this test file's process, against the shared emulators, on
 * tables of its own, with the test's root; `env` overrides config variables for this file.
 */
export async function startTestApp(env: Record<string, string> = {}) {
  const port = await freePort();
  const root = createTestRoot({ PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, ...env });
  const app = await startApp({ root, port });
  return { url: app.url, deps: root, root, stop: app.stop };
}
