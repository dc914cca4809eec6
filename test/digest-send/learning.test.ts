import { recordedDays } from '../../bench/support/recorded-days';
import { matchesTopics, rankPapers } from '../../functions/core/edition';
import { subscriberIdFor } from '../../functions/core/subscriber-id';
import { oneLine } from '../../functions/core/text';
import type { Paper } from '../../functions/schemas/paper';
import type { TestRoot } from '../support/app';
import { type DigestApp, startDigestApp } from '../support/digest-app';
import { DAY_0612, loadPapers } from '../support/fixtures';
import { emailsTo, type StoredEmail, uniqueEmail } from '../support/inbox';
import { postJson, subscribeAndConfirm } from '../support/reader';
import { putPapers } from '../support/seed';

/**
 * The digest learns, through the whole local stack: readers sign up over HTTP, five recorded days of
 * 2025 go out through the planner, the queue, the sender and the SES emulator; one reader presses
 * "More like this" (the emailed link, its page, the page's form POST, as a browser does) on the
 * mathematics papers of the first three days, a control reader presses nothing. The next two digests
 * rank more mathematics higher for the first, saying why. A third reader's excludes and follows act.
 */
const PRESS_DAYS = ['2025-05-27', '2025-05-28', '2025-05-29'];
const NEXT_DAYS = ['2025-05-30', '2025-06-02'];
/** A recorded 2026 day, whose papers name their organisations (the 2025 archive has none). */
const FOLLOW_DAY = '2026-06-12';
/** The kind of paper the reader likes (the service never sees this rule). */
const isMath = (p: Paper) =>
  /\bmath|theorem|olympiad/.test([p.title, p.abstract, ...(p.aiKeywords ?? [])].join('\n').toLowerCase());

let app: DigestApp;
let deps: TestRoot;
const byDate = new Map<string, Paper[]>();
/** One edition through the planner, the queue and the sender (a recorded day's 50 papers: a longer drain). */
const runDigest = (date: string) => app.runDigest(date, 30_000);

const subjectDay = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const decode = (s: string) => s.replace(/&amp;/g, '&');

/** One paper of a delivered digest, as its text part shows it. */
interface Shown {
  paper: Paper;
  why: string;
  more: string;
  less: string;
}

/** The digest of `date` in the reader's inbox, paper by paper, in the order shown. */
async function digestOf(email: string, date: string): Promise<{ mail: StoredEmail; shown: Shown[] }> {
  const papers = byDate.get(date) as Paper[];
  const byTitle = new Map(papers.map((p) => [oneLine(p.title), p]));
  const mails = await emailsTo(email);
  const mail = mails.find((m) =>
    m.subject.startsWith(`Papers Inbox · ${subjectDay.format(new Date(`${date}T00:00:00Z`))}: `),
  );
  if (!mail) throw new Error(`no digest of ${date} for ${email} (${mails.length} emails)`);
  const blocks = (mail.body.text ?? '').split(/^-{40}$/m).filter((b) => b.includes('More like this: '));
  const shown = blocks.map((b) => {
    const lines = b.split('\n').filter(Boolean);
    const at = lines.findIndex((l) => l.startsWith('https://huggingface.co/papers/'));
    const paper = byTitle.get(lines[at - 1] as string);
    if (!paper) throw new Error(`unknown paper "${lines[at - 1]}" in the digest of ${date}`);
    const value = (prefix: string) => lines.find((l) => l.startsWith(prefix))?.slice(prefix.length) ?? '';
    return { paper, why: value('Why: '), more: value('More like this: '), less: value('Less like this: ') };
  });
  return { mail, shown };
}

/** As a browser does: open the emailed link, then press the page's button (a form POST). */
async function press(link: string) {
  const page = await (await fetch(link)).text();
  const action = page.match(/<form method="post" action="([^"]+)"/)?.[1];
  const kind = page.match(/<input type="hidden" name="kind" value="(\w+)">/)?.[1];
  if (!action || !kind) throw new Error(`no feedback form at ${link}`);
  const res = await fetch(new URL(decode(action), app.url), {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: app.url,
      'sec-fetch-site': 'same-origin',
    },
    body: new URLSearchParams({ kind }).toString(),
  });
  expect(res.status).toBe(200);
}

const learner = uniqueEmail('learns-math');
const control = uniqueEmail('control');
const curator = uniqueEmail('curator');
const pressed: string[] = [];
let lessPresses = 0;
const preferencesOf = new Map<string, string>();

beforeAll(async () => {
  app = await startDigestApp({ SIGNUP_LIMIT_PER_IP_PER_HOUR: '1000' });
  deps = app.deps;
  for (const day of recordedDays().filter((d) => [...PRESS_DAYS, ...NEXT_DAYS].includes(d.date)))
    byDate.set(day.date, day.papers);
  expect([...byDate.keys()]).toEqual([...PRESS_DAYS, ...NEXT_DAYS]);
  byDate.set(FOLLOW_DAY, rankPapers(loadPapers(DAY_0612)));
  await putPapers(deps, [...byDate.values()].flat());
  for (const email of [learner, control, curator])
    preferencesOf.set(email, (await subscribeAndConfirm(app.url, email)).preferences);
}, 120_000);
afterAll(() => app.stop());

