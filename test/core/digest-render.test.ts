import { compiledTemplates } from '../../functions/adapters/email-renderer';
import { renderDigestFull } from '../../functions/adapters/template-compiler';
import {
  assembleDigest,
  fitToSize,
  MAX_DIGEST_HTML_BYTES,
  type PreparedEdition,
  prepareEdition,
} from '../../functions/core/digest-render';
import { rankPapers } from '../../functions/core/edition';
import { asQueryToken } from '../../functions/core/links';
import type { Edition } from '../../functions/schemas/edition';
import type { Paper } from '../../functions/schemas/paper';
import { allRecordedPapers } from '../support/fixtures';
import { hostilePapers } from '../support/hostile-papers';
import { seededRandom } from '../support/random';

/**
 * The fast path (templates compiled once, then string work per edition and per reader) must give exactly
 * the bytes of a full MJML render of the reader's selection. Compared without any normalisation.
 */

const baseUrl = 'http://127.0.0.1:3000';
const postalAddress = 'Papers Inbox, 1 Example Street, Springfield';
const candidates = rankPapers([...allRecordedPapers(), ...hostilePapers()]);

const editionOf = (kind: 'daily' | 'weekly', date: string): Edition => ({
  editionId: `${kind}#${date}`,
  kind,
  date,
  paperIds: candidates.map((p) => p.arxivId),
  createdAt: '2026-06-12T06:30:00.000Z',
});

const LINK_ALPHABET = [
  'a',
  'Z',
  '0',
  '-',
  '_',
  '.',
  '~',
  '&',
  '=',
  '?',
  '/',
  '"',
  "'",
  '<',
  '>',
  '%',
  ' ',
  'é',
  '✓',
  '😀',
];
function randomLink(rand: () => number, path: string): string {
  let token = '';
  const len = 1 + Math.floor(rand() * 60);
  for (let i = 0; i < len; i++) token += LINK_ALPHABET[Math.floor(rand() * LINK_ALPHABET.length)];
  return `https://pi.example/${path}?token=${token}`;
}

const TOKEN_ALPHABET = 'abcXYZ019-_';
/** A token as the sender's are (base64url, a dot): it goes into the links as it is. */
function safeToken(rand: () => number, paperId: string): string {
  let token = '';
  const len = 20 + Math.floor(rand() * 160);
  for (let i = 0; i < len; i++) token += TOKEN_ALPHABET[Math.floor(rand() * TOKEN_ALPHABET.length)];
  return `${token}.${paperId}`;
}
/** A token with characters a link must encode (never one of ours, but the links must still be right). */
function hostileToken(rand: () => number): string {
  let token = '';
  const len = 1 + Math.floor(rand() * 40);
  for (let i = 0; i < len; i++) token += LINK_ALPHABET[Math.floor(rand() * LINK_ALPHABET.length)];
  return token;
}

const WHY_LINES = [
  'Top paper of the day',
  'Matches your topic “Agents”',
  'Like “<b>Attention</b> & \'quotes\' "x"”, which you marked',
  "By Zoë O'Brien <zoe@x>, whom you follow",
  'Like “大规模语言模型 😀”, which you marked',
];
const randomWhy = (rand: () => number) => WHY_LINES[Math.floor(rand() * WHY_LINES.length)] as string;

function randomSelection(rand: () => number, size: number): Paper[] {
  const pool = [...candidates];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [pool[i], pool[j]] = [pool[j] as Paper, pool[i] as Paper];
  }
  const picked = pool.slice(0, size);
  // Half of the selections keep the ranked order (as readers get them), half are in any order.
  return rand() < 0.5 ? rankPapers(picked) : picked;
}

const prepared: Record<string, PreparedEdition> = {};
beforeAll(async () => {
  for (const [kind, date] of [
    ['daily', '2026-06-12'],
    ['weekly', '2026-06-15'],
  ] as const) {
    // Through JSON, as a planner would store or pass it: the prepared edition is plain data.
    const p = prepareEdition(compiledTemplates().digest, {
      edition: editionOf(kind, date),
      papers: candidates,
      baseUrl,
      postalAddress,
    });
    prepared[kind] = JSON.parse(JSON.stringify(p)) as PreparedEdition;
  }
}, 60_000);

