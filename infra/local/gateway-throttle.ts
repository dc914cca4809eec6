import { TokenBucket } from 'limiter';
import { matchRouteKey, routeThrottles, type ThrottleBudgets } from '../api-throttles';

/**
 * API Gateway's route throttling, locally: one token bucket per route key (`infra/api-throttles.ts`),
 * full at the start, `burstLimit` deep, refilled at `rateLimit` per second. A request its route's bucket
 * cannot pay for gets what API Gateway answers, 429 `{"message":"Too Many Requests"}`, and never reaches
 * the Lambda handler.
 */
export function createGatewayThrottle(budgets: ThrottleBudgets) {
  const buckets = new Map<string, TokenBucket>();
  for (const [key, t] of Object.entries(routeThrottles(budgets))) {
    const bucket = new TokenBucket({
      bucketSize: t.burstLimit,
      tokensPerInterval: t.rateLimit,
      interval: 'second',
    });
    bucket.content = t.burstLimit;
    buckets.set(key, bucket);
  }
  return {
    /** The route key API Gateway would match, and whether its bucket let the request through. */
    admit(method: string, path: string): { routeKey: string; admitted: boolean } {
      const routeKey = matchRouteKey(method, path);
      const bucket = buckets.get(routeKey) ?? (buckets.get('$default') as TokenBucket);
      return { routeKey, admitted: bucket.tryRemoveTokens(1) };
    },
  };
}

export type GatewayThrottle = ReturnType<typeof createGatewayThrottle>;

export const TOO_MANY_REQUESTS = JSON.stringify({ message: 'Too Many Requests' });
