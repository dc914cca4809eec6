import type { Ports } from '../../ports';
import { lazyRoutes, type Route } from '../router';
import { assetsRoute } from './assets';
import { healthRoute } from './health';
import { homeRoute } from './home';

/**
 * Every route of the HTTP API. The API handler and the local stack both serve exactly this list.
 * The signup page, its assets and the health check load with the handler; every other module loads
 * on its first request (`lazyRoutes`), so a cold start does not parse the pages it does not serve.
 */
export const routes: Route<Ports>[] = [
  healthRoute,
  ...lazyRoutes(
    async () => (await import('./subscriptions')).subscriptionRoutes,
    ['POST /subscriptions', 'GET /subscriptions/confirm', 'POST /subscriptions/confirm'],
  ),
  ...lazyRoutes(
    async () => (await import('./unsubscribe')).unsubscribeRoutes,
    ['GET /unsubscribe', 'POST /unsubscribe'],
  ),
  ...lazyRoutes(
    async () => (await import('./preferences')).preferencesRoutes,
    ['GET /preferences', 'POST /preferences', 'GET /preferences/export'],
  ),
  ...lazyRoutes(async () => (await import('./feedback')).feedbackRoutes, ['GET /feedback', 'POST /feedback']),
  ...lazyRoutes(
    async () => (await import('./editions')).editionRoutes,
    ['GET /editions', 'GET /editions.atom', 'GET /editions/:date'],
  ),
  homeRoute,
  assetsRoute,
  ...lazyRoutes(async () => (await import('./meta')).metaRoutes, ['GET /robots.txt', 'GET /openapi.json']),
];
