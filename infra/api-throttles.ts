/**
 * Per-route throttling of the HTTP API, shared by CDK (`constructs/api.ts`: one API Gateway route per key
 * below, each with its own `RouteSettings`) and the local stack's stand-in for API Gateway
 * (`local/http-server.ts`: one token bucket per route key). API Gateway keeps a token bucket per route,
 * so a storm on one route (signups) spends only that route's budget: the unsubscribe and one-click POST,
 * the unsubscribe page and the preferences routes keep theirs. Every other path goes to `$default`, which
 * has the stage's default limits.
 *
 * The per-client signup limit (`SIGNUP_LIMIT_PER_IP_PER_HOUR`, counted in the throttles table by
 * `use-cases/subscribe.ts`) comes on top of the route's budget: the gateway can only cap the route as a
 * whole, the app caps each client.
 */
export interface Throttle {
  /** Steady rate, requests per second. */
  rateLimit: number;
  /** Burst: the bucket's size. */
  burstLimit: number;
}

export type ThrottleBudget = 'default' | 'signup' | 'unsubscribe' | 'preferences';

/** The route keys API Gateway matches exactly (method and path; the query string is not part of it). */
export const THROTTLED_ROUTES: { method: 'GET' | 'POST'; path: string; budget: ThrottleBudget }[] = [
  { method: 'POST', path: '/subscriptions', budget: 'signup' },
  // Confirm and feedback are opened from emails too: their own routes, with the default limits.
  { method: 'GET', path: '/subscriptions/confirm', budget: 'default' },
  { method: 'POST', path: '/subscriptions/confirm', budget: 'default' },
  // RFC 8058's one-click POST and the unsubscribe page's button.
  { method: 'POST', path: '/unsubscribe', budget: 'unsubscribe' },
  { method: 'GET', path: '/unsubscribe', budget: 'unsubscribe' },
  { method: 'GET', path: '/preferences', budget: 'preferences' },
  { method: 'POST', path: '/preferences', budget: 'preferences' },
  { method: 'GET', path: '/preferences/export', budget: 'preferences' },
  { method: 'GET', path: '/feedback', budget: 'default' },
  { method: 'POST', path: '/feedback', budget: 'default' },
];

export const routeKeyOf = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

/** What API Gateway would name the route of a request: an exact route key, else `$default`. */
export function matchRouteKey(method: string, path: string): string {
  const hit = THROTTLED_ROUTES.find((r) => r.method === method && r.path === path);
  return hit ? routeKeyOf(hit) : '$default';
}

export type ThrottleBudgets = Record<ThrottleBudget, Throttle>;

/**
 * The defaults (CDK context `apiRateLimit`/`apiBurstLimit`, `signupRateLimit`/…, see README): signups are
 * few and each one mails; unsubscribes come in bursts after an edition (mailbox providers POST one-click
 * from a few addresses), so they get the largest budget.
 */
export const DEFAULT_THROTTLE_BUDGETS: ThrottleBudgets = {
  default: { rateLimit: 20, burstLimit: 40 },
  signup: { rateLimit: 5, burstLimit: 10 },
  unsubscribe: { rateLimit: 50, burstLimit: 100 },
  preferences: { rateLimit: 20, burstLimit: 40 },
};

/** Each route key (and `$default`) with its limits. */
export function routeThrottles(budgets: ThrottleBudgets): Record<string, Throttle> {
  return {
    $default: budgets.default,
    ...Object.fromEntries(THROTTLED_ROUTES.map((r) => [routeKeyOf(r), budgets[r.budget]])),
  };
}
