import { safeUrl } from '../../functions/core/safe-url';
import { html, raw } from '../../functions/pages/html';

test('interpolations are escaped, nested html is not escaped twice', () => {
  const title = `<script>alert("x")</script> & 'q'`;
  const out = html`<ul>${[title].map((t) => html`<li>${t}</li>`)}</ul><p>${title}</p>${raw('<br>')}`.value;
  expect(out).toBe(
    '<ul><li>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;</li></ul>' +
      '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;</p><br>',
  );
});

test('arrays of plain strings are escaped too', () => {
  expect(html`${['<b>', 'a&b']}`.value).toBe('&lt;b&gt;a&amp;b');
});

test('only http(s) URLs survive safeUrl', () => {
  expect(safeUrl('https://arxiv.org/abs/2607.23193')).toBe('https://arxiv.org/abs/2607.23193');
  expect(safeUrl('javascript:alert(1)')).toBeUndefined();
  expect(safeUrl('data:text/html,x')).toBeUndefined();
  expect(safeUrl('not a url')).toBeUndefined();
});
