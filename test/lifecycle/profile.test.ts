import { subscriberIdFor } from '../../functions/core/subscriber-id';
import { startTestApp } from '../support/app';
import { uniqueEmail } from '../support/inbox';
import { postForm, postJson, subscribeAndConfirm } from '../support/reader';

let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp({ SIGNUP_LIMIT_PER_IP_PER_HOUR: '1000' });
});
afterAll(() => app.stop());

const stored = (email: string) => app.deps.subscribers.get(subscriberIdFor(email));

describe('partial updates', () => {
  test('an update naming only the frequency keeps the topics', async () => {
    const email = uniqueEmail('partial');
    const { preferences } = await subscribeAndConfirm(app.url, email, { topics: ['llm', 'cs.CL'] });
    const res = await postJson(preferences, { action: 'update', frequency: 'weekly' });
    expect(res.status).toBe(200);
    expect(await stored(email)).toMatchObject({ topics: ['llm', 'cs.CL'], frequency: 'weekly' });

    const topicsOnly = await postJson(preferences, { action: 'update', topics: ['agents'] });
    expect(topicsOnly.status).toBe(200);
    expect(await stored(email)).toMatchObject({ topics: ['agents'], frequency: 'weekly' });
  });

  test('the form still clears topics: an empty keywords box with nothing ticked means none', async () => {
    const email = uniqueEmail('partial-form');
    const { preferences } = await subscribeAndConfirm(app.url, email, { topics: ['llm'] });
    const res = await postForm(preferences, [
      ['topics', ''],
      ['frequency', 'daily'],
      ['action', 'update'],
    ]);
    expect(res.status).toBe(200);
    expect((await stored(email))?.topics).toEqual([]);
  });
});

test('signup keeps an arXiv category as arXiv writes it, whatever the case typed', async () => {
  const email = uniqueEmail('category');
  await subscribeAndConfirm(app.url, email, { topics: ['cs.cl', 'STAT.ml'] });
  expect((await stored(email))?.topics).toEqual(['cs.CL', 'stat.ML']);
});

test('50 identical topics are accepted as one', async () => {
  const email = uniqueEmail('dupes');
  await subscribeAndConfirm(app.url, email, { topics: Array.from({ length: 50 }, () => 'llm') });
  expect((await stored(email))?.topics).toEqual(['llm']);
});

test('the topics legend says "none chosen" only when none are', async () => {
  const email = uniqueEmail('legend');
  const { preferences } = await subscribeAndConfirm(app.url, email, { topics: ['llm'] });
  const withTopics = await (await fetch(preferences)).text();
  expect(withTopics).toMatch(/<legend>Topics<\/legend>/);
  expect(withTopics).not.toContain('none chosen');
  await postJson(preferences, { action: 'update', topics: [] });
  expect(await (await fetch(preferences)).text()).toContain('none chosen');
});

