import fc from 'fast-check';
import { Parser } from 'htmlparser2';
import { compiledTemplates } from '../../functions/adapters/email-renderer';
import { assembleDigest, prepareEdition } from '../../functions/core/digest-render';
import { editionPage, editionsAtom } from '../../functions/pages/edition-pages';
import type { Edition } from '../../functions/schemas/edition';
import type { Paper } from '../../functions/schemas/paper';
import { makePaper } from '../support/seed';

/**
 * Paper data comes from upstream and is hostile by assumption: markup in any text field and
 * `javascript:`/`data:` links in any URL field must come out escaped or dropped, in the email (HTML and
 * text) and in the public edition page and feed. Rendering is the real code (MJML included).
 */
const MARKUP = [
  '<script>void(7)</script>',
  '<img src=x onerror=void(7)>',
  '"><svg onload=void(7)>',
  "'><iframe src=javascript:void(7)>",
  '</a><a href="javascript:void(7)">x</a>',
  '<style>.pwned{color:red}</style>',
  '<a href="https://evil.example" onclick="void(7)">x</a>',
  '{{unsubscribeUrl}}',
  '\u0000\u202e',
];
const BAD_URLS = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'java\tscript:alert(1)',
];
const text = fc
  .tuple(fc.string({ maxLength: 20 }), fc.constantFrom(...MARKUP), fc.string({ maxLength: 20 }))
  .map(([a, m, b]) => `${a}${m}${b}`);
const badUrl = fc.constantFrom(...BAD_URLS);

const DATE = '2026-09-03';
const edition = (papers: Paper[]): Edition => ({
  editionId: `daily#${DATE}`,
  kind: 'daily',
  date: DATE,
  paperIds: papers.map((p) => p.arxivId),
  createdAt: new Date().toISOString(),
});
const hostilePaper = fc
  .record({ title: text, abstract: text, aiSummary: text, author: text, organization: text, keyword: text })
  .chain((t) =>
    fc.record({ githubRepo: badUrl, projectPage: badUrl, thumbnailUrl: badUrl }).map((u) => ({ ...t, ...u })),
  )
  .map((t) =>
    makePaper(DATE, {
      title: t.title,
      abstract: t.abstract,
      aiSummary: t.aiSummary,
      authors: [t.author],
      organization: t.organization,
      aiKeywords: [t.keyword],
      githubRepo: t.githubRepo,
      projectPage: t.projectPage,
      thumbnailUrl: t.thumbnailUrl,
    }),
  );

/**
 * Parses the output as a browser would (htmlparser2, entities decoded) and finds what the data could have
 * made live: script-capable elements, event-handler attributes, a style block of the data's, any link or
 * image whose URL is not http(s), mailto or a site path (so `src=x` from the data fails too).
 * In a page only `<main>` is examined: paper data goes nowhere else, and the site's own chrome (the skip
 * link to `#main`, the inline logo SVG) is not the data's.
 */
function liveMarkup(out: string, xml = false): string[] {
  const found: string[] = [];
  let inStyle = false;
  let mainDepth = 0;
  const isPage = !xml && /<main[\s>]/.test(out);
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (name === 'main') mainDepth++;
        if (isPage && mainDepth === 0) return;
        if (['script', 'iframe', 'svg', 'object', 'embed'].includes(name)) found.push(`<${name}>`);
        if (name === 'style') inStyle = true;
        for (const [k, v] of Object.entries(attribs)) {
          if (k.startsWith('on')) found.push(`${name} ${k}`);
          if (['href', 'src'].includes(k) && !/^(https?:\/\/|mailto:|\/(?!\/))/i.test(v.trim()))
            found.push(`${name} ${k}=${v}`);
        }
      },
      ontext(t) {
        if (inStyle && t.includes('pwned')) found.push('<style> from data');
      },
      onclosetag(name) {
        if (name === 'style') inStyle = false;
        if (name === 'main') mainDepth--;
      },
    },
    { decodeEntities: true, xmlMode: xml },
  );
  parser.write(out);
  parser.end();
  return found;
}

function expectInert(out: string, xml = false) {
  expect(liveMarkup(out, xml)).toEqual([]);
  // The URL fields' payloads never appear, even as text (they are dropped, not escaped).
  expect(out).not.toMatch(/alert\(1\)|msgbox|data:text\/html/i);
}

test('email (HTML and text, subject) renders hostile paper data inert', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(hostilePaper, { minLength: 1, maxLength: 3 }), async (papers) => {
      const prepared = prepareEdition(compiledTemplates().digest, {
        edition: edition(papers),
        papers,
        baseUrl: 'https://papers-inbox.example',
        postalAddress: 'Papers Inbox, 1 Example Street',
      });
      const email = assembleDigest(prepared, {
        paperIds: papers.map((p) => p.arxivId),
        links: {
          unsubscribeUrl: 'https://papers-inbox.example/unsubscribe?token=t',
          preferencesUrl: 'https://papers-inbox.example/preferences?token=t',
          webViewUrl: `https://papers-inbox.example/editions/${DATE}`,
        },
      });
      expectInert(email.html);
      // The text part is plain text: markup may show as text, but no dangerous link is offered.
      expect(email.text).not.toMatch(/alert\(1\)|msgbox|data:text\/html/i);
      expect(email.subject).not.toMatch(/[\r\n]/);
      // A reader placeholder in the data is not filled with reader links.
      expect(email.html.match(/unsubscribe\?token=t/g)?.length ?? 0).toBeLessThanOrEqual(2);
    }),
    { numRuns: 12 },
  );
}, 90_000);

test('edition page and Atom feed render hostile paper data inert', () => {
  fc.assert(
    fc.property(fc.array(hostilePaper, { minLength: 1, maxLength: 4 }), (papers) => {
      expectInert(editionPage(edition(papers), papers));
      const atom = editionsAtom({
        editions: [edition(papers)],
        titles: new Map(papers.map((p) => [p.arxivId, p.title])),
        titlesPerEdition: 10,
        baseUrl: 'https://papers-inbox.example',
      });
      expectInert(atom, true);
    }),
    { numRuns: 100 },
  );
});

test('the checker itself sees live markup and bad links (so the tests above can fail)', () => {
  expect(liveMarkup('<p><script>x</script><a href="JaVaScRiPt:x">a</a><img src=x onerror=y></p>')).toEqual([
    '<script>',
    'a href=JaVaScRiPt:x',
    'img src=x',
    'img onerror',
  ]);
});
