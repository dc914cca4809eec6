import { withLocalDefaults } from '../../infra/local/env';

describe('withLocalDefaults', () => {
  test('PUBLIC_BASE_URL follows PORT when it is not set', () => {
    const env = withLocalDefaults({ PORT: '3100' });
    expect(env.PUBLIC_BASE_URL).toBe('http://127.0.0.1:3100');
  });

  test('defaults to :3000 and keeps an explicit PUBLIC_BASE_URL', () => {
    const plain = withLocalDefaults({});
    expect(plain.PUBLIC_BASE_URL).toBe('http://127.0.0.1:3000');

    const explicit = withLocalDefaults({ PORT: '3100', PUBLIC_BASE_URL: 'https://papers.example.com' });
    expect(explicit.PUBLIC_BASE_URL).toBe('https://papers.example.com');
  });

  test('changes nothing when the target is AWS', () => {
    const env = withLocalDefaults({ PAPERS_INBOX_TARGET: 'aws', PORT: '3100' });
    expect(env.PUBLIC_BASE_URL).toBeUndefined();
  });

  test('leaves the environment it is given as it was', () => {
    const given = { PORT: '3100' };
    withLocalDefaults(given);
    expect(given).toEqual({ PORT: '3100' });
  });
});
