import { prepareEdition } from '../core/digest-render';
import { fillTemplate } from '../core/fill-template';
import type { EmailRenderer } from '../ports';
import { type CompiledTemplates, compiledTemplatesSchema } from '../schemas/compiled-templates';

/**
 * Every email body, from templates compiled before the process runs (MJML never runs here):
 * - in a Lambda bundle, `infra/bundling.ts` defines `PAPERS_INBOX_COMPILED_TEMPLATES` at build time;
 * - in the local stack, CLIs and tests, the process compiles them once at start
 *   (`adapters/template-compiler.compileTemplates`) and hands them over with `provideCompiledTemplates`.
 */
declare const PAPERS_INBOX_COMPILED_TEMPLATES: string;

let provided: CompiledTemplates | undefined;
let bundled: CompiledTemplates | undefined;

export function provideCompiledTemplates(templates: CompiledTemplates): void {
  provided = templates;
}

export const hasCompiledTemplates = (): boolean =>
  typeof PAPERS_INBOX_COMPILED_TEMPLATES !== 'undefined' || provided !== undefined;

export function compiledTemplates(): CompiledTemplates {
  if (typeof PAPERS_INBOX_COMPILED_TEMPLATES !== 'undefined') {
    // A string of JSON (infra/bundling.ts definesFor says why), parsed on first use.
    bundled ??= compiledTemplatesSchema.parse(JSON.parse(PAPERS_INBOX_COMPILED_TEMPLATES));
    return bundled;
  }
  if (provided) return provided;
  throw new Error(
    'email templates are not compiled: bundle with infra/bundling.ts, or call ' +
      'provideCompiledTemplates(await compileTemplates()) when the process starts',
  );
}

/** The `emailRenderer` port. */
export function createEmailRenderer(
  config: { PUBLIC_BASE_URL: string; POSTAL_ADDRESS: string },
  templates: () => CompiledTemplates = compiledTemplates,
): EmailRenderer {
  return {
    async render(name, values) {
      const t = templates().emails[name];
      if (!t) throw new Error(`no compiled email template ${name}`);
      return { html: fillTemplate(t.html, values, 'html'), text: fillTemplate(t.text, values, 'text') };
    },
    prepareEdition: async (edition, papers) =>
      prepareEdition(templates().digest, {
        edition,
        papers,
        baseUrl: config.PUBLIC_BASE_URL,
        postalAddress: config.POSTAL_ADDRESS,
      }),
  };
}
