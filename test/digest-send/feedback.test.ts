import {
  FEEDBACK_TOKEN_TTL_SECONDS,
  issueFeedbackToken,
  packFeedbackBody,
  verifyFeedbackToken,
} from '../../functions/core/feedback-token';
import { subscriberIdFor } from '../../functions/core/subscriber-id';
import { issueToken } from '../../functions/core/tokens';
import type { Paper } from '../../functions/schemas/paper';
import type { TestRoot } from '../support/app';
import { type DigestApp, startDigestApp } from '../support/digest-app';
import { emailsTo, type StoredEmail, uniqueEmail, waitForEmail } from '../support/inbox';
import { makePaper, putPapers, putSubscriber } from '../support/seed';

/**
 * Feedback links of a delivered digest, through the planner, the queue, the sender, the SES emulator's
 * inbox and the HTTP API: scanners' GETs change nothing, the page's POST records, tokens are checked.
 */
const DATE = '2026-08-04';
const NEXT = '2026-08-05';

let app: DigestApp;
let deps: TestRoot;
let papers: Paper[];
const runDigest = (date: string) => app.runDigest(date);

const decode = (s: string) => s.replace(/&amp;/g, '&');
/** Every link of the email, HTML hrefs and text-part URLs. */
const linksOf = (email: StoredEmail) => [
  ...new Set([
    ...[...(email.body.html ?? '').matchAll(/href="([^"]+)"/g)].map((m) => decode(m[1] as string)),
    ...(email.body.text?.match(/https?:\/\/\S+/g) ?? []),
  ]),
];
const titlesOf = (email: StoredEmail) =>
  papers
    .filter((p) => email.body.text?.includes(p.title))
    .map((p) => [email.body.text?.indexOf(p.title), p.title]);
const orderOf = (email: StoredEmail) =>
  titlesOf(email)
    .sort((a, b) => (a[0] as number) - (b[0] as number))
    .map((t) => t[1]);

const reader = uniqueEmail('feedback');
const control = uniqueEmail('feedback-control');
const stored = (email: string) => deps.subscribers.get(subscriberIdFor(email));

beforeAll(async () => {
  app = await startDigestApp({ SIGNUP_LIMIT_PER_IP_PER_HOUR: '1000' });
  deps = app.deps;
  papers = [
    makePaper(DATE, { title: 'Agents that plan <and> reason', upvotes: 50, aiKeywords: ['agents'] }),
    makePaper(DATE, { title: 'Diffusion for video', upvotes: 30, aiKeywords: ['diffusion'] }),
    makePaper(DATE, { title: 'Speech at scale', upvotes: 10, aiKeywords: ['speech'] }),
    makePaper(NEXT, { title: 'Next-day agents', upvotes: 40, aiKeywords: ['agents'] }),
    makePaper(NEXT, { title: 'Next-day diffusion', upvotes: 20, aiKeywords: ['diffusion'] }),
  ];
  await putPapers(deps, papers);
  await putSubscriber(deps, reader);
  await putSubscriber(deps, control);
  await runDigest(DATE);
});
afterAll(() => app.stop());

test('every paper has "More like this" and "Less like this", in the HTML and the text part', async () => {
  const email = await waitForEmail(reader);
  const html = email.body.html ?? '';
  const more = [...html.matchAll(/<a href="([^"]+)"[^>]*>More like this<\/a>/g)].map((m) =>
    decode(m[1] as string),
  );
  const less = [...html.matchAll(/<a href="([^"]+)"[^>]*>Less like this<\/a>/g)].map((m) =>
    decode(m[1] as string),
  );
  expect(more).toHaveLength(3);
  expect(less).toHaveLength(3);
  const text = email.body.text ?? '';
  expect(text.match(/^More like this: (\S+)$/gm)?.map((l) => l.slice('More like this: '.length))).toEqual(
    more,
  );
  expect(text.match(/^Less like this: (\S+)$/gm)?.map((l) => l.slice('Less like this: '.length))).toEqual(
    less,
  );
  for (const [i, url] of more.entries()) {
    const u = new URL(url);
    expect(u.pathname).toBe('/feedback');
    expect(u.searchParams.get('kind')).toBe('more');
    // One token per paper: the two links of a paper differ only in `kind`.
    expect(new URL(less[i] as string).searchParams.get('token')).toBe(u.searchParams.get('token'));
  }
  expect(new Set(more.map((u) => new URL(u).searchParams.get('token'))).size).toBe(3);
});

