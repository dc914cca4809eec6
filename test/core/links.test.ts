import {
  asQueryToken,
  editionUrl,
  editionWebPath,
  feedbackUrl,
  feedbackUrlAround,
  manageLinks,
  preferencesUrl,
  siteUrl,
  unsubscribeUrl,
} from '../../functions/core/links';

test('web view paths', () => {
  expect(editionWebPath({ kind: 'daily', date: '2026-06-12' })).toBe('/editions/2026-06-12');
  expect(editionWebPath({ kind: 'weekly', date: '2026-06-15' })).toBe('/editions/2026-06-15?kind=weekly');
});

test('absolute links keep a base path (a stage prefix) and never double a slash', () => {
  // Prepare
  const bases = ['https://papers.example.com', 'https://papers.example.com/', 'https://x.example/prod'];

  // Act
  const links = bases.map((base) => ({
    feed: siteUrl(base, '/editions.atom'),
    weekly: editionUrl(base, { kind: 'weekly', date: '2026-06-15' }),
    manage: manageLinks(base, 'a.b'),
  }));

  // Assess
  expect(links[0]).toEqual(links[1]);
  expect(links[0]).toEqual({
    feed: 'https://papers.example.com/editions.atom',
    weekly: 'https://papers.example.com/editions/2026-06-15?kind=weekly',
    manage: {
      preferencesUrl: 'https://papers.example.com/preferences?token=a.b',
      unsubscribeUrl: 'https://papers.example.com/unsubscribe?token=a.b',
    },
  });
  expect(links[2]?.weekly).toBe('https://x.example/prod/editions/2026-06-15?kind=weekly');
  expect(links[2]?.manage.unsubscribeUrl).toBe('https://x.example/prod/unsubscribe?token=a.b');
});

test('token links built from the cached prefix are the strings the URL API builds, escaping included', () => {
  // Prepare: the URL API's own answer, as the links were built before the prefix cache.
  const byUrlApi = (base: string, path: string, token: string, kind?: string) => {
    const url = new URL(siteUrl(base, path));
    url.searchParams.set('token', token);
    if (kind) url.searchParams.set('kind', kind);
    return url.toString();
  };
  const bases = ['https://papers.example.com', 'https://x.example/prod/', 'http://127.0.0.1:3000'];
  const tokens = ['eyJzdWIiOiJhIn0.c2ln-_x', 'a b+c/d=é&kind=less', ''];

  for (const base of bases)
    for (const token of tokens) {
      // Act
      const built = {
        unsubscribe: unsubscribeUrl(base, token),
        preferences: preferencesUrl(base, token),
        more: feedbackUrl(base, token, 'more'),
      };

      // Assess
      expect(built).toEqual({
        unsubscribe: byUrlApi(base, 'unsubscribe', token),
        preferences: byUrlApi(base, 'preferences', token),
        more: byUrlApi(base, 'feedback', token, 'more'),
      });
    }
});

test('a feedback link is its fixed parts around the token as the query holds it, whatever the token', () => {
  const bases = [
    'https://papers.example.com',
    'https://x.example/prod/',
    'http://127.0.0.1:3000',
    'https://x.example/?stage=1#top',
  ];
  const tokens = ['eyJzdWIiOiJhIn0.c2ln-_x', 'a b+c/d=é&kind=less', '"<x>\'', '😀~*!()', ''];
  for (const base of bases)
    for (const kind of ['more', 'less'] as const) {
      const around = feedbackUrlAround(base, kind);
      expect(around).toBeDefined();
      for (const token of tokens)
        expect(`${around.before}${asQueryToken(token)}${around.after}`).toBe(feedbackUrl(base, token, kind));
    }
  // What the HTML takes as it is: nothing to escape, whatever the token.
  for (const token of tokens) expect(asQueryToken(token)).toMatch(/^[A-Za-z0-9._*%+-]*$/);
});
