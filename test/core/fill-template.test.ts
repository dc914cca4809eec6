import { fillTemplate } from '../../functions/core/fill-template';

test('fillTemplate escapes HTML values, keeps text values, and refuses unknown placeholders', () => {
  expect(fillTemplate('<a href="{{u}}">{{ u }}</a>', { u: 'http://x/?a=1&b="2"' }, 'html')).toBe(
    '<a href="http://x/?a=1&amp;b=&quot;2&quot;">http://x/?a=1&amp;b=&quot;2&quot;</a>',
  );
  expect(fillTemplate('{{u}}', { u: 'a&b' }, 'text')).toBe('a&b');
  expect(() => fillTemplate('{{missing}}', {}, 'html')).toThrow(/missing/);
});