test('a burst of GETs over every link changes neither the profile nor the next digest', async () => {
  const email = await waitForEmail(reader);
  const links = linksOf(email).filter((l) => l.startsWith(app.url));
  expect(links.filter((l) => l.includes('/feedback?')).length).toBe(6);
  const before = await stored(reader);
  // Like a mail scanner: every link at once, twice, with HEAD too.
  const answers = await Promise.all(
    [...links, ...links].flatMap((l) => [fetch(l), fetch(l, { method: 'HEAD' })]),
  );
  expect(answers.every((r) => r.status < 500)).toBe(true);
  expect(await stored(reader)).toEqual(before);
  expect((await stored(reader))?.feedback).toBeUndefined();

  await runDigest(NEXT);
  const [mine, theirs] = [await waitForEmail(reader, 2), await waitForEmail(control, 2)];
  expect(orderOf(mine)).toEqual(['Next-day agents', 'Next-day diffusion']);
  expect(orderOf(mine)).toEqual(orderOf(theirs));
  // The send itself records what was sent (issue 11's seen set); nothing else of the profile moved.
  const { seenPapers: _a, updatedAt: _b, ...after } = (await stored(reader)) ?? {};
  const { seenPapers: _c, updatedAt: _d, ...was } = before ?? {};
  expect(after).toEqual(was);
});

