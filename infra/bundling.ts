import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { decode, encode } from '@jridgewell/sourcemap-codec';
import { AssetHashType } from 'aws-cdk-lib';
import { Code, Runtime } from 'aws-cdk-lib/aws-lambda';
import { type BuildOptions, buildSync, type Metafile } from 'esbuild';

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

/**
 * esbuild `define`s for one function: the compiled templates where it renders email, nothing otherwise.
 * Defined as a string of JSON, not as the object: esbuild puts an object `define` in its shared runtime
 * chunk and builds it in every module's init, so each cold start built 25 KiB of templates it may never
 * use; a string is inlined where it is read (the email renderer, a chunk loaded on first use) and
 * parsed there, once.
 */
export const definesFor = (spec: { usesTemplates?: boolean }): Record<string, string> =>
  spec.usesTemplates ? { [TEMPLATES_GLOBAL]: JSON.stringify(compiledTemplatesJson()) } : {};

/** The handler file in a bundle's folder: `functions/handlers/index.mjs`, beside its `chunks/`. */
export const ENTRY_FILE = 'index.mjs';

/**
 * Node's builtins as their CommonJS modules (`infra/node-builtins/<name>.cjs`,
 * `process.getBuiltinModule`): an ES `import` of a builtin makes Node build its ES facade, which reads
 * every export, lazy getters included. node:http's loads undici (~40 ms); node:process's creates
 * `process.stdin` (~8 ms); node:fs's reads all of fs (~4 ms). The CommonJS object reads nothing
 * until used. The list is every builtin a bundle imports (the stack test fails on an ES import of any
 * builtin).
 */
export const NODE_BUILTINS = [
  'async_hooks',
  'child_process',
  'console',
  'crypto',
  'fs',
  'fs/promises',
  'http',
  'https',
  'os',
  'path',
  'process',
  'stream',
  'util',
  'zlib',
] as const;
export const NODE_BUILTINS_DIR = path.join(__dirname, 'node-builtins');
export const NODE_BUILTINS_AS_COMMONJS: Record<string, string> = Object.fromEntries(
  NODE_BUILTINS.flatMap((name) => {
    const shim = path.join(NODE_BUILTINS_DIR, `${name.replace('/', '-')}.cjs`);
    return [
      [name, shim],
      [`node:${name}`, shim],
    ];
  }),
);

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
      // node:module taken as CommonJS too (NODE_BUILTINS_AS_COMMONJS says why).
      js: "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);",
    },
    mainFields: MAIN_FIELDS,
    alias: NODE_BUILTINS_AS_COMMONJS,
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
 * One handler's bundle in `outdir`, as it ships: esbuild with `esbuildOptions`, then source maps of our
 * code only. The stack (`bundledCode`), `npm run size` and the coldstart bench all build through here;
 * synchronous, because CDK bundles during a synchronous synth. Returns esbuild's metafile.
 */
export function bundleHandler(
  entry: string,
  outdir: string,
  spec: { usesTemplates?: boolean } = {},
): Metafile {
  const result = buildSync(esbuildOptions(entry, outdir, spec));
  if (result.errors.length > 0 || !result.metafile) throw new Error(`esbuild failed for ${entry}`);
  mapOnlyOurCode(outdir);
  return result.metafile;
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
          bundleHandler(
            path.join(REPO_ROOT, spec.entry),
            path.join(outputDir, path.posix.dirname(spec.entry)),
            spec,
          );
          return true;
        },
      },
    },
  });
}

/**
 * Keeps in each source map of a bundle only the mappings into our own code: a stack trace still names
 * our files and lines, and frames inside a bundled package show the bundle's position, which is all a
 * package frame tells in a service's logs anyway. Node reads the maps of every module it loads under
 * `--enable-source-maps`, so the smaller maps (60 % less) shorten every cold start (api: ~17 ms of CPU,
 * bench/coldstart); Node itself skips the maps of `node_modules` for the same reason
 * (`module.setSourceMapsSupport`, nodejs/node#56639), which a bundle cannot use. `sources` stay complete,
 * so a map still lists every input of the bundle; a chunk holding none of our code keeps its map file
 * but no longer points to it.
 */
export function mapOnlyOurCode(outdir: string): void {
  for (const file of readdirSync(outdir, { recursive: true }) as string[]) {
    if (!file.endsWith('.map')) continue;
    const mapFile = path.join(outdir, file);
    const map = JSON.parse(readFileSync(mapFile, 'utf8')) as { sources: string[]; mappings: string };
    // The builtins' one-line shims count as packages: a chunk of them and packages names no map.
    const ours = map.sources.map(
      (source) => !source.includes('node_modules/') && !source.includes('infra/node-builtins/'),
    );
    let mapsOurs = false;
    map.mappings = encode(
      decode(map.mappings).map((line) => {
        const kept: (typeof line)[number][] = [];
        for (const segment of line) {
          if (segment.length > 1 && ours[segment[1] as number]) {
            kept.push(segment);
            mapsOurs = true;
          }
          // A package's segment becomes "unmapped from here", so its code is never taken for the
          // mapping before it; runs of them collapse into one.
          else if (kept.length === 0 || (kept.at(-1)?.length ?? 0) > 1) kept.push([segment[0]]);
        }
        return kept;
      }),
    );
    writeFileSync(mapFile, JSON.stringify(map));
    if (mapsOurs) continue;
    // A chunk of packages only: its map (still listing its inputs) maps nothing, so the chunk does not
    // name it, and Node reads none for it at start (for a module with a map it also measures every line
    // of its code): loading the api took 13 ms in source maps instead of 17–23 ms (Node 22, CPU profile).
    const codeFile = mapFile.slice(0, -'.map'.length);
    const code = readFileSync(codeFile, 'utf8');
    writeFileSync(codeFile, code.replace(/\n\/\/# sourceMappingURL=[^\n]*\s*$/, '\n'));
  }
}
