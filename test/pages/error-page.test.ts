import { TOKEN_REFUSAL_TEXT, type TokenRefusal } from '../../functions/core/subscriber-token';
import { errorPage, linkErrorPage } from '../../functions/pages/error-page';
import { html } from '../../functions/pages/html';
import { expectToContainAll } from '../support/text';

test('an error page says what happened in an error notice, escaped, with a way back', () => {
  // Act
  const page = errorPage({
    title: 'Request not accepted',
    message: ['kind must be <b>more</b>', html`<em>x</em>`],
  });
  // Assess
  expectToContainAll(page, [
    '<div class="notice error">\n<h1>Request not accepted</h1>',
    '<p>kind must be &lt;b&gt;more&lt;/b&gt;</p>',
    '<p><em>x</em></p>',
    '<a href="/">Back to the signup page</a>',
    '<title>Request not accepted',
  ]);
});

test('the next step can be named instead of the way back to the signup page', () => {
  const page = errorPage({
    title: 'No such edition',
    message: 'none',
    next: html`<p><a href="/editions">All editions</a></p>`,
  });
  expect(page).toContain('<a href="/editions">All editions</a>');
  expect(page).not.toContain('Back to the signup page');
});

test.each(Object.keys(TOKEN_REFUSAL_TEXT) as TokenRefusal[])(
  'a refused link (%s) names the problem and the remedy',
  (reason) => {
    const words = TOKEN_REFUSAL_TEXT[reason];
    const page = linkErrorPage(reason);
    expect(page).toContain(`<h1>${words.title}</h1>`);
    expect(page).toContain('<a href="/">Sign up page</a>');
  },
);

test('a confirmation link after an unsubscribe says the subscription ended', () => {
  expect(linkErrorPage('unsubscribed')).toContain('<h1>Subscription ended</h1>');
});