test('assembled emails equal full renders over 100 random selections, orders and link values', async () => {
  const rand = seededRandom(20260612);
  const sizes = new Set<number>();
  for (let i = 0; i < 100; i++) {
    const kind = rand() < 0.7 ? 'daily' : 'weekly';
    const edition = editionOf(kind, kind === 'daily' ? '2026-06-12' : '2026-06-15');
    const size = i < 3 ? ([1, 2, candidates.length > 20 ? 20 : 1][i] ?? 1) : 1 + Math.floor(rand() * 12);
    const papers = randomSelection(rand, size);
    sizes.add(papers.length);
    // Feedback tokens drawn once per paper (most readers have them), so both renders get the same ones:
    // mostly as the sender's (base64url and dots), some with characters the link must encode.
    const feedback =
      rand() < 0.7
        ? new Map(
            papers.map((p) => [p.arxivId, rand() < 0.8 ? safeToken(rand, p.arxivId) : hostileToken(rand)]),
          )
        : undefined;
    const readerLinks = {
      unsubscribeUrl: randomLink(rand, 'unsubscribe'),
      preferencesUrl: randomLink(rand, 'preferences'),
      webViewUrl: randomLink(rand, 'editions/x'),
      ...(feedback ? { feedbackToken: (id: string) => asQueryToken(feedback.get(id) as string) } : {}),
    };
    // Most readers have a why line per paper (with markup and non-Latin-1 in it), some a followed section.
    const why = rand() < 0.8 ? papers.map(() => randomWhy(rand)) : undefined;
    const followed = rand() < 0.4 ? Math.floor(rand() * (papers.length + 1)) : undefined;
    const full = await renderDigestFull({
      edition,
      papers,
      baseUrl,
      postalAddress,
      links: readerLinks,
      why,
      followed,
    });
    const fast = assembleDigest(prepared[kind] as PreparedEdition, {
      paperIds: papers.map((p) => p.arxivId),
      links: readerLinks,
      why,
      followed,
    });
    expect(Buffer.byteLength(full.html)).toBeLessThan(MAX_DIGEST_HTML_BYTES);
    if (fast.html !== full.html) {
      // Show where they part, not two 40 KB strings.
      let at = 0;
      while (fast.html[at] === full.html[at]) at++;
      throw new Error(
        `selection ${i}: HTML differs at ${at}:\nfast: ${fast.html.slice(at - 80, at + 80)}\nfull: ${full.html.slice(at - 80, at + 80)}`,
      );
    }
    expect(fast.text).toBe(full.text);
    expect(fast.subject).toBe(full.subject);
  }
  expect(sizes.size).toBeGreaterThanOrEqual(10);
}, 120_000);

/** A reader's manage links without feedback tokens (the slotted assembly's readers). */
const READER_LINKS = {
  unsubscribeUrl: 'https://u.example/u',
  preferencesUrl: 'https://u.example/p',
  webViewUrl: 'https://u.example/w',
};

test('the email shows what the issue asks for', async () => {
  const papers = candidates.filter((p) => p.githubRepo && p.projectPage && p.organization).slice(0, 2);
  expect(papers).toHaveLength(2);
  const links = READER_LINKS;
  const email = assembleDigest(prepared.daily as PreparedEdition, {
    paperIds: papers.map((p) => p.arxivId),
    links,
  });
  const { text, subject } = email;
  const html = email.html.replace(/&#(\d+);/g, (ref: string, n: string) =>
    Number(n) > 255 ? String.fromCodePoint(Number(n)) : ref,
  );
  const p = papers[0] as Paper;
  expect(subject).toMatch(/^Papers Inbox · 12 Jun 2026: /);
  expect(html).toContain('Friday, 12 June 2026');
  expect(html).toContain('2 papers picked for you');
  expect(html).toContain(`href="https://huggingface.co/papers/${p.arxivId}"`);
  expect(html).toContain(
    `src="https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/${p.arxivId}.png"`,
  );
  expect(html).toContain(`href="https://arxiv.org/abs/${p.arxivId}"`);
  expect(html).toContain(`href="https://arxiv.org/pdf/${p.arxivId}"`);
  expect(html).toContain(`GitHub ★ ${p.githubStars?.toLocaleString('en-US')}`);
  expect(html).toContain('Project page');
  expect(html).toContain(`▲ ${p.upvotes} upvote`);
  for (const url of Object.values(links)) expect(html).toContain(`href="${url}"`);
  expect(html).toContain(postalAddress);
  expect(html).toContain('because you subscribed to the Papers Inbox daily digest');
  for (const url of Object.values(links)) expect(text).toContain(url);
  expect(text).toContain(p.title.replace(/\s+/g, ' ').trim());
  expect(text).toContain(`https://arxiv.org/abs/${p.arxivId}`);
});

