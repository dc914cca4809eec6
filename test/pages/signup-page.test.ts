import { signupAcceptedPage, signupPage, topicLabel } from '../../functions/pages/signup-page';

const base = { topics: ['llm', 'agents', 'reinforcement-learning'], weeklyDigestWeekday: 1, topN: 10 };

test('the empty state says no edition has been published yet', () => {
  const page = signupPage(base);
  expect(page).toContain('No edition has been published yet');
  expect(page).toContain('<form method="post" action="/subscriptions"');
  expect(page).toContain('name="website"');
  expect(page).toContain('Weekly (Mondays unless you pick another day below)');
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
  expect(page).toContain('&lt;img src=x onerror=alert(1)&gt; Attention');
  expect(page).not.toContain('<img src=x');
  expect(page.match(/<li class="paper">/g)).toHaveLength(5);
  expect(page).toContain('href="https://arxiv.org/abs/2607.00000"');
  expect(page).toContain('A. One, B. Two, C. Three et al.');
  expect(page).toContain('href="/editions/2026-11-24"');
  expect(page).toContain('Tuesday 24 November');
  expect(page).toContain('word word…');
});

test('a form coming back with errors keeps what was typed (escaped) and ties each message to its field', () => {
  const page = signupPage({
    ...base,
    form: {
      values: { email: '"><script>x</script>', topics: ['agents', 'protein folding'], frequency: 'weekly' },
      errors: { email: 'email is not a valid address', form: 'Too many signups; try again later.' },
    },
  });
  expect(page).toContain('value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
  expect(page).not.toContain('<script>');
  expect(page).toContain('role="alert"');
  expect(page).toContain('<a href="#email">email is not a valid address</a>');
  expect(page).toContain('<li>Too many signups; try again later.</li>');
  expect(page).toContain('aria-describedby="email-hint email-error" aria-invalid="true"');
  expect(page).toMatch(/value="agents" checked/);
  expect(page).toContain('value="protein folding"');
  expect(page).toMatch(/value="weekly" checked/);
  expect(page).toContain('<title>Check your details · Papers Inbox</title>');
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
