import { RateLimiter } from 'limiter';
import type { Config } from '../config';
import type { ArxivRss } from '../ports';
import { getText } from './upstream-http';

/**
 * arXiv's terms: at most one request every 3 seconds and one connection at a time. Requests are
 * chained (the next starts only when the previous one is done) and spaced by the limiter.
 */
export function createArxivRssSource(config: Config): ArxivRss {
  const spacing = new RateLimiter({ tokensPerInterval: 1, interval: config.ARXIV_MIN_INTERVAL_MS });
  let chain: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(task: () => Promise<T>): Promise<T> => {
    const run = chain.then(task, task);
    chain = run.catch(() => {});
    return run;
  };
  return {
    fetchListing(categories) {
      const url = `${config.ARXIV_RSS_URL.replace(/\/$/, '')}/${categories.map(encodeURIComponent).join('+')}`;
      return oneAtATime(() =>
        getText(url, {
          ...config,
          headers: { accept: 'application/rss+xml, application/xml' },
          beforeAttempt: async () => {
            await spacing.removeTokens(1);
          },
        }),
      );
    },
  };
}
