import { onFirstUse } from '../lib/on-first-use';
import type { HttpRequest } from './request';
import { type HttpResponse, problem } from './response';

export type RouteHandler<D> = (req: HttpRequest, deps: D) => Promise<HttpResponse>;

export interface Route<D> {
  method: 'GET' | 'POST';
  /** Path with optional `:name` segments, e.g. `/editions/:date`. */
  path: string;
  handle: RouteHandler<D>;
}

function match(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const g = got[i] as string;
    if (w.startsWith(':')) {
      if (!g) return undefined;
      params[w.slice(1)] = decodeURIComponent(g);
    } else if (w !== g) return undefined;
  }
  return params;
}

/** Finds the route for a request; 404 and 405 answers carry a reason. HEAD is served as GET without a body. */
export function createRouter<D>(routes: Route<D>[]): RouteHandler<D> {
  return async (req, deps) => {
    const candidates = routes.flatMap((r) => {
      try {
        const params = match(r.path, req.path);
        return params ? [{ route: r, params }] : [];
      } catch {
        return []; // a malformed %-escape cannot name any resource
      }
    });
    if (candidates.length === 0) return problem(404, 'no such resource');
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const hit = candidates.find((c) => c.route.method === method);
    if (!hit) {
      const allow = [...new Set(candidates.map((c) => c.route.method))].join(', ');
      return problem(405, `method not allowed here; allowed: ${allow}`, undefined, { allow });
    }
    const res = await hit.route.handle({ ...req, params: hit.params }, deps);
    return req.method === 'HEAD' ? { ...res, body: '' } : res;
  };
}

/**
 * Routes whose module loads on the first request to one of them: `import()` makes it a chunk of its own
 * (infra/bundling.ts), so a cold start parses only the routes it serves. Their methods and paths are
 * declared where the router can match them before anything loads; a test checks them against the module.
 */
export function lazyRoutes<D>(
  load: () => Promise<Route<D>[]>,
  declared: `${Route<D>['method']} ${string}`[],
): Route<D>[] {
  const loaded = onFirstUse(load);
  return declared.map((key) => {
    const [method, path] = key.split(' ') as [Route<D>['method'], string];
    return {
      method,
      path,
      async handle(req, deps) {
        const route = (await loaded()).find((r) => r.method === method && r.path === path);
        if (!route) throw new Error(`route ${key} is not in the module declared for it`);
        return route.handle(req, deps);
      },
    };
  });
}
