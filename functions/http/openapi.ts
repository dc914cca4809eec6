import type { ZodType } from 'zod';
import * as z from 'zod';
import {
  erasedSchema,
  healthSchema,
  personalDataSchema,
  preferencesSavedSchema,
  preferencesViewSchema,
  problemSchema,
  signupAcceptedSchema,
} from '../schemas/api-responses';
import { preferencesRequestSchemaFor, subscribeRequestSchemaFor } from '../schemas/subscription-request';

/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the same zod schemas the routes validate
 * requests with and shape answers through (zod 4's JSON Schema output, draft 2020-12 — OpenAPI 3.1's
 * own dialect). Served at GET /openapi.json.
 */

const jsonSchema = (schema: ZodType, io: 'input' | 'output') => {
  // Transforms and preprocessors have no JSON Schema form: their input side is described instead.
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (name: string, description: string) => ({
  description,
  content: { 'application/json': { schema: ref(name) } },
});
const problem = (description: string) => jsonBody('Problem', description);
const page = (description: string) => ({
  description,
  content: { 'text/html': { schema: { type: 'string' } } },
});
const tokenParam = (what: string) => ({
  name: 'token',
  in: 'query',
  required: true,
  description: `the signed token of the emailed link (${what})`,
  schema: { type: 'string' },
});
const jsonOrForm = (name: string) => ({
  required: true,
  content: {
    'application/json': { schema: ref(name) },
    // Forms repeat `topics` or send a comma list; the same schema validates both.
    'application/x-www-form-urlencoded': { schema: ref(name) },
  },
});
const FEEDBACK_BODY = {
  type: 'object',
  properties: { kind: { type: 'string', enum: ['more', 'less', 'undo'] } },
  required: ['kind'],
};
const BAD_INPUT = 'bad input: the reason, per field when several (a page for browsers)';
const BAD_TOKEN = 'a forged, altered, expired or revoked token (a page for browsers)';

export interface OpenApiConfig {
  PUBLIC_BASE_URL: string;
  TOPICS: readonly string[];
}

export function openApiDocument(config: OpenApiConfig) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'papers-inbox',
      version: '1',
      description:
        'Sign up to a daily or weekly email digest of trending AI papers, confirm by email, manage preferences and unsubscribe. ' +
        'Every POST also takes an HTML form; an `Accept` that prefers text/html gets a page instead of JSON. ' +
        'Bodies over 16 KiB get 413. Cross-site form posts are refused with 403.',
    },
    servers: [{ url: config.PUBLIC_BASE_URL }],
    paths: {
      '/subscriptions': {
        post: {
          summary: 'Sign up (double opt-in: a confirmation email is sent)',
          requestBody: jsonOrForm('SubscribeRequest'),
          responses: {
            '202': jsonBody('SignupAccepted', 'the same answer for every address, whatever its state'),
            '400': problem(BAD_INPUT),
            '413': problem('body over 16 KiB'),
            '415': problem('neither JSON nor a form'),
            '429': problem('too many signups from this client; see Retry-After'),
          },
        },
      },
      '/subscriptions/confirm': {
        get: {
          summary:
            'The link of the confirmation email: a page whose button confirms (opening it changes nothing)',
          parameters: [tokenParam('confirm')],
          responses: { '200': page('the confirm page (or "already confirmed")'), '400': page(BAD_TOKEN) },
        },
        post: {
          summary: "The confirm page's button: activates the subscription",
          parameters: [tokenParam('confirm')],
          responses: { '200': page('the confirmed page, with the manage links'), '400': page(BAD_TOKEN) },
        },
      },
      '/preferences': {
        get: {
          summary: "The reader's preferences (JSON with Accept: application/json, else a page)",
          parameters: [tokenParam('manage')],
          responses: {
            '200': jsonBody('PreferencesView', "the reader's preferences"),
            '400': problem(BAD_TOKEN),
          },
        },
        post: {
          summary: 'Change preferences (action "update") or erase everything (action "erase", confirm "yes")',
          parameters: [tokenParam('manage')],
          requestBody: jsonOrForm('PreferencesRequest'),
          responses: {
            '200': {
              description: 'saved, or erased',
              content: {
                'application/json': { schema: { oneOf: [ref('PreferencesSaved'), ref('Erased')] } },
              },
            },
            '400': problem(`${BAD_INPUT}, or ${BAD_TOKEN}`),
            '413': problem('body over 16 KiB'),
          },
        },
      },
      '/preferences/export': {
        get: {
          summary: 'Everything stored about the reader, as a JSON download',
          parameters: [tokenParam('manage')],
          responses: { '200': jsonBody('PersonalData', 'the stored data'), '400': problem(BAD_TOKEN) },
        },
      },
      '/unsubscribe': {
        get: {
          summary: 'The unsubscribe page (one button; a GET changes nothing)',
          parameters: [tokenParam('unsubscribe')],
          responses: { '200': page('the page with the button'), '400': page(BAD_TOKEN) },
        },
        post: {
          summary: 'Unsubscribe: the page\'s button, or RFC 8058 one-click ("List-Unsubscribe=One-Click")',
          parameters: [tokenParam('unsubscribe')],
          requestBody: {
            content: { 'application/x-www-form-urlencoded': { schema: { type: 'object' } } },
          },
          responses: {
            '200': {
              description: 'unsubscribed (idempotent): text for one-click, a page for the button',
              content: {
                'text/plain': { schema: { type: 'string' } },
                'text/html': { schema: { type: 'string' } },
              },
            },
            '400': { description: BAD_TOKEN, content: { 'text/plain': { schema: { type: 'string' } } } },
          },
        },
      },
      '/feedback': {
        get: {
          summary:
            '"More like this" / "Less like this" from a digest: the page that asks (a GET records nothing)',
          parameters: [
            tokenParam('feedback (one reader, one paper)'),
            { name: 'kind', in: 'query', required: true, schema: { type: 'string', enum: ['more', 'less'] } },
          ],
          responses: { '200': page('the page with the button'), '400': page(BAD_TOKEN) },
        },
        post: {
          summary: 'Records the press (kind more or less), or takes it back (kind undo)',
          parameters: [tokenParam('feedback (one reader, one paper)')],
          requestBody: {
            content: {
              'application/x-www-form-urlencoded': { schema: FEEDBACK_BODY },
              'application/json': { schema: FEEDBACK_BODY },
            },
          },
          responses: {
            '200': {
              description: 'recorded (a page for browsers, JSON otherwise)',
              content: {
                'text/html': { schema: { type: 'string' } },
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { recorded: { type: 'string' }, paperId: { type: 'string' } },
                    required: ['recorded', 'paperId'],
                  },
                },
              },
            },
            '400': problem(`${BAD_TOKEN}, or a kind other than more, less, undo`),
          },
        },
      },
      '/healthz': {
        get: {
          summary: 'Liveness: the subscribers table answers',
          responses: {
            '200': jsonBody('Health', 'ok'),
            '503': jsonBody('Health', 'the subscribers table cannot be reached'),
          },
        },
      },
      '/': { get: { summary: 'The signup page', responses: { '200': page('the page') } } },
      '/editions': {
        get: { summary: 'The archive of daily editions', responses: { '200': page('the archive') } },
      },
      '/editions/{date}': {
        get: {
          summary: 'One edition',
          parameters: [
            {
              name: 'date',
              in: 'path',
              required: true,
              schema: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
            },
          ],
          responses: {
            '200': page('the edition'),
            '400': page('not a calendar day'),
            '404': page('no such edition'),
          },
        },
      },
      '/editions.atom': {
        get: {
          summary: 'Atom feed of the editions',
          responses: {
            '200': {
              description: 'the feed',
              content: { 'application/atom+xml': { schema: { type: 'string' } } },
            },
          },
        },
      },
      '/assets/{file}': {
        get: {
          summary: 'The stylesheet and the icon',
          parameters: [{ name: 'file', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'the asset' }, '404': problem('no such asset') },
        },
      },
      '/robots.txt': {
        get: {
          summary: 'Crawlers: pages yes, token links no',
          responses: {
            '200': { description: 'robots.txt', content: { 'text/plain': { schema: { type: 'string' } } } },
          },
        },
      },
      '/openapi.json': {
        get: {
          summary: 'This document',
          responses: {
            '200': {
              description: 'OpenAPI 3.1',
              content: { 'application/json': { schema: { type: 'object' } } },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        SubscribeRequest: jsonSchema(subscribeRequestSchemaFor(config.TOPICS), 'input'),
        PreferencesRequest: jsonSchema(preferencesRequestSchemaFor(config.TOPICS), 'input'),
        SignupAccepted: jsonSchema(signupAcceptedSchema, 'output'),
        PreferencesView: jsonSchema(preferencesViewSchema, 'output'),
        PreferencesSaved: jsonSchema(preferencesSavedSchema, 'output'),
        Erased: jsonSchema(erasedSchema, 'output'),
        PersonalData: jsonSchema(personalDataSchema, 'output'),
        Health: jsonSchema(healthSchema, 'output'),
        Problem: jsonSchema(problemSchema, 'output'),
      },
    },
  };
}
