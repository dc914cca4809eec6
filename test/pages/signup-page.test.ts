import { topicLabel } from '../../functions/core/topics';
import { signupAcceptedPage, signupPage } from '../../functions/pages/signup-page';
import { expectToContainAll } from '../support/text';

const base = { topics: ['llm', 'agents', 'reinforcement-learning'], weeklyDigestWeekday: 1, topN: 10 };

test('the empty state says no edition has been published yet', () => {
  const page = signupPage(base);
  expect(page).toContain('No edition has been published yet');
  expect(page).toContain('<form method="post" action="/subscriptions"');
  expect(page).toContain('name="website"');
  expect(page).toContain('Weekly (Mondays unless you pick another day below)');
});

test('the lead says what a reader gets: the size, the hour in their zone, a digest that learns from presses', () => {
  const lead = signupPage({ ...base, topN: 10 }).match(/<p class="lead">([^<]*)<\/p>/)?.[1] ?? '';
  expect(lead).toMatch(/^The 10 papers .* \(or 5, or 20: your preferences page sets it\), daily or weekly,/);
  expect(lead).toContain('at the hour you pick in your own time zone');
  expect(lead).toContain(
    'press “More like this” or “Less like this” under a paper and the next digests learn from it',
  );
  expect(lead).not.toContain('Every morning');
});

test('a sample shows the top five papers, escaped, linked to arXiv and to the full edition', () => {
  const papers = Array.from({ length: 8 }, (_, i) => ({
    arxivId: `2607.0000${i}`,
    title: i === 0 ? '<img src=x onerror=alert(1)> Attention' : `Paper ${i}`,
    authors: ['A. One', 'B. Two', 'C. Three', 'D. Four'],
    upvotes: 100 - i,
    aiSummary: 'word '.repeat(100),
  }));
  const page = signupPage({ ...base, sample: { date: '2026-11-24', href: '/editions/2026-11-24', papers } });
  expect(page).not.toContain('<img src=x');
  expect(page.match(/<li class="paper">/g)).toHaveLength(5);
  expectToContainAll(page, [
    '&lt;img src=x onerror=alert(1)&gt; Attention',
    'href="https://arxiv.org/abs/2607.00000"',
    'A. One, B. Two, C. Three et al.',
    'href="/editions/2026-11-24"',
    'Tuesday 24 November',
    'word word…',
  ]);
});

test('a form coming back with errors keeps what was typed (escaped) and ties each message to its field', () => {
  const page = signupPage({
    ...base,
    form: {
      values: { email: '"><script>x</script>', topics: ['agents', 'protein folding'], frequency: 'weekly' },
      errors: { email: 'email is not a valid address', form: 'Too many signups; try again later.' },
    },
  });
  expect(page).not.toContain('<script>');
  expect(page).toMatch(/value="agents" checked/);
  expect(page).toMatch(/value="weekly" checked/);
  expectToContainAll(page, [
    'value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"',
    'role="alert"',
    '<a href="#email">email is not a valid address</a>',
    '<li>Too many signups; try again later.</li>',
    'aria-describedby="email-hint email-error" aria-invalid="true"',
    'value="protein folding"',
    '<title>Check your details · Papers Inbox</title>',
  ]);
});

test('the accepted page is the same for every address and escapes the address it repeats', () => {
  const page = signupAcceptedPage({ email: 'a<b>@example.com' });
  expect(page).toContain('a&lt;b&gt;@example.com');
  expect(page).toContain('Check your inbox');
});

test('topic labels read as words', () => {
  expect(topicLabel('reinforcement-learning')).toBe('Reinforcement learning');
  expect(topicLabel('3d')).toBe('3D');
  expect(topicLabel('code')).toBe('Code');
});
