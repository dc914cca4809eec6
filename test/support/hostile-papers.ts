import type { Paper } from '../../functions/schemas/paper';

/** Papers with the characters real titles carry and the URLs an attacker would try. */
export function hostilePapers(): Paper[] {
  const base = {
    publishedDate: '2026-06-11',
    dailyDate: '2026-06-12',
    sources: ['huggingface' as const],
    firstSeenAt: '2026-06-12T06:00:00.000Z',
    lastUpdatedAt: '2026-06-12T06:00:00.000Z',
  };
  return [
    {
      ...base,
      arxivId: '2606.99901',
      title: `<script>alert("x")</script> & 'quotes' — $O(n^{2})$ vs <b>bold</b>`,
      abstract: `An abstract with <img src=x onerror=alert(1)> & "entities" &amp; {{papers}} %%PI-unsubscribeUrl%% ${'word '.repeat(80)}`,
      authors: ['<Eve>', 'Mallory & Co', `O'Brien`, 'Fourth Author'],
      upvotes: 3,
      comments: 1,
      thumbnailUrl: 'javascript:alert(1)',
      githubRepo: 'javascript:alert(document.cookie)',
      githubStars: 7,
      projectPage: 'data:text/html,<script>alert(1)</script>',
      organization: '<i>Org</i> "Labs"',
      aiKeywords: ['<k>'],
    },
    {
      ...base,
      arxivId: '2606.99902',
      title: '大规模语言模型的推理能力研究：一个基准 (Ünïcödé, עברית, русский)\n   with a hard line break',
      abstract: '这是一个没有空格的摘要'.repeat(40),
      authors: ['张三', '李四'],
      upvotes: 0,
      thumbnailUrl: 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2606.99902.png?a=1&b="2"',
      githubRepo: 'https://github.com/x/y?tab=readme&q=<x>',
      projectPage: 'http://example.org/"onmouseover="alert(1)',
    },
  ];
}
