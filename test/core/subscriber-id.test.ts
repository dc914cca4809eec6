import { normalizeEmail, subscriberIdFor } from '../../functions/core/subscriber-id';

test('subscriber ids are stable across case and spaces, and differ per address', () => {
  expect(normalizeEmail('  Ada@Example.COM ')).toBe('ada@example.com');
  expect(subscriberIdFor('Ada@Example.com')).toBe(subscriberIdFor(' ada@example.com'));
  expect(subscriberIdFor('ada@example.com')).not.toBe(subscriberIdFor('bob@example.com'));
});
