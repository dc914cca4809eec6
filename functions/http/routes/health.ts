import type { Ports } from '../../ports';
import { json } from '../response';
import type { Route } from '../router';

/** 200 when the subscribers table answers; 503 otherwise (a load balancer or operator can act on it). */
export const healthRoute: Route<Ports> = {
  method: 'GET',
  path: '/healthz',
  async handle(_req, deps) {
    try {
      await deps.subscribers.ping();
      return json(200, { status: 'ok' });
    } catch {
      return json(503, { status: 'unavailable', reason: 'the subscribers table cannot be reached' });
    }
  },
};
