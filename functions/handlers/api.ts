import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { getDeps } from '../deps';
import { pageForBrowsers } from '../http/page-for-browsers';
import { fromApiGatewayEvent } from '../http/request';
import { problem, toApiGatewayResult } from '../http/response';
import { createRouter } from '../http/router';
import { routes } from '../http/routes';
import { crossSiteRejection, withSecurityHeaders } from '../http/security-headers';

const route = createRouter(routes);

/** The HTTP API (API Gateway HTTP API, payload 2.0): parse the event, route it, shape the answer. */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  let base = '';
  try {
    const deps = getDeps();
    base = deps.config.PUBLIC_BASE_URL;
    const req = fromApiGatewayEvent(event);
    const res = crossSiteRejection(req, base) ?? pageForBrowsers(req, await route(req, deps));
    return toApiGatewayResult(withSecurityHeaders(res, base));
  } catch (err) {
    // Logged for the operator; the caller gets no stack trace.
    console.error(JSON.stringify({ level: 'error', msg: 'unhandled error in API', error: String(err) }));
    return toApiGatewayResult(withSecurityHeaders(problem(500, 'internal error'), base));
  }
}
