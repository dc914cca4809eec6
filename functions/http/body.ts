import type { HttpRequest } from './request';

/** Nothing a reader posts (an address, a few topics) comes near this; larger bodies are refused early. */
export const MAX_FORM_BODY_BYTES = 16 * 1024;

export type ParsedBody =
  | { ok: true; kind: 'json' | 'form'; fields: Record<string, unknown> }
  | { ok: false; status: 400 | 413 | 415; error: string };

const mediaType = (req: HttpRequest) =>
  (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();

export const isFormPost = (req: HttpRequest) => mediaType(req) === 'application/x-www-form-urlencoded';

/**
 * Reads a JSON object or an HTML form body. Form fields that repeat (`topics=a&topics=b`) become
 * arrays; every other value stays a string, for the zod schema to judge.
 */
export function parseBody(req: HttpRequest, maxBytes = MAX_FORM_BODY_BYTES): ParsedBody {
  if (Buffer.byteLength(req.body, 'utf8') > maxBytes)
    return { ok: false, status: 413, error: `request body is larger than ${maxBytes} bytes` };
  const type = mediaType(req);
  if (type === 'application/json') {
    if (!req.body.trim())
      return { ok: false, status: 400, error: 'request body is empty; send a JSON object' };
    let value: unknown;
    try {
      value = JSON.parse(req.body);
    } catch {
      return { ok: false, status: 400, error: 'request body is not valid JSON' };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return { ok: false, status: 400, error: 'request body must be a JSON object' };
    return { ok: true, kind: 'json', fields: value as Record<string, unknown> };
  }
  if (type === 'application/x-www-form-urlencoded') {
    const fields: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(req.body)) {
      const prior = fields[k];
      if (prior === undefined) fields[k] = v;
      else fields[k] = Array.isArray(prior) ? [...prior, v] : [prior, v];
    }
    return { ok: true, kind: 'form', fields };
  }
  return {
    ok: false,
    status: 415,
    error: 'Content-Type must be application/json or application/x-www-form-urlencoded',
  };
}
