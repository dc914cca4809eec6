import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Metafile } from 'esbuild';
import { bundleHandler, ENTRY_FILE } from '../infra/bundling';
import { FUNCTIONS } from '../infra/functions';

/**
 * `npm run size`: bundles every handler exactly as the CDK stack does (`infra/bundling.ts`) and
 * compares each bundle with its budgets in `infra/bundle-budgets.json`: `bundle`, bytes of all its .mjs
 * files (the entry and every chunk), and `atStart`, the entry and the chunks it imports statically,
 * what a cold start parses before its first request (the other chunks load on first use).
 * Prints the largest packages in each bundle; exits 1 when a bundle is over budget or contains mjml
 * (templates are compiled at bundle time: no function runs MJML).
 */
const ROOT = path.resolve(__dirname, '..');
const budgets: { bundle: Record<string, number>; atStart: Record<string, number> } = JSON.parse(
  readFileSync(path.join(ROOT, 'infra', 'bundle-budgets.json'), 'utf8'),
);
const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;

/** `node_modules/@aws-sdk/client-sesv2/dist-cjs/…` → `@aws-sdk/client-sesv2`; our own code → `(app)`. */
function packageOf(input: string): string {
  const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/g);
  return m ? (m[m.length - 1] ?? '').replace('node_modules/', '') : '(app)';
}

/** Bytes of a bundle's code: all of it, and what its entry loads before any `import()`. */
export function bundleBytes(meta: Metafile): { total: number; atStart: number } {
  const outputs = Object.entries(meta.outputs).filter(([file]) => file.endsWith('.mjs'));
  const byFile = new Map(outputs);
  const atStart = new Set<string>();
  const visit = (file: string) => {
    if (atStart.has(file)) return;
    atStart.add(file);
    for (const i of byFile.get(file)?.imports ?? [])
      if (i.kind === 'import-statement' && byFile.has(i.path)) visit(i.path);
  };
  const entry = outputs.find(([file]) => file.endsWith(`/${ENTRY_FILE}`));
  if (!entry) throw new Error(`no ${ENTRY_FILE} among the outputs`);
  visit(entry[0]);
  const sum = (files: Iterable<string>) => [...files].reduce((n, f) => n + (byFile.get(f)?.bytes ?? 0), 0);
  return { total: sum(byFile.keys()), atStart: sum(atStart) };
}

async function main() {
  const out = mkdtempSync(path.join(tmpdir(), 'papers-inbox-size-'));
  let over = 0;
  try {
    console.log('function     bundle     budget     used   at start   budget     used');
    for (const f of FUNCTIONS) {
      const metafile = bundleHandler(path.join(ROOT, f.entry), path.join(out, f.name), f);
      const { total: size, atStart } = bundleBytes(metafile);
      const budget = budgets.bundle[f.name];
      const startBudget = budgets.atStart[f.name];
      if (budget === undefined || startBudget === undefined)
        throw new Error(`no budget for ${f.name} in infra/bundle-budgets.json (bundle and atStart)`);
      const used = size / budget;
      const startUsed = atStart / startBudget;
      if (used > 1) over++;
      if (startUsed > 1) over++;
      const pct = (u: number) => `${(u * 100).toFixed(0)}%`.padEnd(6);
      console.log(
        `${f.name.padEnd(12)} ${kb(size).padEnd(10)} ${kb(budget).padEnd(10)} ${pct(used)} ${kb(atStart).padEnd(10)} ${kb(startBudget).padEnd(10)} ${pct(startUsed).trimEnd()}${used > 1 || startUsed > 1 ? '  OVER BUDGET' : ''}`,
      );
      const byPackage = new Map<string, number>();
      for (const output of Object.values(metafile.outputs)) {
        for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
          byPackage.set(packageOf(input), (byPackage.get(packageOf(input)) ?? 0) + bytesInOutput);
        }
      }
      const mjml = [...byPackage.keys()].filter((p) => p.startsWith('mjml'));
      if (mjml.length > 0) {
        over++;
        console.log(`             CONTAINS MJML: ${mjml.join(', ')}`);
      }
      const top = [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 5);
      console.log(`             largest: ${top.map(([p, n]) => `${p} ${kb(n)}`).join(', ')}`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  if (over > 0) {
    console.error(`${over} bundle(s) over budget or with mjml inside`);
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(`size failed: ${err?.stack ?? err}`);
  process.exit(1);
});
