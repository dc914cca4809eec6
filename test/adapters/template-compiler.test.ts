import { compileDigest, readDigestSources } from '../../functions/adapters/template-compiler';

/**
 * The digest's compiled pieces (the full-render equality is test/core/digest-render.test.ts): papers
 * cut as rows of one column, line breaks between tags squeezed, and a template whose placeholder would
 * make the squeeze depend on its value refused at build time.
 */

test('each paper is one repeatable piece of rows, and the markup keeps no indentation between tags', async () => {
  const { html } = await compileDigest(await readDigestSources());
  expect(html.paper.startsWith('<tr')).toBe(true);
  expect(html.paper.split('class="pi-paper"')).toHaveLength(2);
  // The paper's text and its divider: two rows, nothing of the papers' column around them.
  expect(html.paper.match(/<tr>/g)?.length).toBeGreaterThanOrEqual(2);
  expect(html.paper).not.toContain('</tbody>');
  for (const piece of [html.head, html.paper, html.foot]) {
    expect(piece).not.toMatch(/>[ \t]*\n\s*\n?[ \t]+</);
    expect(piece).not.toMatch(/>\s*\n\s*\n\s*</);
  }
  // The papers sit between the head's column opening and the foot's closing.
  expect(html.head.lastIndexOf('<tbody>')).toBeGreaterThan(html.head.lastIndexOf('</tbody>'));
  expect(html.foot.startsWith('</tbody>')).toBe(true);
});

test('a placeholder against a line break between tags is refused when the templates compile', async () => {
  const sources = await readDigestSources();
  const moved = sources.paper.replace('{{why}}<p', '{{why}}\n          <p');
  expect(moved).not.toBe(sources.paper);
  await expect(compileDigest({ ...sources, paper: moved })).rejects.toThrow(
    'digest placeholder {{why}} touches a line break',
  );
  const before = sources.paper.replace('</div>{{why}}', '</div>\n          {{why}}');
  await expect(compileDigest({ ...sources, paper: before })).rejects.toThrow('{{why}} touches a line break');
});

test('a paper template that renders no pi-paper cell is refused', async () => {
  const sources = await readDigestSources();
  const paper = sources.paper.replace('css-class="pi-paper"', 'css-class="other"');
  await expect(compileDigest({ ...sources, paper })).rejects.toThrow('has 0 papers, expected 2');
});
