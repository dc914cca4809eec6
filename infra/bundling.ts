import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { type BundlingOptions, LogLevel, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

/**
 * How every handler is bundled, in one place: CDK's NodejsFunction (`cdkBundling`, `bundlingFor`) and
 * the size report (`esbuildOptions`, `npm run size`) use the same settings, so the report measures what
 * ships.
 *
 * The AWS SDK v3 is bundled, not taken from the Lambda runtime: the bundle then runs the exact SDK
 * version the tests ran against (the runtime's copy changes under us), and esbuild keeps only the
 * clients a handler imports. Nothing is external.
 *
 * `mainFields: module, main`: packages without an `exports` map (the SDK clients) resolve to their ES
 * modules, which esbuild tree-shakes, instead of their CommonJS builds, which it cannot: the DynamoDB
 * client's CJS build defines the schemas of all its ~60 operations at load. Bundles shrink by a quarter
 * (api 1,080 → 819 KiB) and the api's load takes ~40 % less CPU (bench/coldstart).
 */
export const MAIN_FIELDS = ['module', 'main'];
export const NODE_TARGET = 'node22';
export const EXTERNAL_MODULES: string[] = [];

const REPO_ROOT = path.resolve(__dirname, '..');

/** The global the email renderer reads its templates from (`functions/adapters/email-renderer.ts`). */
export const TEMPLATES_GLOBAL = 'PAPERS_INBOX_COMPILED_TEMPLATES';

let compiled: string | undefined;

/**
 * The email templates, compiled by MJML now, at bundle time, as JSON with their `{{placeholders}}`:
 * esbuild defines them into the bundles that render, so no bundle contains mjml and no Lambda reads
 * `templates/`. Compiled once per process, in a child process because CDK builds the stack
 * synchronously and mjml is async.
 */
export function compiledTemplatesJson(): string {
  compiled ??= execFileSync(
    process.execPath,
    [require.resolve('tsx/cli'), path.join(REPO_ROOT, 'scripts', 'compile-templates.ts')],
    { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  return compiled;
}

/** esbuild `define`s for one function: the compiled templates where it renders email, nothing otherwise. */
export const definesFor = (spec: { usesTemplates?: boolean }): Record<string, string> =>
  spec.usesTemplates ? { [TEMPLATES_GLOBAL]: compiledTemplatesJson() } : {};

export const cdkBundling: BundlingOptions = {
  forceDockerBundling: false,
  minify: true,
  sourceMap: true,
  sourceMapMode: SourceMapMode.DEFAULT,
  sourcesContent: false,
  target: NODE_TARGET,
  format: OutputFormat.CJS,
  mainFields: MAIN_FIELDS,
  externalModules: EXTERNAL_MODULES,
  // Sizes are reported by `npm run size` against the budgets; synth prints only problems.
  logLevel: LogLevel.WARNING,
};

export const bundlingFor = (spec: { usesTemplates?: boolean }): BundlingOptions => ({
  ...cdkBundling,
  define: definesFor(spec),
});

export function esbuildOptions(
  entry: string,
  outfile: string,
  spec: { usesTemplates?: boolean } = {},
): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: NODE_TARGET,
    format: 'cjs',
    mainFields: MAIN_FIELDS,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    external: EXTERNAL_MODULES,
    define: definesFor(spec),
    metafile: true,
    logLevel: 'silent',
  };
}