test('three days of "More like this" on mathematics: the next digests rank more of it higher, saying why', async () => {
  for (const date of PRESS_DAYS) {
    await runDigest(date);
    const mine = await digestOf(learner, date);
    const theirs = await digestOf(control, date);
    // Until the first press, both get the day's popularity order.
    if (date === PRESS_DAYS[0])
      expect(mine.shown.map((s) => s.paper.arxivId)).toEqual(theirs.shown.map((s) => s.paper.arxivId));
    for (const s of mine.shown.filter((x) => isMath(x.paper))) {
      await press(s.more);
      pressed.push(oneLine(s.paper.title));
    }
    // And "Less like this" on the last paper of another kind.
    const other = mine.shown.filter((x) => !isMath(x.paper)).at(-1);
    if (other) {
      await press(other.less);
      lessPresses++;
    }
  }
  const stored = await deps.subscribers.get(subscriberIdFor(learner));
  expect(stored?.feedback?.filter((f) => f.kind === 'more')).toHaveLength(pressed.length);
  expect(pressed.length).toBeGreaterThanOrEqual(4);
  expect(stored?.relevance?.presses).toBe(pressed.length + lessPresses);

  let mineMath = 0;
  let theirMath = 0;
  for (const date of NEXT_DAYS) {
    await runDigest(date);
    const mine = (await digestOf(learner, date)).shown;
    const theirs = (await digestOf(control, date)).shown;
    const math = (xs: Shown[]) => xs.filter((s) => isMath(s.paper)).length;
    // More of the kind, and the first one no lower than the control reader's.
    expect(math(mine)).toBeGreaterThanOrEqual(math(theirs));
    const firstMath = (xs: Shown[]) => {
      const i = xs.findIndex((s) => isMath(s.paper));
      return i < 0 ? xs.length : i;
    };
    expect(firstMath(mine)).toBeLessThanOrEqual(firstMath(theirs));
    mineMath += math(mine);
    theirMath += math(theirs);
    // The control reader's digest explains by popularity only.
    expect(
      theirs.every((s) => /^(Top paper of the day|No\. \d+ of the day on Hugging Face)$/.test(s.why)),
    ).toBe(true);
    // Every paper of the learner's says why; the learned ones name a paper the reader marked.
    expect(mine.every((s) => s.why.length > 0)).toBe(true);
    const likes = mine
      // The text part's why line, in its Latin-1 marks (straight quotes, "..." for a cut title).
      .map((s) => s.why.match(/^Like "(.+)", which you marked$/)?.[1])
      .filter(Boolean) as string[];
    expect(likes.length).toBeGreaterThan(0);
    for (const title of likes)
      expect(
        pressed.some((t) => t === title || (title.endsWith('...') && t.startsWith(title.slice(0, -3)))),
      ).toBe(true);
  }
  expect(mineMath).toBeGreaterThanOrEqual(theirMath + 2);

  // The HTML part carries the same why lines, escaped.
  const { mail } = await digestOf(learner, NEXT_DAYS[0] as string);
  expect(mail.body.html).toMatch(/Like &#8220;.+&#8221;, which you marked/);
}, 240_000);

test('excludes keep papers out; followed authors and organisations open the digest in their own section', async () => {
  const date = FOLLOW_DAY;
  const papers = byDate.get(date) as Paper[];
  // The last paper's first author (typed in capitals) and a low-ranked paper's organisation.
  const [byAuthor, byOrg] = [
    papers.at(-1) as Paper,
    [...papers].reverse().find((p, i) => i > 0 && p.organization) as Paper,
  ];
  expect(byOrg).toBeDefined();
  const author = byAuthor.authors[0] as string;
  const res = await postJson(preferencesOf.get(curator) as string, {
    action: 'update',
    excludes: ['agents'],
    followedAuthors: [author.toUpperCase()],
    followedOrganizations: [byOrg.organization as string],
    digestSize: 5,
  });
  expect(res.status).toBe(200);
  await runDigest(date);
  const { mail, shown } = await digestOf(curator, date);
  // Both followed papers are far down the day's popularity order.
  expect(papers.indexOf(byAuthor)).toBeGreaterThanOrEqual(10);
  expect(papers.indexOf(byOrg)).toBeGreaterThanOrEqual(10);
  expect(shown).toHaveLength(5);
  expect(shown.some((s) => matchesTopics(s.paper, ['agents']))).toBe(false);
  // Without the exclude they would have come: the control reader's top 5 of the day hold some.
  const theirs = (await digestOf(control, date)).shown.slice(0, 5);
  expect(theirs.filter((s) => matchesTopics(s.paper, ['agents'])).length).toBeGreaterThan(0);
  const followed = shown.filter((s) => s.why.endsWith(', whom you follow'));
  expect(followed.map((s) => s.paper.arxivId).sort()).toEqual([byAuthor.arxivId, byOrg.arxivId].sort());
  expect(shown.slice(0, 2)).toEqual(followed);
  const text = mail.body.text ?? '';
  const html = mail.body.html ?? '';
  for (const part of [text, html]) {
    expect(part.indexOf('From people you follow')).toBeLessThan(
      part.indexOf(`https://huggingface.co/papers/${followed[0]?.paper.arxivId}`),
    );
    expect(part).toContain('More papers for you');
  }
  expect(text).toContain(`Why: By ${author.toUpperCase()}, whom you follow`);
}, 120_000);
