import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { build } from 'esbuild';
import { bundleHandler, ENTRY_FILE, NODE_TARGET } from '../infra/bundling';
import { FUNCTIONS } from '../infra/functions';
import { sqsEvent } from '../test/support/sqs-event';
import { createBenchRoot } from './root';
import type { BenchContext } from './run';

/**
 * Cold start of the api and sender bundles: each bundle is loaded in a fresh `node` process that answers
 * one request (api: `GET /`; sender: one page of one reader, rendered and sent through the emulators),
 * against the old-shape bundles built in the same run from OLD_SHAPE_COMMIT, the last commit whose
 * bundles carried mjml and rendered the digest's MJML per edition at run time.
 *
 * Timed inside the child, from just before `require(bundle)` to the handler's answer (what Lambda bills
 * as init + the first invoke), in wall time and in CPU time (which a loaded machine inflates far less: a
 * Lambda instance has its CPU share to itself); node's own start-up, the same for both, is printed apart. Source maps are
 * on, as deployed (`NODE_OPTIONS=--enable-source-maps`).
 */
export const OLD_SHAPE_COMMIT = '92016a2d468d5c6307136a587ce57b72c6eb29fb';
const ROUNDS = 5;
const GOAL = 2;
const ROOT = path.resolve(__dirname, '..');
const NAMES = ['api', 'sender'] as const;
type Name = (typeof NAMES)[number];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
/** A bundle's code: the old shape's one file, or the new shape's entry with all its chunks. */
const kib = (file: string) => {
  const dir = path.dirname(file);
  const files = file.endsWith('.mjs')
    ? (readdirSync(dir, { recursive: true }) as string[])
        .filter((f) => f.endsWith('.mjs'))
        .map((f) => path.join(dir, f))
    : [file];
  return `${(files.reduce((n, f) => n + statSync(f).size, 0) / 1024).toFixed(0)} KiB`;
};
const spec = (name: Name) => {
  const f = FUNCTIONS.find((x) => x.name === name);
  if (!f) throw new Error(`no function ${name}`);
  return f;
};

async function buildNew(out: string): Promise<Record<Name, string>> {
  const files = {} as Record<Name, string>;
  for (const name of NAMES) {
    const outdir = path.join(out, 'new', name, 'functions/handlers');
    bundleHandler(path.join(ROOT, spec(name).entry), outdir, spec(name));
    files[name] = path.join(outdir, ENTRY_FILE);
  }
  return files;
}

/** The old shape: that commit's sources, bundled as it bundled them (mjml in, templates/ copied next to it). */
async function buildOld(out: string): Promise<Record<Name, string>> {
  const src = path.join(out, 'old-src');
  mkdirSync(src, { recursive: true });
  const tar = path.join(out, 'old.tar');
  const archive = spawnSync('git', ['-C', ROOT, 'archive', '--format=tar', '-o', tar, OLD_SHAPE_COMMIT]);
  if (archive.status !== 0) throw new Error(`git archive ${OLD_SHAPE_COMMIT}: ${archive.stderr}`);
  const untar = spawnSync('tar', ['-xf', tar, '-C', src]);
  if (untar.status !== 0) throw new Error(`tar: ${untar.stderr}`);
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(src, 'node_modules'));
  const files = {} as Record<Name, string>;
  for (const name of NAMES) {
    const dir = path.join(out, 'old', name);
    const outfile = path.join(dir, 'functions/handlers/index.js');
    await build({
      // As infra/bundling.ts was then: one CommonJS file, mjml bundled, its optional require of
      // typescript external, and esbuild's default main fields for node (CommonJS builds first).
      entryPoints: [path.join(src, spec(name).entry)],
      outfile,
      bundle: true,
      platform: 'node',
      target: NODE_TARGET,
      format: 'cjs',
      mainFields: ['main', 'module'],
      minify: true,
      sourcemap: true,
      sourcesContent: false,
      external: ['typescript'],
      logLevel: 'silent',
    });
    cpSync(path.join(src, 'templates'), path.join(dir, 'templates'), { recursive: true });
    files[name] = outfile;
  }
  return files;
}

