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

/**
 * The digest's markup with its indentation gone: a line break between two tags, with the white space
 * around it, becomes one line break, and one inside a tag (MJML puts attributes and a tag's closing `>`
 * on lines of their own) one space, or nothing before the `>`. The same page in every client (outside
 * `pre`, white space between tags renders as one space, and inside a tag it is only a separator), ~20 %
 * fewer bytes, which every email sent copies. Applied alike to the compiled digest and to the reference
 * render, so both stay the same bytes; a line break is kept between tags so no line grows long.
 */
const squeezeMarkup = (html: string) =>
  html
    .replace(/>\s*\n\s*</g, '>\n<')
    .replace(/(<[A-Za-z][\w:-]*)\s*\n\s*/g, '$1 ')
    .replace(/"\s*\n\s*>/g, '">');

const PLACEHOLDERS = /\{\{\s*\w+\s*\}\}/g;

/**
 * A placeholder may not touch white space that holds a line break (placeholders around it counted as
 * empty): where that white space is squeezed, squeezing the page before its value is inserted could
 * give other bytes than squeezing it after (a `{{why}}` between `</div>` and a new line of `<p>`).
 * Put it against its neighbours.
 */
function checkSqueezable(html: string): void {
  for (const m of html.matchAll(PLACEHOLDERS)) {
    const at = m.index as number;
    const before = html.slice(0, at).replace(PLACEHOLDERS, '');
    const after = html.slice(at + m[0].length).replace(PLACEHOLDERS, '');
    if (/\n\s*$/.test(before) || /^\s*\n/.test(after))
      throw new Error(`digest placeholder ${m[0]} touches a line break: write it against its neighbours`);
  }
}

const PAPER_CELL = 'class="pi-paper"';

/**
 * Cuts the rendered digest around its papers. Each paper is the rows `digest-paper.mjml` adds to the
 * papers' column (its `mj-text` with `css-class="pi-paper"`, then its divider); a paper's piece starts
 * at the row of that cell. Rendered with two papers, both pieces must be the same bytes: that is what
 * lets one piece repeat for any number of papers.
 */
function cutRendered(out: string): CompiledTemplates['digest']['html'] {
  const starts: number[] = [];
  for (let from = 0; ; ) {
    const at = out.indexOf(PAPER_CELL, from);
    if (at < 0) break;
    starts.push(out.lastIndexOf('<tr', at));
    from = at + 1;
  }
  const [first, second] = starts;
  if (starts.length !== 2 || first === undefined || second === undefined || first < 0)
    throw new Error(`the rendered digest has ${starts.length} papers, expected 2`);
  const paper = out.slice(first, second);
  const end = second + paper.length;
  if (out.slice(second, end) !== paper)
    throw new Error('digest-paper.mjml renders differently by position: it cannot repeat');
  const cut = { head: out.slice(0, first), paper, foot: out.slice(end) };
  for (const piece of Object.values(cut)) checkSqueezable(piece);
  return cut;
}

export async function compileDigest(sources: DigestSources): Promise<CompiledTemplates['digest']> {
  const shell = cutAtPapers(sources.shell);
  const out = squeezeMarkup(
    await mjml(`${shell.head}${sources.paper}\n${sources.paper}\n${shell.foot}`, DIGEST_MJML),
  );
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
  return { subject, html: squeezeMarkup(await mjml(source, DIGEST_MJML)), text };
}

/**
 * For processes that run from the repository (the local stack, CLIs, benches): compile once, at start,
 * and hand the result to the email renderer. A process that already has them (a test file given the
 * run's templates) keeps those.
 */
export async function provideTemplatesFromSources(dir = TEMPLATES_DIR): Promise<void> {
  if (!hasCompiledTemplates()) provideCompiledTemplates(await compileTemplates(dir));
}
