import { signupErrors, signupFormAgain } from '../../../functions/http/routes/home';
import { subscribeRequestSchema } from '../../../functions/schemas/subscription-request';
import { startTestApp } from '../../support/app';
import { DAY_0612, loadPapers } from '../../support/fixtures';
import { seedDailyEdition } from '../../support/seed';

let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

test('GET / with no edition yet: the form and an empty state, HTML, revalidated on every visit', async () => {
  const res = await fetch(`${app.url}/`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(res.headers.get('cache-control')).toBe('no-cache');
  const page = await res.text();
  expect(page).toContain('No edition has been published yet');
  for (const t of app.deps.config.TOPICS) expect(page).toContain(`name="topics" value="${t}"`);
});

test('GET / with an edition: the top five papers of the latest daily edition, in ranked order', async () => {
  const papers = loadPapers(DAY_0612);
  const ranked = await seedDailyEdition(app.deps, papers, '2026-06-12');
  const page = await (await fetch(`${app.url}/`)).text();
  expect(page).not.toContain('No edition has been published yet');
  expect(page).toContain('href="/editions/2026-06-12"');
  const shown = [...page.matchAll(/href="https:\/\/arxiv\.org\/abs\/([\d.]+)"/g)].map((m) => m[1]);
  expect(shown).toEqual(ranked.slice(0, 5));
  // And the edition it points to exists.
  expect((await fetch(`${app.url}/editions/2026-06-12`)).status).toBe(200);
});

test('a failed signup comes back as the form, with what was typed and a message per field', async () => {
  const fields = { email: 'not-an-address', topics: ['agents', 'protein folding, moe'], frequency: 'hourly' };
  const parsed = subscribeRequestSchema(app.deps.config.TOPICS).safeParse(fields);
  expect(parsed.success).toBe(false);
  const errors = signupErrors((parsed as { error: import('zod').ZodError }).error);
  expect(errors.email).toMatch(/not a valid address/);
  expect(errors.frequency).toMatch(/daily.*weekly/);
  const res = await signupFormAgain(app.deps, 400, fields, errors);
  expect(res.status).toBe(400);
  expect(res.body).toContain('value="not-an-address"');
  expect(res.body).toMatch(/value="agents" checked/);
  expect(res.body).toContain('value="protein folding, moe"');
  expect(res.body).toContain('aria-invalid="true"');
  expect(res.body).toContain('<a href="#email">');
});
