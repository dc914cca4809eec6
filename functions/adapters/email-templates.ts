import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fillTemplate } from '../core/fill-template';
import type { EmailTemplates, TemplateName } from '../ports';

/**
 * Email bodies from `templates/`: `NAME.mjml` for HTML, `NAME.txt` for the plain-text part. MJML is
 * compiled once per process with its `{{placeholders}}` intact (mjml 5 is async and slow: tens of ms),
 * and every email only substitutes escaped values into the compiled HTML.
 */

export const DEFAULT_TEMPLATES_DIR = path.resolve(__dirname, '../../templates');

export function createEmailTemplates(dir = DEFAULT_TEMPLATES_DIR): EmailTemplates {
  const compiled = new Map<TemplateName, Promise<{ html: string; text: string }>>();

  async function compile(name: TemplateName) {
    const [source, text] = await Promise.all([
      readFile(path.join(dir, `${name}.mjml`), 'utf8'),
      readFile(path.join(dir, `${name}.txt`), 'utf8'),
    ]);
    // Loaded on first use: handlers that never render are bundled without mjml (infra/bundling.ts).
    const { default: mjml2html } = await import('mjml');
    const out = await mjml2html(source, { validationLevel: 'strict' });
    return { html: out.html, text };
  }

  return {
    async render(name, values) {
      let template = compiled.get(name);
      if (!template) {
        template = compile(name);
        // A failed compile is retried by the next email instead of being cached forever.
        template.catch(() => compiled.delete(name));
        compiled.set(name, template);
      }
      const t = await template;
      return { html: fillTemplate(t.html, values, 'html'), text: fillTemplate(t.text, values, 'text') };
    },
  };
}
