import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** What a route sees of an HTTP request: plain data, the same from API Gateway and from the local stack. */
export interface HttpRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Values of `:name` segments of the matched route path. */
  params: Record<string, string>;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: string;
  sourceIp: string;
  userAgent: string;
}

export function fromApiGatewayEvent(event: APIGatewayProxyEventV2): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) if (v !== undefined) headers[k.toLowerCase()] = v;
  const query = Object.fromEntries(new URLSearchParams(event.rawQueryString ?? ''));
  const raw = event.body ?? '';
  return {
    method: event.requestContext.http.method.toUpperCase(),
    path: event.rawPath || event.requestContext.http.path,
    query,
    params: {},
    headers,
    body: event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw,
    sourceIp: event.requestContext.http.sourceIp,
    userAgent: event.requestContext.http.userAgent ?? headers['user-agent'] ?? '',
  };
}
