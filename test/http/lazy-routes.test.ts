import { lazyRoutes, type Route } from '../../functions/http/router';
import { routes } from '../../functions/http/routes';
import { assetsRoute } from '../../functions/http/routes/assets';
import { editionRoutes } from '../../functions/http/routes/editions';
import { feedbackRoutes } from '../../functions/http/routes/feedback';
import { healthRoute } from '../../functions/http/routes/health';
import { homeRoute } from '../../functions/http/routes/home';
import { metaRoutes } from '../../functions/http/routes/meta';
import { preferencesRoutes } from '../../functions/http/routes/preferences';
import { subscriptionRoutes } from '../../functions/http/routes/subscriptions';
import { unsubscribeRoutes } from '../../functions/http/routes/unsubscribe';
import type { Ports } from '../../functions/ports';

const key = (r: Pick<Route<Ports>, 'method' | 'path'>) => `${r.method} ${r.path}`;

test('the routes declared for lazy loading are exactly the modules’ routes, in the same order', () => {
  const modules = [
    healthRoute,
    ...subscriptionRoutes,
    ...unsubscribeRoutes,
    ...preferencesRoutes,
    ...feedbackRoutes,
    ...editionRoutes,
    homeRoute,
    assetsRoute,
    ...metaRoutes,
  ];
  expect(routes.map(key)).toEqual(modules.map(key));
});

test('a lazy route loads its module once, on the first request, and answers with its handler', async () => {
  let loads = 0;
  const real: Route<Ports>[] = [
    { method: 'GET', path: '/a', handle: async () => ({ status: 200, headers: {}, body: 'a' }) },
    { method: 'POST', path: '/a', handle: async () => ({ status: 201, headers: {}, body: 'posted' }) },
  ];
  const lazy = lazyRoutes(async () => {
    loads++;
    return real;
  }, ['GET /a', 'POST /a']);
  expect(loads).toBe(0);
  const req = { method: 'GET', path: '/a', params: {} } as never;
  expect((await lazy[0]?.handle(req, {} as Ports))?.body).toBe('a');
  expect((await lazy[1]?.handle(req, {} as Ports))?.status).toBe(201);
  expect(loads).toBe(1);
});

test('a route declared but missing from its module fails loudly, not with another route', async () => {
  const [lazy] = lazyRoutes(async () => [] as Route<Ports>[], ['GET /missing']);
  await expect(lazy?.handle({} as never, {} as Ports)).rejects.toThrow('GET /missing');
});
