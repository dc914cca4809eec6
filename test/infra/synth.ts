import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { addPapersInbox } from '../../infra/papers-inbox-app';

/** cdk.json's context (feature flags, defaults) plus the required deploy parameters. */
export function deployContext(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8'));
  return {
    ...cdkJson.context,
    senderAddress: 'Papers Inbox <digest@papers.example.com>',
    domain: 'papers.example.com',
    postalAddress: 'Papers Inbox, 1 Example Street, Springfield',
    alarmEmail: 'ops@example.com',
    ...extra,
  };
}

/**
 * Synthesizes the real app (bundling every handler with the local esbuild, cdk-nag on) ONCE.
 * Synth throws when cdk-nag reports an unacknowledged error; `error` keeps that for the nag test.
 */
export function synthApp(extra: Record<string, unknown> = {}) {
  const app = new App({
    context: deployContext(extra),
    outdir: mkdtempSync(path.join(tmpdir(), 'cdk-test-')),
  });
  const stack = addPapersInbox(app);
  let assembly: CloudAssembly | undefined;
  let error: Error | undefined;
  try {
    assembly = app.synth();
  } catch (err) {
    error = err as Error;
  }
  return { app, stack, assembly, error };
}

export const logicalId = (element: { node: { defaultChild?: unknown } } | CfnElement) => {
  const cfn = ('logicalId' in element ? element : element.node.defaultChild) as CfnElement;
  return Stack.of(cfn).resolve(cfn.logicalId) as string;
};
