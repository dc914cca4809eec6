import type { Deps } from '../../deps';
import { openApiDocument } from '../openapi';
import { json } from '../response';
import type { Route } from '../router';

/** Crawlers may read the pages; links that carry a token are nobody's to index. */
const ROBOTS = `User-agent: *
Disallow: /subscriptions/confirm
Disallow: /preferences
Disallow: /unsubscribe
Allow: /
`;

/** `GET /robots.txt`. */
export const robotsRoute: Route<Deps> = {
  method: 'GET',
  path: '/robots.txt',
  async handle() {
    return {
      status: 200,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'public, max-age=86400' },
      body: ROBOTS,
    };
  },
};

let cached: { key: string; body: ReturnType<typeof openApiDocument> } | undefined;

/** `GET /openapi.json`: the OpenAPI 3.1 document, generated from the zod schemas once per process. */
export const openApiRoute: Route<Deps> = {
  method: 'GET',
  path: '/openapi.json',
  async handle(_req, deps) {
    const key = `${deps.config.PUBLIC_BASE_URL} ${deps.config.TOPICS.join(',')}`;
    if (cached?.key !== key) cached = { key, body: openApiDocument(deps.config) };
    return json(200, cached.body, { 'cache-control': 'public, max-age=300' });
  },
};

export const metaRoutes = [robotsRoute, openApiRoute];
