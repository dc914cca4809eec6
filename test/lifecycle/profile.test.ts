import { subscriberIdFor } from '../../functions/core/subscriber-id';
import { startTestApp } from '../support/app';
import { uniqueEmail } from '../support/inbox';
import { postForm, postJson, subscribeAndConfirm } from '../support/reader';

let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp({ SIGNUP_LIMIT_PER_IP_PER_HOUR: '1000' });
});
afterAll(() => app.stop());

const stored = (email: string) => app.deps.subscriberStore.get(subscriberIdFor(email));

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
