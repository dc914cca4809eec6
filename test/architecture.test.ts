import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The layout ARCHITECTURE.md draws, checked on the source text: who may import whom, where
 * `process.env` may be read, and where AWS SDK clients may be built.
 */
const ROOT = path.join(__dirname, '..');

function filesUnder(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  return readdirSync(abs).flatMap((name) => {
    const rel = path.join(dir, name);
    if (statSync(path.join(ROOT, rel)).isDirectory()) return filesUnder(rel);
    return /\.(ts|mjs)$/.test(name) ? [rel] : [];
  });
}

/** Every module a file imports (static, dynamic and `require`), resolved to a repo path when relative. */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const specs = [
    ...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g),
    ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...text.matchAll(/require\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1] as string);
  return specs.map((s) => (s.startsWith('.') ? path.join(path.dirname(file), s) : s));
}

/** The code without its comments (a comment may name `process.env` or a client to say why not). */
const code = (file: string) =>
  readFileSync(path.join(ROOT, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1');

const offenders = (files: string[], bad: (imported: string) => boolean) =>
  files.flatMap((f) =>
    importsOf(f)
      .filter(bad)
      .map((i) => `${f} imports ${i}`),
  );

const functions = filesUnder('functions');
const core = filesUnder('functions/core');
const handlers = filesUnder('functions/handlers');
const scripts = filesUnder('scripts');
const production = [...functions, ...filesUnder('infra'), ...scripts];

test('the core imports nothing from adapters, http, pages, handlers, roots, nor the file system', () => {
  const found = offenders(core, (i) =>
    /^functions\/(adapters|http|pages|handlers|roots|use-cases)\b|^node:fs|^fs$|^mjml$/.test(i),
  );
  expect(found).toEqual([]);
});

test('use-cases reach adapters only through the ports', () => {
  expect(
    offenders(filesUnder('functions/use-cases'), (i) => /^functions\/(adapters|roots|handlers)\b/.test(i)),
  ).toEqual([]);
});

test('a handler imports no other handler, and scripts and benches import no handler', () => {
  const isHandler = (i: string) => /^functions\/handlers\//.test(i);
  expect(offenders(handlers, isHandler)).toEqual([]);
  expect(offenders([...scripts, ...filesUnder('bench')], isHandler)).toEqual([]);
});

/**
 * `process.env` is handed to `createConfig` by the process entry points only: the Lambda root, the
 * local stack's `main.ts`, each CLI's `main()`. bench/ and test/ pass on the emulator endpoints their
 * runners put in the environment (see their roots); the CDK app reads CDK's own variables.
 */
const ENV_READERS = new Set([
  'functions/roots/lambda.ts',
  'infra/local/main.ts',
  'infra/local/emulators.ts', // the emulators' child processes inherit the environment
  'infra/local/fauxqs-runner.mjs', // the SQS emulator's own process, given its port
  'infra/papers-inbox-app.ts', // CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION, set by the CDK CLI
  'scripts/digest.ts',
  'scripts/ingest.ts',
  'scripts/preview.ts',
  'scripts/soak.ts',
]);

test('no process.env outside config and the process entry points', () => {
  const found = production.filter((f) => !ENV_READERS.has(f) && /process\.env/.test(code(f)));
  expect(found).toEqual([]);
});

test('AWS SDK clients are built only in functions/adapters', () => {
  const built = /new\s+[A-Za-z]*Client\s*\(|DynamoDBDocumentClient\.from\(/;
  const found = production
    .filter((f) => !f.startsWith('functions/adapters/'))
    .filter((f) => built.test(code(f)));
  expect(found).toEqual([]);
});

test('no raw AWS SDK use in http, pages, handlers, use-cases or core', () => {
  const layers = functions.filter((f) => /^functions\/(http|pages|handlers|use-cases|core)\//.test(f));
  expect(offenders(layers, (i) => i.startsWith('@aws-sdk/'))).toEqual([]);
});

test('every log line of functions/ goes through the log port (Powertools Logger), never the console', () => {
  const found = functions.filter((f) => /\bconsole\.(log|info|warn|error|debug)\(/.test(code(f)));
  expect(found).toEqual([]);
});

test('zod is imported as a namespace (`import * as z`): a named `z` keeps all of its locales, 260 KB, in every bundle', () => {
  // `import type { z }` is erased at build time and allowed.
  const found = functions.filter((f) => /^import\s*\{[^}]*\bz\b[^}]*\}\s*from\s*'zod'/m.test(code(f)));
  expect(found).toEqual([]);
});
