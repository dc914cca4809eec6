import { RateLimiter } from 'limiter';
import type { Config } from '../config';
import { UnknownShapeError } from '../core/normalize-paper';
import type { HfDailyPapers } from '../ports';
import { getText, UpstreamError } from './upstream-http';

/** The `hfPapers` port: raw entries of one Daily-Papers day, all pages joined; validation is the core's job. */
/** A day never has this many pages; stops a server that always answers a full page. */
const MAX_PAGES = 50;

/**
 * `GET ${PAPERS_API_URL}?date=YYYY-MM-DD&limit=N&p=K` with 0-based `p`, paging while a page is full.
 * One limiter per process keeps every call (retries included) inside Hugging Face's anonymous limit of
 * 500 API calls per 5-minute window.
 */
export function createHfDailyPapersSource(config: Config): HfDailyPapers {
  const limiter = new RateLimiter({
    tokensPerInterval: config.PAPERS_API_CALLS_PER_WINDOW,
    interval: config.PAPERS_API_WINDOW_MS,
  });
  const limit = config.PAPERS_API_PAGE_SIZE;
  return {
    async fetchDay(date) {
      const entries: unknown[] = [];
      for (let p = 0; p < MAX_PAGES; p++) {
        const url = new URL(config.PAPERS_API_URL);
        url.searchParams.set('date', date);
        url.searchParams.set('limit', String(limit));
        url.searchParams.set('p', String(p));
        const body = await getText(url.toString(), {
          ...config,
          headers: { accept: 'application/json' },
          beforeAttempt: async () => {
            await limiter.removeTokens(1);
          },
        });
        let page: unknown;
        try {
          page = JSON.parse(body);
        } catch {
          throw new UpstreamError(`${url}: body is not JSON (${JSON.stringify(body.slice(0, 80))})`, false);
        }
        if (!Array.isArray(page)) {
          throw new UnknownShapeError(`${url}: expected a JSON array of entries, got ${typeof page}`);
        }
        entries.push(...page);
        if (page.length < limit) return entries;
      }
      throw new UnknownShapeError(`daily papers for ${date}: still full pages after ${MAX_PAGES} pages`);
    },
  };
}
