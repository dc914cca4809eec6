import { serialize } from 'node:v8';
import { compiledTemplates } from '../../../functions/adapters/email-renderer';
import { prepareEdition } from '../../../functions/core/digest/prepare';
import { assembleQuick, quickEditionOf } from '../../../functions/core/digest/quick';
import { assembleSlotted } from '../../../functions/core/digest/slotted';
import { rankPapers } from '../../../functions/core/edition';
import { asQueryToken } from '../../../functions/core/links';
import type { Paper } from '../../../functions/schemas/paper';
import { allRecordedPapers } from '../../support/fixtures';
import { hostilePapers } from '../../support/hostile-papers';
import { seededRandom } from '../../support/random';

/**
 * The quick form (feedback links as fixed parts around each paper's token, parts made one-byte once per
 * edition) gives the bytes the slotted assembly gives for the same reader; test/core/digest-render.test.ts
 * compares the public assembleDigest with the full MJML render.
 */

const papers = rankPapers([...allRecordedPapers(), ...hostilePapers()]);
/** An edition of the 12th of June 2026 holding `of`, prepared from the run's compiled templates. */
const prepare = (kind: 'daily' | 'weekly', of: Paper[], baseUrl: string) =>
  prepareEdition(compiledTemplates().digest, {
    edition: {
      editionId: `${kind}#2026-06-12`,
      kind,
      date: '2026-06-12',
      paperIds: of.map((p) => p.arxivId),
      createdAt: '2026-06-12T06:30:00.000Z',
    },
    papers: of,
    baseUrl,
    postalAddress: 'Papers Inbox, 1 Example Street',
  });
const prepared = prepare('daily', papers, 'https://pi.example/prod/');
const WHY = ['Top paper of the day', 'Like “<b>A</b> & B”, which you marked', 'By Zoë, whom you follow', ''];
const TOKEN_CHARS = 'aZ09-_.~ &"<>%é😀';

test('the quick form equals the slotted assembly over 200 random readers, tokens, why lines and sections', () => {
  // Prepare
  const rand = seededRandom(20261201);
  const quick = quickEditionOf(prepared);
  for (let r = 0; r < 200; r++) {
    const ids = papers
      .map((p) => p.arxivId)
      .filter(() => rand() < 0.15)
      .slice(0, 1 + Math.floor(rand() * 20));
    if (ids.length === 0) continue;
    const tokens = new Map(
      ids.map((id) => {
        let t = '';
        const chars = rand() < 0.8 ? 11 : TOKEN_CHARS.length; // mostly query-safe, as the sender's are
        for (let i = 0, n = 1 + Math.floor(rand() * 180); i < n; i++)
          t += [...TOKEN_CHARS][Math.floor(rand() * chars)];
        return [id, t];
      }),
    );
    const reader = {
      paperIds: ids,
      why: ids.map(() => WHY[Math.floor(rand() * WHY.length)] as string),
      followed: rand() < 0.3 ? Math.floor(rand() * ids.length) : undefined,
      links: {
        unsubscribeUrl: `https://pi.example/u?token=${r}&x="<'>`,
        preferencesUrl: `https://pi.example/p?token=${r}`,
        webViewUrl: 'https://pi.example/editions/2026-06-12',
        feedbackToken: (id: string) => asQueryToken(tokens.get(id) as string),
      },
    };

    // Act
    const fast = assembleQuick(prepared, quick, reader, Number.POSITIVE_INFINITY);
    const slotted = assembleSlotted(prepared, reader, Number.POSITIVE_INFINITY);

    // Assess
    expect(fast).toEqual(slotted);
  }
});

test('a digest whose papers and values are all Latin-1 is a one-byte string in V8, HTML and text', () => {
  // V8 writes a one-byte string as '"' and a two-byte one as 'c' (after its 2-byte header): the string's
  // representation is what the assembly's copying costs, and a two-byte piece makes the whole join two-byte.
  const oneByte = (s: string) => serialize(s)[2] === 0x22;
  expect([oneByte('abc'), oneByte('a▲')]).toEqual([true, false]);
  const latin1 = papers.filter((p) => /^[\0-\u00ff]*$/.test(JSON.stringify(p)));
  // The top paper's title longer than the subject takes (cut with "…"), then papers with an
  // organization and GitHub stars.
  const withMarks = latin1.filter((p) => p.organization && p.githubStars).slice(0, 3);
  expect(withMarks).toHaveLength(3);
  const top = withMarks[0] as Paper;
  const cut = [
    { ...top, title: `${top.title}: ${'a long tail of words, '.repeat(5)}` },
    ...withMarks.slice(1),
  ];
  const local = prepare('weekly', cut, 'https://pi.example/');
  const reader = {
    paperIds: cut.map((p) => p.arxivId),
    // Our marks beyond Latin-1 (quotes, the cut's ellipsis) in the why lines, a title cut for the subject.
    why: [
      `Like “${'Long title '.repeat(9)}…”, which you marked`,
      'Matches your topic “Agents”',
      'Top paper of the week',
    ],
    followed: 1,
    links: {
      unsubscribeUrl: 'https://pi.example/u?token=abc',
      preferencesUrl: 'https://pi.example/p?token=abc',
      webViewUrl: 'https://pi.example/editions/2026-06-12',
      feedbackToken: (id: string) => asQueryToken(`${'t'.repeat(170)}.${id}`),
    },
  };
  const email = assembleQuick(local, quickEditionOf(local), reader, Number.POSITIVE_INFINITY);
  expect({ html: oneByte(email.html), text: oneByte(email.text) }).toEqual({ html: true, text: true });
});
