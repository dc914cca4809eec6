import { compileTemplates } from '../functions/adapters/template-compiler';

/**
 * Prints the compiled email templates as JSON (`infra/bundling.ts` runs this while the functions are
 * bundled: CDK builds its stack synchronously, and MJML is async, so it runs in a child process).
 */
compileTemplates()
  .then((t) => process.stdout.write(JSON.stringify(t)))
  .catch((err) => {
    console.error(`compile-templates failed: ${err?.stack ?? err}`);
    process.exit(1);
  });
