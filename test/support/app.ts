import { randomBytes } from 'node:crypto';
import { freePort } from '../../infra/local/emulators';

/**
 * Starts the local stack's HTTP API in this test file's process, against the shared emulators, on
 * tables of its own (a random TABLE_PREFIX), so test files never see each other's data.
 * Call before anything reads config; `env` overrides config variables for this file.
 */
export async function startTestApp(env: Record<string, string> = {}) {
  const port = await freePort();
  process.env.TABLE_PREFIX = `t${randomBytes(4).toString('hex')}-`;
  process.env.PORT = String(port);
  process.env.PUBLIC_BASE_URL = `http://127.0.0.1:${port}`;
  Object.assign(process.env, env);
  const { startApp } = await import('../../infra/local/stack');
  const { getDeps } = await import('../../functions/deps');
  const app = await startApp({ port });
  return { url: app.url, deps: getDeps(), stop: app.stop };
}