describe('profile fields', () => {
  test('a JSON client sets excludes, follows and digest size; other fields stay; defaults on read', async () => {
    const email = uniqueEmail('profile-json');
    const { preferences } = await subscribeAndConfirm(app.url, email, { topics: ['llm'] });
    const before = await (await fetch(preferences, { headers: { accept: 'application/json' } })).json();
    expect(before).toMatchObject({
      excludes: [],
      followedAuthors: [],
      followedOrganizations: [],
      digestSize: 10,
      feedback: [],
    });
    const res = await postJson(preferences, {
      action: 'update',
      excludes: ['Diffusion', 'diffusion', 'cs.CV'],
      followedAuthors: ['Yann LeCun'],
      followedOrganizations: 'Google DeepMind, Meta AI',
      digestSize: 5,
    });
    expect(res.status).toBe(200);
    expect(await stored(email)).toMatchObject({
      topics: ['llm'],
      frequency: 'daily',
      excludes: ['Diffusion', 'cs.CV'],
      followedAuthors: ['Yann LeCun'],
      followedOrganizations: ['Google DeepMind', 'Meta AI'],
      digestSize: 5,
    });
  });

  test.each([
    [
      { excludes: Array.from({ length: 21 }, (_, i) => `kw${i}`) },
      /excludes: at most 20 entries, got 21.*"kw20"/,
    ],
    [{ excludes: ['x'.repeat(65)] }, /excludes: "x{40}…" is longer than 64 characters/],
    [{ followedAuthors: ['a'.repeat(101)] }, /followedAuthors: "a{40}…" is longer than 100 characters/],
    [
      { followedOrganizations: Array.from({ length: 21 }, (_, i) => `Lab ${i}`) },
      /followedOrganizations: at most 20/,
    ],
    [
      { followedAuthors: ['Ada\u0000Lovelace'] },
      /followedAuthors: "Ada\\u0000Lovelace" contains a control character/,
    ],
    [{ digestSize: 7 }, /digestSize must be 5, 10, 20, not 7/],
    [{ excludes: 3 }, /excludes must be a list of strings, not 3/],
    [{ excludes: ['crypto', 3] }, /excludes: 3 is not a string/],
    [{ followedOrganizations: [{ name: 'Lab' }] }, /followedOrganizations: \{"name":"Lab"\} is not a string/],
    [
      { topics: ['llm', 'world<models>'] },
      /topics: "world<models>" is neither one of the listed topics nor a keyword/,
    ],
    [{ topics: ['llm', 7] }, /topics: 7 is not a string/],
  ])('a refused profile field is named with its value: %j', async (fields, reason) => {
    const email = uniqueEmail('profile-bad');
    const { preferences } = await subscribeAndConfirm(app.url, email, { topics: ['llm'] });
    const res = await postJson(preferences, { action: 'update', frequency: 'weekly', ...fields });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string };
    expect(body.error).toMatch(reason);
    expect(await stored(email)).toMatchObject({ topics: ['llm'], frequency: 'daily' });
  });

  test('a refused form comes back with everything typed; markup is stored as text and shown escaped', async () => {
    const email = uniqueEmail('profile-form');
    const { preferences } = await subscribeAndConfirm(app.url, email, { topics: ['llm'] });
    const typed: [string, string][] = [
      ['topics', 'vision'],
      ['topics', 'world models'],
      ['excludes', '<script>alert(1)</script>, crypto'],
      ['followedAuthors', `Ada <b>Lovelace</b>\n${'z'.repeat(101)}`],
      ['followedOrganizations', 'Lab & Co'],
      ['frequency', 'weekly'],
      ['digestSize', '20'],
      ['action', 'update'],
    ];
    const bad = await postForm(preferences, typed);
    expect(bad.status).toBe(400);
    const page = await bad.text();
    expect(page).toContain('Nothing was saved');
    expect(page).toContain('followedAuthors: &quot;zzzz');
    expect(page).toMatch(/value="vision" checked/);
    expect(page).toMatch(/name="topics" value="world models"/);
    expect(page).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;, crypto"');
    expect(page).toContain('Ada &lt;b&gt;Lovelace&lt;/b&gt;');
    expect(page).toContain('Lab &amp; Co');
    expect(page).toMatch(/value="weekly" checked/);
    expect(page).toMatch(/value="20" checked/);
    expect(page).not.toContain('<script>alert');
    expect(await stored(email)).toMatchObject({ topics: ['llm'], frequency: 'daily' });

    const good = await postForm(
      preferences,
      typed.map(([k, v]) => [k, k === 'followedAuthors' ? 'Ada <b>Lovelace</b>' : v]),
    );
    expect(good.status).toBe(200);
    const saved = await good.text();
    expect(saved).toContain('Ada &lt;b&gt;Lovelace&lt;/b&gt;');
    expect(saved).not.toContain('<b>Lovelace');
    expect(await stored(email)).toMatchObject({
      topics: ['vision', 'world models'],
      excludes: ['<script>alert(1)</script>', 'crypto'],
      followedAuthors: ['Ada <b>Lovelace</b>'],
      followedOrganizations: ['Lab & Co'],
      frequency: 'weekly',
      digestSize: 20,
    });
  });
});

