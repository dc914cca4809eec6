import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { routes } from '../../functions/http/routes';
import { startTestApp } from '../support/app';
import { uniqueEmail } from '../support/inbox';
import { subscribeAndConfirm } from '../support/reader';

/**
 * The OpenAPI document at /openapi.json against the real answers of a journey: every JSON body the
 * API gives is valid under the schema the document names for that path, method, status and type.
 */

type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>
  >;
  components: { schemas: Record<string, object> };
};

let app: Awaited<ReturnType<typeof startTestApp>>;
let doc: Doc;
// The document's formats (date-time, email, uri) are checked too, not ignored with a warning.
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));

beforeAll(async () => {
  app = await startTestApp({ SIGNUP_LIMIT_PER_IP_PER_HOUR: '1000' });
  const res = await fetch(`${app.url}/openapi.json`);
  expect(res.status).toBe(200);
  doc = (await res.json()) as Doc;
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    ajv.addSchema(schema, `#/components/schemas/${name}`);
  }
});
afterAll(() => app.stop());

/** Validates a response against the document; returns its parsed JSON body. */
async function conforms(res: Response, path: string, method: string): Promise<unknown> {
  const operation = doc.paths[path]?.[method];
  expect(operation).toBeDefined();
  const documented = operation?.responses[String(res.status)];
  if (!documented)
    throw new Error(`${method.toUpperCase()} ${path} answered ${res.status}, which is not documented`);
  const type = (res.headers.get('content-type') ?? '').split(';')[0] as string;
  const media = documented.content?.[type];
  if (!media)
    throw new Error(`${method.toUpperCase()} ${path} ${res.status} answered ${type}, not documented`);
  if (type !== 'application/json') return res.text();
  const body = await res.json();
  const validate = ajv.compile(media.schema);
  if (!validate(body)) {
    throw new Error(
      `${method.toUpperCase()} ${path} ${res.status}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(body)}`,
    );
  }
  return body;
}

const requestValid = (name: string, body: unknown) => {
  const validate = ajv.getSchema(`#/components/schemas/${name}`);
  return validate?.(body) ?? false;
};

test('the document is OpenAPI 3.1 and lists every route the API serves', () => {
  expect(doc.openapi).toBe('3.1.0');
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    expect({
      path,
      method: route.method,
      documented: Boolean(doc.paths[path]?.[route.method.toLowerCase()]),
    }).toEqual({
      path,
      method: route.method,
      documented: true,
    });
  }
});

test('a journey through the API answers as the document says', async () => {
  const email = uniqueEmail('openapi');
  const signup = { email, topics: ['llm', 'agents'], frequency: 'daily' };
  expect(requestValid('SubscribeRequest', signup)).toBe(true);
  expect(requestValid('SubscribeRequest', { topics: ['llm'] })).toBe(false);

  const post = (url: string, body: unknown) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });

  await conforms(
    await post(`${app.url}/subscriptions`, { email: 'not an address' }),
    '/subscriptions',
    'post',
  );
  const accepted = await conforms(await post(`${app.url}/subscriptions`, signup), '/subscriptions', 'post');
  expect(accepted).toMatchObject({ status: 'accepted' });

  const links = await subscribeAndConfirm(app.url, uniqueEmail('openapi'), { topics: ['llm'] });
  const json = { accept: 'application/json' };
  const view = await conforms(await fetch(links.preferences, { headers: json }), '/preferences', 'get');
  expect(view).toMatchObject({ status: 'active', topics: ['llm'] });

  const update = { action: 'update', topics: ['reasoning'], frequency: 'weekly' };
  expect(requestValid('PreferencesRequest', update)).toBe(true);
  const saved = await conforms(await post(links.preferences, update), '/preferences', 'post');
  expect(saved).toMatchObject({ saved: true, frequency: 'weekly' });
  await conforms(
    await post(links.preferences, { action: 'update', frequency: 'hourly' }),
    '/preferences',
    'post',
  );

  const exportUrl = links.preferences.replace('/preferences?', '/preferences/export?');
  await conforms(await fetch(exportUrl), '/preferences/export', 'get');
  await conforms(
    await fetch(`${app.url}/preferences?token=forged`, { headers: json }),
    '/preferences',
    'get',
  );

  const oneClick = await fetch(links.unsubscribe, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
  await conforms(oneClick, '/unsubscribe', 'post');

  await conforms(await post(links.preferences, { action: 'erase' }), '/preferences', 'post');
  const erased = await conforms(
    await post(links.preferences, { action: 'erase', confirm: 'yes' }),
    '/preferences',
    'post',
  );
  expect(erased).toEqual({ status: 'erased' });

  await conforms(await fetch(`${app.url}/healthz`), '/healthz', 'get');
});

test('robots.txt lets crawlers read pages, not token links', async () => {
  const res = await fetch(`${app.url}/robots.txt`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  const body = await res.text();
  expect(body).toMatch(/^User-agent: \*$/m);
  for (const path of ['/subscriptions/confirm', '/preferences', '/unsubscribe']) {
    expect(body).toContain(`Disallow: ${path}\n`);
  }
});