test('the text part writes our own marks in Latin-1; the papers keep their own words', () => {
  const papers = candidates.filter((p) => p.githubStars && p.organization && p.upvotes).slice(0, 2);
  expect(papers).toHaveLength(2);
  const links = READER_LINKS;
  const why = ['Matches your topic “Agents”', 'Like “Zoë’s model”, which you marked'];
  const reader = { paperIds: papers.map((p) => p.arxivId), links, why };
  const p = papers[0] as Paper;
  const latin1 = /^[\0-\u00ff]*$/;
  for (const kind of ['daily', 'weekly'] as const) {
    const { text } = assembleDigest(prepared[kind] as PreparedEdition, reader);
    expect(text).toContain(`${p.upvotes} upvote`);
    expect(text).not.toContain('▲');
    expect(text).toContain(`GitHub (${p.githubStars?.toLocaleString('en-US')} star`);
    expect(text).toContain(` (${p.organization?.replace(/\s+/g, ' ').trim()})\n`);
    expect(text).toContain('Why: Matches your topic "Agents"\n');
    // Only our quotes are straightened: the title's own apostrophe stays.
    expect(text).toContain('Why: Like "Zoë’s model", which you marked\n');
    expect(latin1.test(text.replace('’', "'"))).toBe(true);
  }
  const weekly = assembleDigest(prepared.weekly as PreparedEdition, reader);
  expect(weekly.text).toMatch(/\n\d+ \w+ \d{4} - \d+ \w+ \d{4}\n/);
  expect(weekly.html).toMatch(/\d+ \w+ \d{4} &#8211; \d+ \w+ \d{4}/);
});

test('a reader with no papers, or a paper outside the edition, is refused', () => {
  const links = { unsubscribeUrl: 'https://u/u', preferencesUrl: 'https://u/p', webViewUrl: 'https://u/w' };
  expect(() => assembleDigest(prepared.daily as PreparedEdition, { paperIds: [], links })).toThrow(
    /no papers/,
  );
  expect(() =>
    assembleDigest(prepared.daily as PreparedEdition, { paperIds: ['2601.00001'], links }),
  ).toThrow(/not in edition/);
});

describe('size', () => {
  const links = {
    unsubscribeUrl: `https://pi.example/unsubscribe?token=${'t'.repeat(300)}`,
    preferencesUrl: `https://pi.example/preferences?token=${'t'.repeat(300)}`,
    webViewUrl: 'https://pi.example/editions/2026-06-12',
  };
  const bytesOf = (ids: string[]) =>
    Buffer.byteLength(
      assembleDigest(prepared.daily as PreparedEdition, { paperIds: ids, links }, Infinity).html,
    );

  test('the default 10 papers, the longest of the real data, stay well under the 102 KB clipping limit', () => {
    const real = allRecordedPapers().map((p) => p.arxivId);
    const longest = [...real].sort((a, b) => bytesOf([b]) - bytesOf([a])).slice(0, 10);
    const email = assembleDigest(prepared.daily as PreparedEdition, { paperIds: longest, links });
    expect(email.html).toContain('10 papers picked for you');
    expect(Buffer.byteLength(email.html)).toBeLessThan(60_000);
  });

  test('over the cap, papers are dropped from the end: the longest prefix that fits, rendered exactly', async () => {
    const ids = candidates.map((p) => p.arxivId); // every paper: far over 100 KB
    expect(bytesOf(ids)).toBeGreaterThan(MAX_DIGEST_HTML_BYTES);
    const email = assembleDigest(prepared.daily as PreparedEdition, { paperIds: ids, links });
    const kept = fitToSize(prepared.daily as PreparedEdition, { paperIds: ids, links });
    expect(kept).toEqual(ids.slice(0, kept.length));
    expect(Buffer.byteLength(email.html)).toBeLessThanOrEqual(MAX_DIGEST_HTML_BYTES);
    expect(bytesOf(ids.slice(0, kept.length + 1))).toBeGreaterThan(MAX_DIGEST_HTML_BYTES);
    expect(email.html).toContain(`${kept.length} papers picked for you`);
    const full = await renderDigestFull({
      edition: editionOf('daily', '2026-06-12'),
      papers: candidates.slice(0, kept.length),
      baseUrl,
      postalAddress,
      links,
    });
    expect(email).toEqual(full);
  });

  test('over the cap with feedback tokens (as the sender gives them), the same longest prefix, rendered exactly', async () => {
    const ids = candidates.map((p) => p.arxivId);
    const withTokens = { ...links, feedbackToken: (id: string) => asQueryToken(`${'t'.repeat(170)}.${id}`) };
    const email = assembleDigest(prepared.daily as PreparedEdition, { paperIds: ids, links: withTokens });
    const kept = fitToSize(prepared.daily as PreparedEdition, { paperIds: ids, links: withTokens });
    expect(kept.length).toBeLessThan(ids.length);
    expect(Buffer.byteLength(email.html)).toBeLessThanOrEqual(MAX_DIGEST_HTML_BYTES);
    const full = await renderDigestFull({
      edition: editionOf('daily', '2026-06-12'),
      papers: candidates.slice(0, kept.length),
      baseUrl,
      postalAddress,
      links: withTokens,
    });
    expect(email).toEqual(full);
  });

  test('a tiny cap still sends the top paper rather than nothing', () => {
    const ids = candidates.slice(0, 5).map((p) => p.arxivId);
    expect(fitToSize(prepared.daily as PreparedEdition, { paperIds: ids, links }, 1)).toEqual(
      ids.slice(0, 1),
    );
  });
});

describe('why lines and the followed section', () => {
  const links = {
    unsubscribeUrl: 'https://u.example/u',
    preferencesUrl: 'https://u.example/p',
    webViewUrl: 'https://u.example/w',
    feedbackToken: (id: string) => asQueryToken(`tok.${id}`),
  };
  const moreLink = (id: string | undefined) => `${baseUrl}/feedback?token=tok.${id}&`;
  const ids = candidates.slice(0, 3).map((p) => p.arxivId);
  const why = [
    'By Zoë <Lab> & Co, whom you follow',
    'Like “A & B”, which you marked',
    'Top paper of the day',
  ];

  test('each paper carries its why line under it, escaped in the HTML and as it is in the text', () => {
    const email = assembleDigest(prepared.daily as PreparedEdition, { paperIds: ids, links, why });
    expect(email.html).toContain('By Zoë &lt;Lab&gt; &amp; Co, whom you follow');
    expect(email.html).toContain('Like &#8220;A &amp; B&#8221;, which you marked');
    expect(email.html).not.toContain('<Lab>');
    expect(email.text).toContain('Why: By Zoë <Lab> & Co, whom you follow\n');
    expect(email.text).toContain('Why: Like "A & B", which you marked\n');
    // In order, each before its own paper's feedback links.
    for (const part of [email.html, email.text]) {
      const at = (s: string) => part.indexOf(s);
      expect(at('Top paper of the day')).toBeGreaterThan(at(moreLink(ids[1])));
      expect(at('Top paper of the day')).toBeLessThan(at(moreLink(ids[2])));
    }
    expect(email.html).not.toContain('From people you follow');
  });

  test('followed papers open the digest under "From people you follow", the rest under their own heading', () => {
    const email = assembleDigest(prepared.daily as PreparedEdition, {
      paperIds: ids,
      links,
      why,
      followed: 1,
    });
    for (const part of [email.html, email.text]) {
      const followed = part.indexOf('From people you follow');
      const rest = part.indexOf('More papers for you');
      expect(followed).toBeGreaterThan(-1);
      expect(followed).toBeLessThan(part.indexOf(moreLink(ids[0])));
      expect(rest).toBeGreaterThan(part.indexOf(moreLink(ids[0])));
      expect(rest).toBeLessThan(part.indexOf(moreLink(ids[1])));
      expect(part.split('From people you follow')).toHaveLength(2);
    }
    // Only followed papers: one section, no "more" heading.
    const all = assembleDigest(prepared.daily as PreparedEdition, { paperIds: ids, links, why, followed: 3 });
    expect(all.text).toContain('From people you follow');
    expect(all.text).not.toContain('More papers for you');
  });
});

test('a base URL with a path and a query: feedback links as core/links builds them, equal to the full render', async () => {
  // Prepare
  const base = 'https://pi.example/prod?stage=1';
  const edition = editionOf('daily', '2026-06-12');
  const papers = candidates.slice(0, 4);
  const own = prepareEdition(compiledTemplates().digest, {
    edition,
    papers: candidates,
    baseUrl: base,
    postalAddress,
  });
  const links = {
    unsubscribeUrl: 'https://u.example/u',
    preferencesUrl: 'https://u.example/p',
    webViewUrl: 'https://u.example/w',
    feedbackToken: (id: string) => asQueryToken(`tok.${id}`),
  };

  // Act
  const fast = assembleDigest(own, { paperIds: papers.map((p) => p.arxivId), links });
  const full = await renderDigestFull({ edition, papers, baseUrl: base, postalAddress, links });

  // Assess
  expect(fast).toEqual(full);
  expect(fast.text).toContain(`token=tok.${papers[0]?.arxivId}&kind=more`);
});