test('a refused keyword is named with its value on the signup and preferences forms, which keep what was typed', async () => {
  const email = uniqueEmail('keyword-form');
  const signup = await postForm(`${app.url}/subscriptions`, [
    ['email', email],
    ['topics', 'agents'],
    ['topics', 'world models, <b>vision</b>'],
  ]);
  expect(signup.status).toBe(400);
  const form = await signup.text();
  expect(form).toContain('topics: &quot;&lt;b&gt;vision&lt;/b&gt;&quot; is neither one of the listed topics');
  expect(form).toContain(`value="${email}"`);
  expect(form).toMatch(/value="agents" checked/);
  expect(form).toContain('world models');
  expect(form).not.toContain('<b>vision');
  expect(await stored(email)).toBeUndefined();

  const { preferences } = await subscribeAndConfirm(app.url, email, { topics: ['llm'] });
  const bad = await postForm(preferences, [
    ['action', 'update'],
    ['topics', 'vision'],
    ['topics', 'world models, -llm'],
    ['excludes', `crypto, ${'y'.repeat(65)}`],
  ]);
  expect(bad.status).toBe(400);
  const page = await bad.text();
  expect(page).toContain('topics: &quot;-llm&quot; is neither one of the listed topics');
  expect(page).toContain(`excludes: &quot;${'y'.repeat(40)}…&quot; is longer than 64 characters`);
  expect(page).toMatch(/value="vision" checked/);
  expect(page).toContain('world models, -llm');
  expect(page).toContain(`crypto, ${'y'.repeat(65)}`);
  expect(await stored(email)).toMatchObject({ topics: ['llm'] });
});

test('the feedback given is listed newest first, exported, and forgotten on request', async () => {
  const email = uniqueEmail('feedback-list');
  const { preferences } = await subscribeAndConfirm(app.url, email);
  const s = await stored(email);
  if (!s) throw new Error('no subscriber');
  const feedback = [
    {
      paperId: '2606.00002',
      kind: 'less' as const,
      title: 'Second <i>paper</i>',
      editionId: 'daily#2026-06-12',
      at: '2026-06-13T08:00:00.000Z',
    },
    {
      paperId: '2606.00001',
      kind: 'more' as const,
      title: 'First paper',
      editionId: 'daily#2026-06-11',
      at: '2026-06-12T08:00:00.000Z',
    },
  ];
  const relevance = { terms: ['diffus'], weights: [0.5], presses: 1, recent: [] };
  expect(await app.deps.subscribers.updateIf(s.id, s.tokenVersion, { feedback, relevance })).toBe(true);

  const page = await (await fetch(preferences)).text();
  const listed = page.slice(page.indexOf('Your feedback'));
  expect(listed.indexOf('Second &lt;i&gt;paper&lt;/i&gt;')).toBeGreaterThan(0);
  expect(listed.indexOf('Second &lt;i&gt;paper')).toBeLessThan(listed.indexOf('First paper'));
  expect(listed).toMatch(/Less like this: <a href="https:\/\/huggingface.co\/papers\/2606.00002">/);
  expect(page).toContain('Forget all my feedback');

  const exportLink = page.match(/href="([^"]+\/preferences\/export\?token=[^"]+)"/)?.[1] as string;
  const exported = (await (await fetch(exportLink.replace(/&amp;/g, '&'))).json()) as {
    subscriber: { feedback: unknown; relevance: unknown };
  };
  expect(exported.subscriber.feedback).toEqual(feedback);
  // What the ranking learned, as stored: term → weight.
  expect(exported.subscriber.relevance).toEqual({ weights: { diffus: 0.5 }, presses: 1, recent: [] });

  const forgot = await postForm(preferences, [['action', 'forget-feedback']]);
  expect(forgot.status).toBe(200);
  expect(await forgot.text()).toContain('Your feedback is forgotten.');
  expect((await stored(email))?.feedback).toBeUndefined();
  expect((await stored(email))?.relevance).toBeUndefined();
});
