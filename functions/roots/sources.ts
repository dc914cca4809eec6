import { createArxivRssSource } from '../adapters/arxiv-rss-source';
import { createHfDailyPapersSource } from '../adapters/hf-daily-papers-source';
import type { Config } from '../config';
import type { Ports } from '../ports';

export type Sources = Pick<Ports, 'hfPapers' | 'arxivRss'>;

/**
 * The upstream paper sources (Hugging Face, arXiv), apart from compose.ts: on Lambda only the ingest
 * function wires them (`onLambda(createIngestHandler, { sources: upstreamSources })`), so the other
 * bundles carry neither the sources nor their rate limiters. The local stack, CLIs and tests wire them.
 */
export const upstreamSources = (config: Config): Sources => ({
  hfPapers: createHfDailyPapersSource(config),
  arxivRss: createArxivRssSource(config),
});
