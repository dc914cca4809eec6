import { applyLocalEnv } from '../../infra/local/env';

describe('applyLocalEnv', () => {
  test('PUBLIC_BASE_URL follows PORT when it is not set', () => {
    const env: NodeJS.ProcessEnv = { PORT: '3100' };
    applyLocalEnv(env);
    expect(env.PUBLIC_BASE_URL).toBe('http://127.0.0.1:3100');
  });

  test('defaults to :3000 and keeps an explicit PUBLIC_BASE_URL', () => {
    const plain: NodeJS.ProcessEnv = {};
    applyLocalEnv(plain);
    expect(plain.PUBLIC_BASE_URL).toBe('http://127.0.0.1:3000');

    const explicit: NodeJS.ProcessEnv = { PORT: '3100', PUBLIC_BASE_URL: 'https://papers.example.com' };
    applyLocalEnv(explicit);
    expect(explicit.PUBLIC_BASE_URL).toBe('https://papers.example.com');
  });

  test('changes nothing when the target is AWS', () => {
    const env: NodeJS.ProcessEnv = { PAPERS_INBOX_TARGET: 'aws', PORT: '3100' };
    applyLocalEnv(env);
    expect(env.PUBLIC_BASE_URL).toBeUndefined();
  });
});
