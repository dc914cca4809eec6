import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(body),
});

/** A 4xx with a reason, for API callers. */
export const problem = (status: number, error: string, details?: unknown, headers?: Record<string, string>) =>
  json(status, details === undefined ? { error } : { error, details }, headers);

export const html = (status: number, body: string, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers },
  body,
});

export function toApiGatewayResult(res: HttpResponse): APIGatewayProxyStructuredResultV2 {
  return { statusCode: res.status, headers: res.headers, body: res.body, isBase64Encoded: false };
}
