import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { getDeps } from '../deps';
import { fromApiGatewayEvent } from '../http/request';
import { problem, toApiGatewayResult } from '../http/response';
import { createRouter } from '../http/router';
import { routes } from '../http/routes';

const route = createRouter(routes);

/** The HTTP API (API Gateway HTTP API, payload 2.0): parse the event, route it, shape the answer. */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    return toApiGatewayResult(await route(fromApiGatewayEvent(event), getDeps()));
  } catch (err) {
    // Logged for the operator; the caller gets no stack trace.
    console.error(JSON.stringify({ level: 'error', msg: 'unhandled error in API', error: String(err) }));
    return toApiGatewayResult(problem(500, 'internal error'));
  }
}