/** Runs in the fresh process: load the bundle, answer one event, print the times. */
const CHILD = `
const t0 = performance.now();
const c0 = process.cpuUsage();
// As Lambda's runtime loads a handler: import() for an ES module (the new shape), require for CommonJS.
const file = process.argv[2];
(file.endsWith('.mjs') ? import(file) : Promise.resolve(require(file))).then((mod) => {
const t1 = performance.now();
const context = { getRemainingTimeInMillis: () => 60000 };
return Promise.resolve(mod.handler(JSON.parse(process.argv[3]), context)).then((result) => {
  const t2 = performance.now();
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1000;
  process.stdout.write('\\n' + JSON.stringify({ startup: t0, load: t1 - t0, first: t2 - t1, cpu, result }) + '\\n');
  process.exit(0);
});
}).catch((err) => { console.error(err); process.exit(1); });
`;

interface Run {
  startup: number;
  load: number;
  first: number;
  /** CPU time (user + system) of load and first answer together: steadier than wall time on a shared machine. */
  cpu: number;
  result: unknown;
}

/** `--coldstart-profile=DIR`: each child also writes a V8 CPU profile under DIR/<bundle>-<shape>/ (for Chrome DevTools). */
const PROFILE_DIR = process.env.BENCH_COLDSTART_PROFILE;

