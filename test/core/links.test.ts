import { editionUrl, editionWebPath, manageLinks, siteUrl } from '../../functions/core/links';

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
