import { readFile } from 'node:fs/promises';
import path from 'node:path';
import mjml2html from 'mjml';
import { cutAtPapers, type DigestEmail, type DigestSources, digestMjml } from '../core/digest-render';
import type { CompiledTemplates, TemplateName } from '../schemas/compiled-templates';
import { hasCompiledTemplates, provideCompiledTemplates } from './email-renderer';

/**
 * MJML, at build time only: the one place that reads `templates/` and runs mjml. `compileTemplates()`
 * runs when the functions are bundled (`infra/bundling.ts` defines the result into the api and sender
 * bundles) and once when the local stack, a CLI or the test run starts. No Lambda bundle imports this
 * file, so none contains mjml (checked in test/infra/stack.test.ts); mjml is a devDependency.
 *
 * Templates: `NAME.mjml` (HTML) + `NAME.txt` (text) per email; the digest is `digest.mjml` around
 * `digest-paper.mjml` (and `digest.txt` around `digest-paper.txt`), joined at `{{papers}}`.
 * Placeholders are `{{name}}` everywhere (`core/fill-template.ts`); MJML passes them through untouched.
 */
export const TEMPLATES_DIR = path.resolve(__dirname, '..', '..', 'templates');

const EMAILS: readonly TemplateName[] = ['confirm', 'already-subscribed'];
const DIGEST_MJML = { validationLevel: 'strict', keepComments: true, minify: false } as const;

async function mjml(
  source: string,
  options: Parameters<typeof mjml2html>[1] = { validationLevel: 'strict' },
) {
  return (await mjml2html(source, options)).html;
}

const read = (dir: string, file: string) => readFile(path.join(dir, file), 'utf8');

export async function readDigestSources(dir = TEMPLATES_DIR): Promise<DigestSources> {
  const [shell, paper, textShell, textPaper] = await Promise.all(
    ['digest.mjml', 'digest-paper.mjml', 'digest.txt', 'digest-paper.txt'].map((f) => read(dir, f)),
  );
  return { shell, paper, textShell, textPaper } as DigestSources;
}

const OUTLOOK_OPEN = '<!--[if mso | IE]>';

/**
 * Cuts the rendered digest at its top-level section boundaries. MJML renders each top-level
 * `mj-section` on its own and merges Outlook's conditional comments only at section boundaries
 * (`</td></tr></table><table …class="X-outlook"…>`); a paper's piece starts at the conditional that
 * opens its section, so the boundary before it travels with it. Rendered with two papers, both pieces
 * must be the same bytes: that is what lets one piece repeat for any number of papers.
 */
function cutRendered(out: string): CompiledTemplates['digest']['html'] {
  const starts: number[] = [];
  for (let from = 0; ; ) {
    const at = out.indexOf('class="pi-paper-outlook"', from);
    if (at < 0) break;
    starts.push(out.lastIndexOf(OUTLOOK_OPEN, at));
    from = at + 1;
  }
  const footStart = out.lastIndexOf(OUTLOOK_OPEN, out.indexOf('class="pi-footer-outlook"'));
  const [first, second] = starts;
  if (starts.length !== 2 || first === undefined || second === undefined || first < 0 || footStart < second)
    throw new Error(`the rendered digest has ${starts.length} paper sections, expected 2`);
  const paper = out.slice(first, second);
  if (out.slice(second, footStart) !== paper)
    throw new Error('digest-paper.mjml renders differently by position: it cannot repeat');
  return { head: out.slice(0, first), paper, foot: out.slice(footStart) };
}

export async function compileDigest(sources: DigestSources): Promise<CompiledTemplates['digest']> {
  const shell = cutAtPapers(sources.shell);
  const out = await mjml(`${shell.head}${sources.paper}\n${sources.paper}\n${shell.foot}`, DIGEST_MJML);
  const text = cutAtPapers(sources.textShell);
  return { html: cutRendered(out), text: { head: text.head, paper: sources.textPaper, foot: text.foot } };
}

export async function compileTemplates(dir = TEMPLATES_DIR): Promise<CompiledTemplates> {
  const emails = await Promise.all(
    EMAILS.map(async (name) => {
      const [source, text] = await Promise.all([read(dir, `${name}.mjml`), read(dir, `${name}.txt`)]);
      return [name, { html: await mjml(source), text }] as const;
    }),
  );
  return {
    emails: Object.fromEntries(emails) as CompiledTemplates['emails'],
    digest: await compileDigest(await readDigestSources(dir)),
  };
}

let sources: Promise<DigestSources> | undefined;

/**
 * The reference: one full `mjml2html` of this reader's digest, as the service rendered before templates
 * were compiled (the fast-path equality test and the render bench's baseline).
 */
export async function renderDigestFull(input: Parameters<typeof digestMjml>[1]): Promise<DigestEmail> {
  sources ??= readDigestSources();
  const { subject, mjml: source, text } = digestMjml(await sources, input);
  return { subject, html: await mjml(source, DIGEST_MJML), text };
}

/**
 * For processes that run from the repository (the local stack, CLIs, benches): compile once, at start,
 * and hand the result to the email renderer. A process that already has them (a test file given the
 * run's templates) keeps those.
 */
export async function provideTemplatesFromSources(dir = TEMPLATES_DIR): Promise<void> {
  if (!hasCompiledTemplates()) provideCompiledTemplates(await compileTemplates(dir));
}
