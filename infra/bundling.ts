import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { AssetHashType } from 'aws-cdk-lib';
import { Code, Runtime } from 'aws-cdk-lib/aws-lambda';
import { type BuildOptions, buildSync } from 'esbuild';

/**
 * How every handler is bundled, in one place: the stack's Lambda code (`bundledCode`) and the size
 * report (`esbuildOptions`, `npm run size`) use the same settings, so the report measures what ships.
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

/** The handler file in a bundle's folder: `functions/handlers/index.mjs`, beside its `chunks/`. */
export const ENTRY_FILE = 'index.mjs';

/**
 * ES modules split into chunks: a module reached only through `import()` (the SES and SQS adapters,
 * the Secrets Manager key ring, the SDK's credential providers other than the environment's) lands in
 * a chunk of its own that loads on first use, so a cold start parses only what its first request needs
 * (the api's `GET /` never loads SES). `require` is defined for the few CommonJS packages that call it.
 */
export function esbuildOptions(
  entry: string,
  outdir: string,
  spec: { usesTemplates?: boolean } = {},
): BuildOptions {
  return {
    entryPoints: { index: entry },
    outdir,
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    target: NODE_TARGET,
    format: 'esm',
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
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

/**
 * A handler's Lambda code: bundled by the local esbuild at synth (no Docker), into the repository's
 * layout (`functions/handlers/index.mjs`). CDK's NodejsFunction cannot split a bundle (it builds one
 * `--outfile`), so the stack bundles through this asset instead, with the same options as `npm run size`.
 */
export function bundledCode(spec: { entry: string; usesTemplates?: boolean }): Code {
  return Code.fromAsset(REPO_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // CDK caches a bundle by its options compared as JSON, where tryBundle (a function) is absent:
      // naming the entry here keeps every function from getting the first one's bundle.
      environment: { BUNDLE_ENTRY: spec.entry, BUNDLE_TEMPLATES: String(Boolean(spec.usesTemplates)) },
      // Only used if local bundling were impossible; esbuild is a dependency, so it never is.
      image: Runtime.NODEJS_22_X.bundlingImage,
      local: {
        tryBundle(outputDir: string) {
          const outdir = path.join(outputDir, path.posix.dirname(spec.entry));
          const result = buildSync(esbuildOptions(path.join(REPO_ROOT, spec.entry), outdir, spec));
          if (result.errors.length > 0) throw new Error(`esbuild failed for ${spec.entry}`);
          return true;
        },
      },
    },
  });
}
