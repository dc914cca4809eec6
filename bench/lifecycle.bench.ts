import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import mjml2html from 'mjml';
import { TEMPLATES_DIR } from '../functions/adapters/template-compiler';
import { subscriberIdFor } from '../functions/core/subscriber-id';
import { subscribe } from '../functions/use-cases/subscribe';
import { ensureTables } from '../infra/local/tables';
import { aSubscriber } from '../test/support/seed';
import { createBenchRoot } from './root';
import type { BenchSection } from './run';

async function timePer(n: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  await fn(-1); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn(i);
  return Number(process.hrtime.bigint() - start) / 1e6 / n;
}

/**
 * Confirmation emails: MJML compiled once per process vs per email (the baseline we avoid), and one
 * signup (throttle ADD, GetItem, conditional Put, ADD, SES send) against one GetItem on the same emulator.
 */
const section: BenchSection = async ({ log }) => {
  const deps = createBenchRoot({ SIGNUP_LIMIT_PER_IP_PER_HOUR: '1000000' });
  const { config } = deps;
  await ensureTables(deps.aws.dynamo, config.tables);

  const source = readFileSync(path.join(TEMPLATES_DIR, 'confirm.mjml'), 'utf8');
  const values = { email: 'a@example.com', confirmUrl: 'http://x/?token=a.b', postalAddress: 'Somewhere' };
  const perEmailMjml = await timePer(20, () => mjml2html(source));
  const compiledOnce = await timePer(2000, async () => deps.emailRenderer.render('confirm', values));
  log(`confirm email, mjml per email (baseline): ${perEmailMjml.toFixed(2)} ms`);
  log(
    `confirm email, compiled once + fill:      ${compiledOnce.toFixed(3)} ms  (${(perEmailMjml / compiledOnce).toFixed(0)}x faster)`,
  );

  const getItem = await timePer(100, () =>
    deps.aws.doc.send(new GetCommand({ TableName: config.tables.subscribers, Key: { id: 'nobody' } })),
  );
  const ctx = () => ({ ip: '127.0.0.1', userAgent: 'bench', now: new Date() });
  // Addresses already active: they get their manage link by email, with the same amount of work.
  const rounds = 50;
  const actives = Array.from({ length: rounds + 1 }, () => `c-${randomBytes(6).toString('hex')}@example.com`);
  for (const email of actives) {
    const now = new Date().toISOString();
    await deps.subscribers.create(aSubscriber({ id: subscriberIdFor(email), email, tokenVersion: 1 }, now));
  }
  const fresh = () => `b-${randomBytes(6).toString('hex')}@example.com`;
  const timed = async (email: string) => {
    const start = process.hrtime.bigint();
    await subscribe(deps, { email, topics: [], frequency: 'daily' }, ctx());
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  // Interleaved, so neither kind is measured while the emulator is colder than for the other.
  await timed(fresh());
  await timed(actives[rounds] as string);
  let signupTotal = 0;
  let againTotal = 0;
  for (let i = 0; i < rounds; i++) {
    signupTotal += await timed(fresh());
    againTotal += await timed(actives[i] as string);
  }
  const signup = signupTotal / rounds;
  const again = againTotal / rounds;
  log(`one GetItem (baseline):                   ${getItem.toFixed(2)} ms`);
  log(
    `one new signup incl. email:               ${signup.toFixed(2)} ms  (${(signup / getItem).toFixed(1)}x a GetItem)`,
  );
  log(
    `one signup of an active address:          ${again.toFixed(2)} ms  (${(again / signup).toFixed(2)}x a new signup)`,
  );
};

export default section;
