import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleHandler, ENTRY_FILE } from '../../infra/bundling';

type RenderCore = typeof import('./render-core');

/**
 * `render-core.ts` bundled with the options of the Lambda bundles (`infra/bundling.bundleHandler`: one
 * minified ES module, imports resolved at build time) and loaded with `import()`, as the sender's Lambda
 * loads its bundle. Through tsx each of our files is its own CommonJS module and every call across files
 * goes through an export getter; the bundle calls functions directly, as the deployed sender does.
 */
export async function bundledRenderCore(): Promise<RenderCore> {
  const dir = mkdtempSync(path.join(tmpdir(), 'papers-inbox-render-core-'));
  try {
    bundleHandler(path.join(__dirname, 'render-core.ts'), dir);
    return (await import(pathToFileURL(path.join(dir, ENTRY_FILE)).href)) as RenderCore;
  } finally {
    // Loaded modules stay in memory; the files are not needed once imported (chunks load at start here).
    rmSync(dir, { recursive: true, force: true });
  }
}