describe('the page records with one press, and undoes', () => {
  const moreLink = async () => {
    const email = (await emailsTo(reader))[0] as StoredEmail;
    const m = (email.body.html ?? '').match(/<a href="([^"]+)"[^>]*>More like this<\/a>/);
    return decode(m?.[1] as string);
  };

  test('GET shows the title and what the press does; the form POST records; undo takes it back', async () => {
    const link = await moreLink();
    const page = await (await fetch(link)).text();
    expect(page).toContain('Agents that plan &lt;and&gt; reason');
    expect(page).toContain('Your next digests rank papers like this one higher.');
    const action = decode(page.match(/<form method="post" action="([^"]+)"/)?.[1] as string);
    expect(page).toContain('<input type="hidden" name="kind" value="more">');
    expect((await stored(reader))?.feedback).toBeUndefined();

    const press = await fetch(new URL(action, app.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.url },
      body: 'kind=more',
    });
    expect(press.status).toBe(200);
    const done = await press.text();
    expect(done).toContain('recorded');
    expect(done).toContain('name="kind" value="undo"');
    // It links to the reader's own preferences page, where the press is listed.
    const prefsLink = decode(
      done.match(/<a href="([^"]*\/preferences\?token=[^"]+)">your preferences page<\/a>/)?.[1] ?? '',
    );
    const listed = await fetch(new URL(prefsLink, app.url));
    expect(listed.status).toBe(200);
    expect(await listed.text()).toContain('Agents that plan &lt;and&gt; reason');
    const after = await stored(reader);
    expect(after?.feedback).toEqual([
      expect.objectContaining({
        paperId: papers[0]?.arxivId,
        kind: 'more',
        title: papers[0]?.title,
        editionId: `daily#${DATE}`,
      }),
    ]);
    // The same write taught the ranking: one press, the paper's terms weighted up.
    expect(after?.relevance?.presses).toBe(1);
    expect(after?.relevance?.recent[0]).toMatchObject({ paperId: papers[0]?.arxivId, more: true });
    expect(Object.values(after?.relevance?.weights ?? {}).some((w) => w > 0)).toBe(true);

    // The preferences page lists it, escaped.
    const prefs = await (
      await fetch(
        new URL(
          `/preferences?token=${issueToken(await deps.signingSecret(), { subscriberId: subscriberIdFor(reader), purpose: 'manage', version: 0 })}`,
          app.url,
        ),
      )
    ).text();
    expect(prefs).toContain('More like this: <a href="https://huggingface.co/papers/');
    expect(prefs).toContain('Agents that plan &lt;and&gt; reason');

    const undo = await fetch(new URL(action, app.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.url },
      body: 'kind=undo',
    });
    expect(undo.status).toBe(200);
    expect((await stored(reader))?.feedback).toEqual([]);
    expect((await stored(reader))?.relevance).toMatchObject({ presses: 0, recent: [] });
  });

  test('forged, altered, other-reader, other-paper and manage tokens: 400 page, nothing recorded', async () => {
    const link = new URL(await moreLink());
    const token = link.searchParams.get('token') as string;
    const [body, mac] = token.split('.') as [string, string];
    const secret = await deps.signingSecret();
    const issued = verifyFeedbackToken(secret, token);
    if (!issued.ok) throw new Error(`the delivered token does not verify: ${issued.reason}`);
    // The delivered token's claims with one changed, under the delivered token's MAC.
    const claims = {
      sub: issued.subscriberId,
      pap: issued.paperId,
      ed: issued.editionId,
      ver: issued.version,
    };
    const exp = Math.floor(Date.now() / 1000) + FEEDBACK_TOKEN_TTL_SECONDS;
    const reSigned = (over: Partial<typeof claims>) =>
      `${packFeedbackBody({ ...claims, exp, ...over }).toString('base64url')}.${mac}`;
    const bad = [
      `${body}.${mac.slice(0, -2)}${mac.endsWith('A') ? 'BB' : 'AA'}`, // forged signature
      reSigned({ pap: papers[1]?.arxivId }), // other paper, same signature
      reSigned({ sub: subscriberIdFor(control) }), // other reader, same signature
      issueFeedbackToken(Buffer.from('not-our-secret'), {
        subscriberId: subscriberIdFor(reader),
        paperId: papers[0]?.arxivId as string,
        editionId: `daily#${DATE}`,
        version: 0,
      }),
      issueToken(secret, { subscriberId: subscriberIdFor(reader), purpose: 'manage', version: 0 }),
      'garbage',
    ];
    const before = await stored(reader);
    const controlBefore = await stored(control);
    for (const t of bad) {
      const url = new URL('/feedback', app.url);
      url.searchParams.set('token', t);
      const get = await fetch(`${url}&kind=more`);
      expect(get.status).toBe(400);
      expect(await get.text()).toMatch(/<h1>Link (not valid|damaged)<\/h1>/);
      const post = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.url },
        body: 'kind=more',
      });
      expect(post.status).toBe(400);
      const json = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ kind: 'less' }),
      });
      expect(json.status).toBe(400);
    }
    expect(await stored(reader)).toEqual(before);
    expect(await stored(control)).toEqual(controlBefore);
  });

  test('a JSON client records; an unknown kind is refused', async () => {
    const link = new URL(await moreLink());
    const url = new URL('/feedback', app.url);
    url.searchParams.set('token', link.searchParams.get('token') as string);
    const post = (body: unknown) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
      });
    const bad = await post({ kind: 'lots' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(
      /kind must be "more", "less" or "undo", not "lots"/,
    );
    const ok = await post({ kind: 'less' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ recorded: 'less', paperId: papers[0]?.arxivId });
    expect((await stored(reader))?.feedback?.[0]).toMatchObject({
      kind: 'less',
      paperId: papers[0]?.arxivId,
    });
  });
});
