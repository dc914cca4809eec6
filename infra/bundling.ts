import { type BundlingOptions, LogLevel, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

/**
 * How every handler is bundled, in one place: CDK's NodejsFunction (`cdkBundling`) and the size
 * report (`esbuildOptions`, `npm run size`) use the same settings, so the report measures what ships.
 *
 * The AWS SDK v3 is bundled, not taken from the Lambda runtime: the bundle then runs the exact SDK
 * version the tests ran against (the runtime's copy changes under us), and esbuild keeps only the
 * clients a handler imports. `typescript` stays external: mjml's dependency chain requires it
 * optionally and never at run time.
 */
export const NODE_TARGET = 'node22';
export const EXTERNAL_MODULES = ['typescript'];

/**
 * mjml (about 3 MB bundled) is loaded lazily by the two renderers (`adapters/email-templates.ts`,
 * `core/digest-render.ts`), so a handler that never renders can leave it out of its bundle: its
 * lazy `import('mjml')` is never reached. Only functions that ship `templates/` render.
 */
export const externalModulesFor = (spec: { usesTemplates?: boolean }) =>
  spec.usesTemplates ? EXTERNAL_MODULES : [...EXTERNAL_MODULES, 'mjml'];

export const cdkBundling: BundlingOptions = {
  forceDockerBundling: false,
  minify: true,
  sourceMap: true,
  sourceMapMode: SourceMapMode.DEFAULT,
  sourcesContent: false,
  target: NODE_TARGET,
  format: OutputFormat.CJS,
  externalModules: EXTERNAL_MODULES,
  // Sizes are reported by `npm run size` against the budgets; synth prints only problems.
  logLevel: LogLevel.WARNING,
};

export function esbuildOptions(entry: string, outfile: string, external = EXTERNAL_MODULES): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: NODE_TARGET,
    format: 'cjs',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    external,
    metafile: true,
    logLevel: 'silent',
  };
}
