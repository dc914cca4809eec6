import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { freePort } from '../infra/local/emulators';
import { DAY_0612, loadPapers } from '../test/support/fixtures';
import { seedDailyEdition } from '../test/support/seed';
import type { BenchContext } from './run';

const ROUNDS = 200;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function timeGets(url: string, rounds: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    const res = await fetch(url);
    await res.arrayBuffer();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/**
 * The signup page with a sample (an edition Scan + a BatchGet of 5 papers + rendering) against the
 * baseline GET /healthz (one GetItem), both through the local HTTP stack; and what a first visit weighs.
 */
export default async function pages({ log }: BenchContext) {
  const port = await freePort();
  process.env.TABLE_PREFIX = `bench${randomBytes(3).toString('hex')}-`;
  process.env.PORT = String(port);
  process.env.PUBLIC_BASE_URL = `http://127.0.0.1:${port}`;
  const { startApp } = await import('../infra/local/stack');
  const { getDeps } = await import('../functions/deps');
  const app = await startApp({ port });
  try {
    await seedDailyEdition(getDeps(), loadPapers(DAY_0612), '2026-06-12');
    await timeGets(`${app.url}/`, 20); // warm-up
    const baseline = await timeGets(`${app.url}/healthz`, ROUNDS);
    const signup = await timeGets(`${app.url}/`, ROUNDS);
    log(`GET /healthz (baseline, one GetItem): median ${baseline.toFixed(2)} ms over ${ROUNDS}`);
    log(
      `GET / with a 5-paper sample: median ${signup.toFixed(2)} ms = ${(signup / baseline).toFixed(2)}× baseline`,
    );
    const page = Buffer.from(await (await fetch(`${app.url}/`)).text());
    const href = page.toString().match(/<link rel="stylesheet" href="([^"]+)">/)?.[1] ?? '/assets/style.css';
    const css = Buffer.from(await (await fetch(`${app.url}${href}`)).text());
    const kb = (b: Buffer) =>
      `${(b.length / 1024).toFixed(1)} KB (gzip ${(gzipSync(b).length / 1024).toFixed(1)} KB)`;
    log(`first visit: HTML ${kb(page)} + CSS ${kb(css)}; 3 requests (page, stylesheet, icon), no other host`);
  } finally {
    await app.stop();
  }
}
