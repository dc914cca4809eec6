import escapeHtml from 'escape-html';
import { compiledTemplates } from '../../functions/adapters/email-renderer';
import { renderDigestFull } from '../../functions/adapters/template-compiler';
import { assembleDigest, escapeHtmlLatin1, prepareEdition } from '../../functions/core/digest-render';
import type { Edition } from '../../functions/schemas/edition';
import { hostilePapers } from '../support/hostile-papers';
import { seededRandom } from '../support/random';

const edition: Edition = {
  editionId: 'daily#2026-06-12',
  kind: 'daily',
  date: '2026-06-12',
  paperIds: ['2606.99901', '2606.99902'],
  createdAt: '2026-06-12T06:30:00.000Z',
};
const links = {
  unsubscribeUrl: 'https://pi.example/unsubscribe?token=a.b&x="><script>alert(1)</script>',
  preferencesUrl: "https://pi.example/preferences?token=a'b",
  webViewUrl: 'https://pi.example/editions/2026-06-12',
};
const papers = hostilePapers();

let full: Awaited<ReturnType<typeof renderDigestFull>>;
let fast: ReturnType<typeof assembleDigest>;
beforeAll(async () => {
  const input = {
    edition,
    baseUrl: 'https://pi.example',
    postalAddress: 'Papers & Co <HQ>, 1 Example Street',
  };
  full = await renderDigestFull({ ...input, papers, links });
  const prepared = prepareEdition(compiledTemplates().digest, { ...input, papers });
  fast = assembleDigest(prepared, { paperIds: edition.paperIds, links });
});

test('both paths give the same email for hostile data', () => {
  expect(fast).toEqual(full);
});

/** Numeric references back to characters (the HTML writes everything beyond Latin-1 as `&#N;`). */
const decodeNumeric = (s: string) =>
  s.replace(/&#(\d+);/g, (ref: string, n: string) =>
    Number(n) > 255 ? String.fromCodePoint(Number(n)) : ref,
  );

test('the HTML is Latin-1 only: other characters are numeric references', () => {
  expect(/[^\t-\u00ff]/u.test(fast.html)).toBe(false);
  expect(fast.html).toContain('&#22823;&#35268;&#27169;'); // 大规模
});

test('paper text is HTML-escaped: no markup from paper data reaches the HTML', () => {
  const html = decodeNumeric(fast.html);
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<img src=x/);
  expect(html).not.toMatch(/<b>bold|<i>Org|<Eve>|<k>/);
  expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;');
  expect(html).toContain('$O(n^{2})$');
  expect(html).toContain(
    '&lt;Eve&gt;, Mallory &amp; Co, O&#39;Brien et al. — &lt;i&gt;Org&lt;/i&gt; &quot;Labs&quot;',
  );
  expect(html).toContain(
    '大规模语言模型的推理能力研究：一个基准 (Ünïcödé, עברית, русский) with a hard line break',
  );
  expect(html).toContain('Papers &amp; Co &lt;HQ&gt;, 1 Example Street');
});

test('only http(s) links are rendered, and every URL is attribute-escaped', () => {
  const { html, text } = fast;
  for (const part of [html, text]) {
    expect(part).not.toMatch(/javascript:/i);
    expect(part).not.toMatch(/data:text/i);
  }
  expect(html).not.toMatch(/onmouseover="/);
  expect(html).toContain('href="https://github.com/x/y?tab=readme&amp;q=%3Cx%3E"');
  expect(html).toContain(
    'src="https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2606.99902.png?a=1&amp;b=%222%22"',
  );
  // Per-reader links are escaped on substitution, so a quote cannot end the attribute.
  expect(html).toContain(
    'href="https://pi.example/unsubscribe?token=a.b&amp;x=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"',
  );
  expect(html).toContain('href="https://pi.example/preferences?token=a&#39;b"');
  // The paper with bad URLs still has its arXiv and PDF links.
  expect(html).toContain('href="https://arxiv.org/pdf/2606.99901"');
});

test('placeholders in paper data stay text (they are never substituted)', () => {
  expect(fast.html).toContain('{{papers}} %%PI-unsubscribeUrl%%');
  expect(fast.html.split(links.webViewUrl).length - 1).toBe(2);
});

test('the text part carries the raw text and the subject is one line with the top title', () => {
  expect(fast.text).toContain(`<script>alert("x")</script> & 'quotes'`);
  expect(fast.text).toContain(`Unsubscribe: ${links.unsubscribeUrl}`);
  expect(fast.text).toContain('Papers & Co <HQ>, 1 Example Street');
  expect(fast.subject).toBe(
    `Papers Inbox · 12 Jun 2026: <script>alert("x")</script> & 'quotes' — $O(n^{2})$ vs <b>bold</b>`,
  );
  expect(fast.subject).not.toMatch(/[\r\n]/);
});

test('a long abstract is cut at a word boundary near 300 characters; spaceless scripts at 300', () => {
  const first = fast.text.split('\n').find((l) => l.startsWith('An abstract with')) as string;
  // The text part writes our cut as "..." (digest/values), the HTML as "…".
  expect(first.length).toBeLessThanOrEqual(303);
  expect(first.length).toBeGreaterThan(250);
  expect(first).toMatch(/ word\.\.\.$/);
  expect(fast.html).toMatch(/ word&#8230;</);
  const cjk = fast.text.split('\n').find((l) => l.startsWith('这是')) as string;
  expect(Array.from(cjk)).toHaveLength(303);
});

test("the escaper's shortcuts (nothing to escape, or `&` alone) give what escaping everything gives", () => {
  const plain = (s: string) => escapeHtml(s).replace(/[^\t-\u00ff]/gu, (c) => `&#${c.codePointAt(0)};`);
  const cases = [
    '',
    'plain',
    'https://pi.example/feedback?token=abc.2606.12345&kind=more',
    '&&',
    `a&b<c>"d'e`,
    'Zoë “quoted” 😀 &',
    '\u0001\u0008\t\n\r control',
    'é<',
    'lone surrogate \ud800 &',
  ];
  const rand = seededRandom(3);
  const alphabet = ['a', '&', '<', '>', '"', "'", 'é', 'ÿ', 'Ā', '“', '😀', '\u0000', '\t', ' ', '='];
  for (let i = 0; i < 500; i++)
    cases.push(
      Array.from(
        { length: Math.floor(rand() * 12) },
        () => alphabet[Math.floor(rand() * alphabet.length)],
      ).join(''),
    );
  for (const s of cases) expect(escapeHtmlLatin1(s)).toBe(plain(s));
});
