import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type GatewayThrottle, TOO_MANY_REQUESTS } from './gateway-throttle';

/** Like API Gateway's payload limit, scaled down: nothing we serve takes a body this large. */
const MAX_BODY_BYTES = 1024 * 1024;

type ApiHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/** Builds the API Gateway HTTP API (payload 2.0) event that AWS would hand the same Lambda handler. */
export function toApiGatewayEvent(
  req: http.IncomingMessage,
  body: Buffer,
  routeKey = '$default',
): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://local');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
  }
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    cookies: req.headers.cookie?.split(/;\s*/),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: req.headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
        userAgent: req.headers['user-agent'] ?? '',
      },
      requestId: `${now.getTime()}-${Math.random().toString(36).slice(2)}`,
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body.length ? body.toString('base64') : undefined,
    isBase64Encoded: body.length > 0,
  };
}

/**
 * Serves a Lambda HTTP handler over plain HTTP: the local stack's stand-in for API Gateway, with its
 * per-route throttling when `throttle` is given (`npm start` does; tests that fire many requests leave it
 * off unless they test it).
 */
export async function startHttpServer(
  handler: ApiHandler,
  port: number,
  host = '127.0.0.1',
  throttle?: GatewayThrottle,
) {
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    const gate = throttle?.admit(req.method ?? 'GET', path) ?? {
      routeKey: '$default',
      admitted: true,
    };
    if (!gate.admitted) {
      // As API Gateway: answered before the body is read or the handler runs.
      res.writeHead(429, { 'content-type': 'application/json' });
      res.end(TOO_MANY_REQUESTS);
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(c);
    });
    req.on('end', async () => {
      if (tooLarge) {
        res.writeHead(413, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'request body too large' }));
        return;
      }
      const out = await handler(toApiGatewayEvent(req, Buffer.concat(chunks), gate.routeKey));
      const headers = { ...(out.headers ?? {}) } as Record<string, string | number | boolean | string[]>;
      if (out.cookies?.length) headers['set-cookie'] = out.cookies;
      res.writeHead(out.statusCode ?? 200, headers as http.OutgoingHttpHeaders);
      res.end(out.isBase64Encoded ? Buffer.from(out.body ?? '', 'base64') : (out.body ?? ''));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    port: actual,
    url: `http://${host}:${actual}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
