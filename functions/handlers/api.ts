import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { pageForBrowsers } from '../http/page-for-browsers';
import { fromApiGatewayEvent } from '../http/request';
import { problem, toApiGatewayResult } from '../http/response';
import { createRouter } from '../http/router';
import { routes } from '../http/routes';
import { crossSiteRejection, withSecurityHeaders } from '../http/security-headers';
import type { Ports } from '../ports';
import { onLambda } from '../roots/lambda';

/** The HTTP API (API Gateway HTTP API, payload 2.0): parse the event, route it, shape the answer. */
export function createApiHandler(deps: Ports) {
  const route = createRouter(routes);
  const base = deps.config.PUBLIC_BASE_URL;
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    try {
      const req = fromApiGatewayEvent(event);
      const res = crossSiteRejection(req, base) ?? pageForBrowsers(req, await route(req, deps));
      return toApiGatewayResult(withSecurityHeaders(res, base));
    } catch (err) {
      // Logged for the operator; the caller gets no stack trace.
      deps.log.error('unhandled error in API', { error: String(err) });
      return toApiGatewayResult(withSecurityHeaders(problem(500, 'internal error'), base));
    }
  };
}

export const handler = onLambda(createApiHandler);