function runOnce(bundle: string, event: unknown, env: NodeJS.ProcessEnv, cwd: string, label: string): Run {
  const child = path.join(cwd, 'child.js');
  writeFileSync(child, CHILD);
  const profile = PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(PROFILE_DIR, label)}`, '--cpu-prof-interval=250']
    : [];
  const run = spawnSync(process.execPath, [...profile, child, bundle, JSON.stringify(event)], {
    cwd,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const last = run.stdout.trim().split('\n').pop() ?? '';
  if (run.status !== 0 || !last.startsWith('{'))
    throw new Error(`${bundle} failed (${run.status}): ${run.stderr.slice(-2000)}`);
  return JSON.parse(last) as Run;
}

const getHome = {
  version: '2.0',
  rawPath: '/',
  rawQueryString: '',
  headers: { accept: 'text/html', host: '127.0.0.1' },
  isBase64Encoded: false,
  requestContext: { http: { method: 'GET', path: '/', sourceIp: '203.0.113.7', userAgent: 'coldstart' } },
};

export default async function coldstart({ log }: BenchContext) {
  const prefix = `cold${randomBytes(3).toString('hex')}-`;
  const { ensureTables } = await import('../infra/local/tables');
  const { seedDailyEdition, putSubscriber } = await import('../test/support/seed');
  const { allRecordedPapers } = await import('../test/support/fixtures');
  const deps = createBenchRoot({ TABLE_PREFIX: prefix });
  await ensureTables(deps.aws.dynamo, deps.config.tables);
  const date = '2026-06-12';
  const paperIds = await seedDailyEdition(deps, allRecordedPapers(), date);
  // With their ranking features, as the ingest stores papers (the sender's first page then reads them).
  const { storedFeatures } = await import('../functions/core/paper-features');
  for (const paper of await deps.papers.getPapers(paperIds))
    await deps.papers.putFeatures(paper.arxivId, storedFeatures(paper));

  const out = mkdtempSync(path.join(tmpdir(), 'papers-inbox-coldstart-'));
  try {
    const bundles = { new: await buildNew(out), old: await buildOld(out) };
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      NODE_OPTIONS: '--enable-source-maps',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT,
      SES_ENDPOINT: process.env.SES_ENDPOINT,
      DATA_DIR: out,
      TABLE_PREFIX: prefix,
      MAX_SEND_RATE: '50',
    };
    log(
      `bundles: api ${kib(bundles.new.api)} (old shape ${kib(bundles.old.api)}), sender ${kib(bundles.new.sender)} ` +
        `(old shape ${kib(bundles.old.sender)}); old shape = ${OLD_SHAPE_COMMIT.slice(0, 7)}; ${paperIds.length} papers in the edition; ` +
        `node ${process.version} (Lambda runs 22: PATH="$(.ci/node22):$PATH" npm run bench -- coldstart)`,
    );
    const times: Record<Name, Record<'new' | 'old', Run[]>> = {
      api: { new: [], old: [] },
      sender: { new: [], old: [] },
    };
    for (let round = 0; round < ROUNDS; round++) {
      // Alternating shapes, so a load spike on the shared machine hits both alike.
      for (const shape of round % 2 ? (['old', 'new'] as const) : (['new', 'old'] as const)) {
        const api = runOnce(bundles[shape].api, getHome, env, out, `api-${shape}`);
        if ((api.result as { statusCode?: number }).statusCode !== 200)
          throw new Error(`GET / answered ${JSON.stringify(api.result).slice(0, 300)}`);
        times.api[shape].push(api);
        // A reader of their own per run: the ledger would skip a reader already sent.
        const reader = await putSubscriber(
          deps,
          `cold-${shape}-${round}-${randomBytes(3).toString('hex')}@example.com`,
        );
        const sender = runOnce(
          bundles[shape].sender,
          sqsEvent(
            [{ editionId: `daily#${date}`, subscriberIds: [reader.id] }],
            'arn:aws:sqs:us-east-1:000000000000:papers-inbox-send',
          ),
          env,
          out,
          `sender-${shape}`,
        );
        const failures = (sender.result as { batchItemFailures?: unknown[] }).batchItemFailures;
        if (failures?.length !== 0)
          throw new Error(`the sender failed its page: ${JSON.stringify(sender.result)}`);
        // The ledger says whether SES took the email (the emulator's store is not read: it is the SES side).
        const record = await deps.aws.doc.send(
          new GetCommand({
            TableName: deps.config.tables.deliveries,
            Key: { subscriberId: reader.id, editionId: `daily#${date}` },
          }),
        );
        if (record.Item?.status !== 'sent')
          throw new Error(`no digest sent to ${reader.email}: ${JSON.stringify(record.Item)}`);
        times.sender[shape].push(sender);
      }
    }
    let missed = 0;
    for (const name of NAMES) {
      const total = (r: Run) => r.load + r.first;
      const [n, o] = [times[name].new, times[name].old];
      const ratio = median(o.map(total)) / median(n.map(total));
      if (ratio < GOAL) missed++;
      log(
        `${name.padEnd(6)} cold start (load + first ${name === 'api' ? 'GET /' : 'page of one reader'}), median of ${ROUNDS}: ` +
          `${median(n.map(total)).toFixed(0)} ms (load ${median(n.map((r) => r.load)).toFixed(0)} + first ${median(n.map((r) => r.first)).toFixed(0)}) ` +
          `vs old shape ${median(o.map(total)).toFixed(0)} ms (load ${median(o.map((r) => r.load)).toFixed(0)} + first ${median(o.map((r) => r.first)).toFixed(0)}): ` +
          `${ratio.toFixed(2)}× faster (goal ≥ ${GOAL}×); CPU time ${median(n.map((r) => r.cpu)).toFixed(0)} vs ${median(o.map((r) => r.cpu)).toFixed(0)} ms: ` +
          `${(median(o.map((r) => r.cpu)) / median(n.map((r) => r.cpu))).toFixed(2)}×`,
      );
    }
    const startup = median(
      Object.values(times)
        .flatMap((t) => [...t.new, ...t.old])
        .map((r) => r.startup),
    );
    log(
      `node's own start-up before require (both shapes, not counted above): median ${startup.toFixed(0)} ms`,
    );
    if (missed) log(`GOAL MISSED for ${missed} bundle(s)`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
