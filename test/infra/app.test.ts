import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** The CDK CLI path (`cdk.json` → `npx tsx infra/app.ts`) stops before bundling when a parameter is missing. */
test('`cdk synth` without the required context fails with a one-line reason', () => {
  const out = spawnSync('npx', ['cdk', 'synth', '--no-notices', '-c', 'domain=papers.example.com'], {
    cwd: path.join(__dirname, '..', '..'),
    env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(out.status).not.toBe(0);
  expect(out.stderr).toContain('context "senderAddress" is required (cdk deploy -c senderAddress=…)');
}, 130_000);
