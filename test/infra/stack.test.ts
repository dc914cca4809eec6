import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { decode } from '@jridgewell/sourcemap-codec';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type Config, configSchema } from '../../functions/config';
import { DEFAULT_THROTTLE_BUDGETS, routeKeyOf, THROTTLED_ROUTES } from '../../infra/api-throttles';
import { FUNCTIONS } from '../../infra/functions';
import { ensureTables } from '../../infra/local/tables';
import { TABLES } from '../../infra/tables';
import { createTestRoot } from '../support/app';
import { waitForEmail } from '../support/inbox';
import { makePaper, seedDailyEdition } from '../support/seed';
import { logicalId, synthApp } from './synth';

/** One synth for the whole file: it bundles every handler with the real esbuild (tens of seconds). */
let synth: ReturnType<typeof synthApp>;
let template: Template;
beforeAll(() => {
  synth = synthApp();
  if (synth.error) throw synth.error;
  template = Template.fromStack(synth.stack);
}, 400_000);

const ROOT = path.join(__dirname, '..', '..');
const BUDGETS: { bundle: Record<string, number>; atStart: Record<string, number> } = JSON.parse(
  readFileSync(path.join(ROOT, 'infra/bundle-budgets.json'), 'utf8'),
);
const handler = (name: string) => {
  const h = synth.stack.handlers[name];
  if (!h) throw new Error(`no handler ${name}`);
  return h;
};
const api = () => {
  if (!synth.stack.api) throw new Error('no HTTP API');
  return synth.stack.api;
};
const assembly = () => {
  if (!synth.assembly) throw new Error('synth failed');
  return synth.assembly;
};
const resourcesOf = (type: string) => template.findResources(type);
/** A bundle's .mjs files, relative to its folder: the entry and its chunks. */
const bundleFiles = (dir: string) =>
  (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.mjs')).sort();
/** The files an entry loads before any `import()`: itself and its static imports, transitively. */
function staticClosure(dir: string, entry: string, seen = new Set<string>()): string[] {
  if (seen.has(entry)) return [...seen];
  seen.add(entry);
  const js = readFileSync(path.join(dir, entry), 'utf8');
  for (const m of js.matchAll(/(?:^|[;}\s])import\s*(?:[\w$*{}\s,]+from\s*)?["'](\.\.?\/[^"']+)["']/g))
    staticClosure(dir, path.join(path.dirname(entry), m[1] as string), seen);
  return [...seen];
}
/** The compiled digest's paper cell class: in a bundle's code exactly where the templates are. */
const COMPILED_DIGEST_MARK = 'pi-paper';
const fnResource = (name: string) => template.toJSON().Resources[logicalId(handler(name).function)];

test('every handler file is deployed exactly once, and every listed entry exists', () => {
  const handlerFiles = readdirSync(path.join(ROOT, 'functions', 'handlers'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `functions/handlers/${f}`)
    .sort();
  expect(FUNCTIONS.map((f) => f.entry).sort()).toEqual(handlerFiles);
  expect(new Set(FUNCTIONS.map((f) => f.name)).size).toBe(FUNCTIONS.length);
  template.resourceCountIs('AWS::Lambda::Function', FUNCTIONS.length);
});

/** Whether a bundle file's source map maps any of its code to one of our files. */
function mapsOurCode(file: string): boolean {
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
  return decode(map.mappings)
    .flat()
    .some(
      (segment) =>
        segment.length > 1 && !(map.sources[segment[1] as number] as string).includes('node_modules/'),
    );
}

describe('functions', () => {
  test.each(FUNCTIONS.map((f) => f.name))(
    '%s: Node.js 22 on ARM64, source maps on, own log group kept 30 days',
    (name) => {
      const fn = fnResource(name).Properties;
      expect(fn.Runtime).toBe('nodejs22.x');
      expect(fn.Architectures).toEqual(['arm64']);
      expect(fn.Handler).toBe('functions/handlers/index.handler');
      expect(fn.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
      expect(fn.LoggingConfig.LogGroup).toEqual({ Ref: logicalId(handler(name).logGroup) });
      template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    },
  );

  test('environment variables are exactly names functions/config.ts reads', () => {
    const known = new Set([...Object.keys(configSchema.shape), 'NODE_OPTIONS']);
    for (const f of FUNCTIONS) {
      const vars = Object.keys(fnResource(f.name).Properties.Environment.Variables);
      expect(vars.filter((v) => !known.has(v))).toEqual([]);
      expect(vars).toEqual(
        expect.arrayContaining([
          'SUBSCRIBERS_TABLE',
          'PAPERS_TABLE',
          'EDITIONS_TABLE',
          'DELIVERIES_TABLE',
          'THROTTLES_TABLE',
          'SEND_QUEUE_URL',
          'TOKEN_SECRET_ARN',
          'PUBLIC_BASE_URL',
          'SENDER_ADDRESS',
          'SES_CONFIGURATION_SET',
          'POSTAL_ADDRESS',
          'INGEST_SCHEDULE',
          'DIGEST_SCHEDULE',
          'SENDER_CONCURRENCY',
        ]),
      );
    }
    const env = fnResource('api').Properties.Environment.Variables;
    expect(env.SUBSCRIBERS_TABLE).toEqual({ Ref: logicalId(synth.stack.tables.byId.subscribers) });
    expect(env.SENDER_ADDRESS).toBe('Papers Inbox <digest@papers.example.com>');
    expect(env.INGEST_SCHEDULE).toBe('0 6 * * *');
    // No publicUrl or custom domain in context: links point at the HTTP API itself.
    expect(JSON.stringify(env.PUBLIC_BASE_URL)).toContain(logicalId(api().httpApi));
  });

  test('bundles keep the repo layout as ES modules in chunks, minified with source maps; no bundle contains mjml; compiled templates only where rendering happens', () => {
    const assets = assembly().directory;
    for (const f of FUNCTIONS) {
      const zip = fnResource(f.name).Properties.Code.S3Key as string;
      const dir = path.join(assets, `asset.${zip.replace(/\.zip$/, '')}`);
      const handlers = path.join(dir, 'functions/handlers');
      // The templates are compiled into the bundle at bundle time: no templates/ folder ships.
      expect(readdirSync(dir).sort()).toEqual(['functions']);
      const files = bundleFiles(handlers);
      expect(files).toContain('index.mjs');
      const js = files.map((file) => readFileSync(path.join(handlers, file), 'utf8')).join('\n');
      const sources = files.flatMap(
        (file) => JSON.parse(readFileSync(path.join(handlers, `${file}.map`), 'utf8')).sources as string[],
      );
      const atStart = staticClosure(handlers, 'index.mjs')
        .map((file) => readFileSync(path.join(handlers, file), 'utf8'))
        .join('\n');
      // Checked as figures, so a failure does not print a 4 MB bundle.
      const facts = {
        // Minified: no per-module path comments, which esbuild writes before each module when not minifying.
        minified: !/^\/\/ (node_modules|functions)\//m.test(js),
        // Every file has a map; a file names its map exactly when the map maps some of our code (a chunk
        // of packages only is left without, so Node reads no map for it: infra/bundling.ts mapOnlyOurCode).
        sourceMaps: files.every(
          (file) =>
            readFileSync(path.join(handlers, file), 'utf8')
              .trimEnd()
              .endsWith(`//# sourceMappingURL=${path.basename(file)}.map`) ===
            mapsOurCode(path.join(handlers, file)),
        ),
        entryMapped: mapsOurCode(path.join(handlers, 'index.mjs')),
        // Builtins are taken as CommonJS (infra/node-builtins/): an ES import builds a builtin's ES facade,
        // which reads its lazy getters (node:http's load undici, node:process's create stdin).
        builtinsImportedAsEsModules: [
          ...new Set(
            [...js.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["']([^"'./][^"']*)["']/g)]
              .map((m) => m[1] as string)
              .filter((name) => isBuiltin(name)),
          ),
        ],
        // The compiled templates and the digest's code load with the email renderer, on first use
        // (functions/roots/lazy-adapters.ts), in every bundle.
        templatesAtStart: atStart.includes(COMPILED_DIGEST_MARK),
        // The AWS SDK is bundled, not the runtime's; only the SDK's optional CRT signer stays a lazy require.
        sdkRequires: [...new Set(js.match(/require\("@aws-sdk\/[^"]+"\)/g) ?? [])],
        dynamoClientBundled: js.includes('DynamoDB_20120810'),
        // The maps map only into our code (infra/bundling.ts mapOnlyOurCode), and do map it.
        mappedSources: [
          ...new Set(
            files.flatMap((file) => {
              const map = JSON.parse(readFileSync(path.join(handlers, `${file}.map`), 'utf8'));
              return decode(map.mappings)
                .flat()
                .filter((segment) => segment.length > 1)
                .map((segment) => (map.sources[segment[1] as number] as string).includes('node_modules/'));
            }),
          ),
        ],
        // SES is loaded on first send (functions/roots/lazy-adapters.ts): never at start, except by the sender.
        sesAtStart: atStart.includes('SimpleEmailService_v2'),
        // No mjml anywhere: none of its packages among the bundle's sources, no require of it, and none of
        // its code (its tag names are in its code; the compiled templates hold none).
        mjmlSources: sources.filter((s) => /node_modules\/mjml/.test(s)),
        mjmlRequired: /require\("mjml[^"]*"\)/.test(js),
        mjmlCode: js.includes('mj-attributes'),
        templateCompilerBundled: sources.some((s) => s.includes('template-compiler')),
        // zod imported as a namespace is tree-shaken: of its ~40 locales only English (its default) remains.
        zodLocales: sources.filter((s) => /zod\/v4\/locales\/(?!en\.js)/.test(s)),
        // The compiled digest (its paper cell's class) is in the bundles that render.
        compiledTemplates: js.includes(COMPILED_DIGEST_MARK),
      };
      expect(facts).toEqual({
        minified: true,
        sourceMaps: true,
        entryMapped: true,
        builtinsImportedAsEsModules: [],
        templatesAtStart: false,
        sdkRequires: expect.any(Array),
        dynamoClientBundled: true,
        mappedSources: [false],
        sesAtStart: f.name === 'sender',
        mjmlSources: [],
        mjmlRequired: false,
        mjmlCode: false,
        templateCompilerBundled: false,
        zodLocales: [],
        compiledTemplates: Boolean(f.usesTemplates),
      });
      // Every bundle loads on its own, outside the repo's node_modules.
      const loaded = spawnSync(
        process.execPath,
        ['--input-type=module', '-e', `await import(${JSON.stringify(path.join(handlers, 'index.mjs'))})`],
        { encoding: 'utf8' },
      );
      expect(loaded.stderr).toBe('');
      expect(facts.sdkRequires.filter((r) => r !== 'require("@aws-sdk/signature-v4-crt")')).toEqual([]);
      expect(Buffer.byteLength(js)).toBeLessThanOrEqual(BUDGETS.bundle[f.name] ?? 0);
      // What a cold start parses before its first request (npm run size: "at start").
      expect(Buffer.byteLength(atStart)).toBeLessThanOrEqual(BUDGETS.atStart[f.name] ?? 0);
    }
  });
});

/** The api bundle as synthesized, loaded by a child node from a folder outside the repo, answering one event. */
function runApiBundle(
  event: unknown,
  tables: Config['tables'],
  opts: { preload?: string; after?: string } = {},
): { stdout: string; stderr: string } {
  const zip = fnResource('api').Properties.Code.S3Key as string;
  const bundle = path.join(
    assembly().directory,
    `asset.${zip.replace(/\.zip$/, '')}`,
    'functions/handlers/index.mjs',
  );
  const script = `${opts.preload ?? ''}; const { handler } = await import(${JSON.stringify(bundle)}); const result = await handler(${JSON.stringify(event)}); ${opts.after ?? ''}; console.log(JSON.stringify(result))`;
  const cwd = mkdtempSync(path.join(tmpdir(), 'bundle-run-'));
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      PATH: process.env.PATH,
      NODE_OPTIONS: '--enable-source-maps',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT,
      SES_ENDPOINT: process.env.SES_ENDPOINT,
      DATA_DIR: cwd,
      ...Object.fromEntries(TABLES.map((t) => [`${t.id.toUpperCase()}_TABLE`, tables[t.id]])),
    },
  });
}

/** Tables of a test's own on the emulator, and the root that writes them. */
async function bundleTables(): Promise<{ tables: Config['tables']; prefix: string }> {
  const prefix = `cdk${randomBytes(4).toString('hex')}-`;
  const tables = Object.fromEntries(TABLES.map((t) => [t.id, `${prefix}${t.id}`])) as Config['tables'];
  const dynamo = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: process.env.DYNAMODB_ENDPOINT,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTables(dynamo, tables);
  dynamo.destroy();
  return { tables, prefix };
}

test('the api bundle runs on its own: a signup renders the bundled confirm template and sends it via SES', async () => {
  const { tables } = await bundleTables();
  const email = `cdk-bundle-${randomBytes(4).toString('hex')}@example.com`;
  const event = {
    rawPath: '/subscriptions',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ email, topics: ['llm'] }),
    isBase64Encoded: false,
    requestContext: {
      http: { method: 'POST', path: '/subscriptions', sourceIp: '203.0.113.7', userAgent: 'jest' },
    },
  };
  const run = runApiBundle(event, tables);
  expect(run.stderr).not.toMatch(/Error/);
  expect(JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}')).toMatchObject({ statusCode: 202 });
  const mail = await waitForEmail(email, 1, 10_000);
  expect(mail.body.html).toContain('<!doctype html>');
  expect(mail.body.text).toContain(email);
}, 90_000);

test("the api bundle's cold GET / shows the latest edition's sample and never starts ICU", async () => {
  // The first Intl call of a process (toLocaleString, DateTimeFormat, localeCompare…) starts ICU: ~20–25 ms
  // of CPU on Node 22, which a cold GET / would pay for one date and five counts (core/english-format.ts).
  const { prefix } = await bundleTables();
  const root = createTestRoot({ TABLE_PREFIX: prefix });
  const papers = [
    makePaper('2026-06-12', { title: 'Cold papers', upvotes: 1234, comments: 5, githubStars: 12345 }),
    makePaper('2026-06-12', { title: 'Warm papers', upvotes: 12 }),
  ];
  await seedDailyEdition(root, papers, '2026-06-12');
  await root.editions.putEdition({
    editionId: 'weekly#2026-06-12',
    kind: 'weekly',
    date: '2026-06-12',
    paperIds: [],
    createdAt: new Date().toISOString(),
  });
  const preload = `
    const icu = [];
    const watch = (obj, key, name) => {
      obj[key] = new Proxy(obj[key], {
        apply: (f, self, args) => (icu.push(name), Reflect.apply(f, self, args)),
        construct: (f, args, target) => (icu.push(name), Reflect.construct(f, args, target)),
      });
    };
    for (const k of ['DateTimeFormat', 'NumberFormat', 'Collator', 'PluralRules', 'RelativeTimeFormat', 'ListFormat', 'Segmenter', 'DisplayNames'])
      watch(Intl, k, 'Intl.' + k);
    for (const [obj, keys] of [
      [Number.prototype, ['toLocaleString']],
      [BigInt.prototype, ['toLocaleString']],
      [Array.prototype, ['toLocaleString']],
      [Date.prototype, ['toLocaleString', 'toLocaleDateString', 'toLocaleTimeString']],
      [String.prototype, ['localeCompare']],
    ]) for (const k of keys) watch(obj, k, k);`;
  // (toLocaleLowerCase is not watched: the SDK lower-cases its defaults mode with it, which on ASCII
  // takes V8's fast path and starts nothing: 0.05 ms on Node 22.)
  const event = {
    rawPath: '/',
    rawQueryString: '',
    headers: { accept: 'text/html' },
    isBase64Encoded: false,
    requestContext: { http: { method: 'GET', path: '/', sourceIp: '203.0.113.7', userAgent: 'jest' } },
  };
  const run = runApiBundle(event, root.config.tables, {
    preload,
    after: "console.log('ICU ' + JSON.stringify(icu))",
  });
  expect(run.stderr).toBe('');
  const lines = run.stdout.trim().split('\n');
  const page = JSON.parse(lines.pop() ?? '{}');
  expect(page.statusCode).toBe(200);
  // The sample, with its day as Intl would write it.
  expect(page.body).toContain('Cold papers');
  expect(page.body).toContain('Friday 12 June');
  expect(page.body).toContain('1234 upvotes');
  expect(lines.find((l) => l.startsWith('ICU '))).toBe('ICU []');
}, 90_000);

describe('tables', () => {
  test('one table per spec: on demand, PITR, encrypted, TTL where the spec has it', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', TABLES.length);
    for (const spec of TABLES) {
      const resource = resourcesOf('AWS::DynamoDB::GlobalTable')[logicalId(synth.stack.tables.byId[spec.id])];
      expect(resource).toBeDefined();
      const p = resource?.Properties;
      expect(p.BillingMode).toBe('PAY_PER_REQUEST');
      expect(p.KeySchema[0]).toEqual({ AttributeName: spec.partitionKey.name, KeyType: 'HASH' });
      if (spec.sortKey)
        expect(p.KeySchema[1]).toEqual({ AttributeName: spec.sortKey.name, KeyType: 'RANGE' });
      expect(p.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
      expect(p.Replicas[0].PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(p.TimeToLiveSpecification).toEqual(
        spec.timeToLiveAttribute ? { AttributeName: spec.timeToLiveAttribute, Enabled: true } : undefined,
      );
      expect(p.Replicas[0].DeletionProtectionEnabled).toBe(spec.holdsData);
      expect(resource?.DeletionPolicy).toBe(spec.holdsData ? 'Retain' : 'Delete');
      expect((p.GlobalSecondaryIndexes ?? []).map((g: { IndexName: string }) => g.IndexName)).toEqual(
        (spec.globalSecondaryIndexes ?? []).map((g) => g.indexName),
      );
    }
  });
});

describe('HTTP API', () => {
  test('a $default route to the API function, a throttled $default stage with JSON access logs', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [logicalId(handler('api').function), 'Arn'] },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [logicalId(api().accessLogs), 'Arn'] },
        Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
      },
    });
    template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
  });

  test('per-route throttling: signups, unsubscribe (one-click), preferences each have their own route and limits', () => {
    const routeKeys = Object.values(resourcesOf('AWS::ApiGatewayV2::Route')).map(
      (r) => (r as { Properties: { RouteKey: string } }).Properties.RouteKey,
    );
    expect(routeKeys.sort()).toEqual(['$default', ...THROTTLED_ROUTES.map(routeKeyOf)].sort());
    // Every route goes to the one API integration.
    const targets = new Set(
      Object.values(resourcesOf('AWS::ApiGatewayV2::Route')).map((r) =>
        JSON.stringify((r as { Properties: { Target: unknown } }).Properties.Target),
      ),
    );
    expect(targets.size).toBe(1);
    const limits = (t: { rateLimit: number; burstLimit: number }) => ({
      ThrottlingRateLimit: t.rateLimit,
      ThrottlingBurstLimit: t.burstLimit,
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      RouteSettings: {
        'POST /subscriptions': limits(DEFAULT_THROTTLE_BUDGETS.signup),
        'POST /unsubscribe': limits(DEFAULT_THROTTLE_BUDGETS.unsubscribe),
        'GET /unsubscribe': limits(DEFAULT_THROTTLE_BUDGETS.unsubscribe),
        'GET /preferences': limits(DEFAULT_THROTTLE_BUDGETS.preferences),
        'POST /preferences': limits(DEFAULT_THROTTLE_BUDGETS.preferences),
        'GET /preferences/export': limits(DEFAULT_THROTTLE_BUDGETS.preferences),
      },
    });
    // The unsubscribe budget is not the signups' (a signup storm cannot spend it).
    expect(DEFAULT_THROTTLE_BUDGETS.unsubscribe.rateLimit).toBeGreaterThan(
      DEFAULT_THROTTLE_BUDGETS.signup.rateLimit,
    );
    // CloudFormation creates the routes before the stage that names them.
    const stage = Object.values(resourcesOf('AWS::ApiGatewayV2::Stage'))[0] as { DependsOn?: string[] };
    expect(stage.DependsOn?.length).toBeGreaterThanOrEqual(THROTTLED_ROUTES.length);
  });
});

describe('schedules', () => {
  test('each run is retried twice by EventBridge and by Lambda, then kept in the schedules DLQ', () => {
    const dlqArn = { 'Fn::GetAtt': [logicalId(synth.stack.schedules.deadLetterQueue), 'Arn'] };
    for (const name of ['ingest', 'planner']) {
      const fnArn = { 'Fn::GetAtt': [logicalId(handler(name).function), 'Arn'] };
      template.hasResourceProperties('AWS::Events::Rule', {
        Targets: [
          Match.objectLike({
            Arn: fnArn,
            RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
            DeadLetterConfig: { Arn: dlqArn },
          }),
        ],
      });
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: logicalId(handler(name).function) },
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 3600,
        DestinationConfig: { OnFailure: { Destination: dlqArn } },
      });
    }
    // EventBridge may write to it, only from these rules.
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalId(synth.stack.schedules.deadLetterQueue) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'sqs:SendMessage', Principal: { Service: 'events.amazonaws.com' } }),
        ]),
      },
    });
  });

  test.each([
    ['ingest', 'cron(0 6 * * ? *)'],
    ['planner', 'cron(0/15 * * * ? *)'],
  ])('%s runs on %s (the config cron in EventBridge form)', (name, expression) => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: expression,
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(handler(name).function), 'Arn'] } })],
    });
  });
});

describe('send queue', () => {
  test('a dead-letter queue after 5 receives, TLS enforced on both queues', () => {
    const q = synth.stack.sendQueue;
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: configSchema.shape.SEND_VISIBILITY_TIMEOUT_SECONDS.parse(undefined),
      SqsManagedSseEnabled: true,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(q.deadLetterQueue), 'Arn'] },
        maxReceiveCount: 5,
      },
    });
    for (const queue of [q.queue, q.deadLetterQueue]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: logicalId(queue) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  test('the sender reads it in batches of the send plan, reports partial failures, runs its instances', () => {
    // No maxSendRate in this context: planned for SES's starting rate (14/s): 2 instances at 7/s, and pages
    // of 50 take ~7 s, so 2 a batch (invocations of at least 8 s).
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalId(synth.stack.sendQueue.queue), 'Arn'] },
      FunctionName: { Ref: logicalId(handler('sender').function) },
      BatchSize: 2,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
    expect(fnResource('sender').Properties.ReservedConcurrentExecutions).toBe(2);
    expect(fnResource('sender').Properties.Timeout).toBeLessThanOrEqual(
      configSchema.shape.SEND_VISIBILITY_TIMEOUT_SECONDS.parse(undefined),
    );
  });
});

describe('SES', () => {
  test('the domain identity with Easy DKIM, through a configuration set that publishes every event to SNS', () => {
    const configSet = logicalId(synth.stack.email.configurationSet);
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'papers.example.com',
      DkimAttributes: Match.absent(),
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: configSet } },
    });
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      ReputationOptions: { ReputationMetricsEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: configSet },
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: [
          'send',
          'delivery',
          'bounce',
          'complaint',
          'reject',
          'deliveryDelay',
          'renderingFailure',
        ],
        SnsDestination: { TopicARN: { Ref: logicalId(synth.stack.email.eventsTopic) } },
      },
    });
  });

  test('SNS → the ses-events queue (SNS envelope kept, redrive to a DLQ) → the ses-events Lambda', () => {
    const email = synth.stack.email;
    const arnOf = (q: Parameters<typeof logicalId>[0]) => ({ 'Fn::GetAtt': [logicalId(q), 'Arn'] });
    // No Lambda subscription: an event that failed Lambda's async retries was lost.
    expect(
      Object.values(resourcesOf('AWS::SNS::Subscription')).map((r) => r.Properties.Protocol),
    ).not.toContain('lambda');
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sqs',
      TopicArn: { Ref: logicalId(email.eventsTopic) },
      Endpoint: arnOf(email.eventsQueue),
      // The record body is the SNS envelope (Message = the SES event), as the handler expects.
      RawMessageDelivery: false,
      RedrivePolicy: { deadLetterTargetArn: arnOf(email.eventsSubscriptionDeadLetterQueue) },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      // Six times the handler's timeout, as AWS asks for a queue feeding a Lambda.
      VisibilityTimeout: 6 * (FUNCTIONS.find((f) => f.name === 'ses-events')?.timeoutSeconds ?? 0),
      RedrivePolicy: { deadLetterTargetArn: arnOf(email.eventsDeadLetterQueue), maxReceiveCount: 5 },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: arnOf(email.eventsQueue),
      FunctionName: { Ref: logicalId(handler('ses-events').function) },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    // SNS may write to the queue and to the subscription's DLQ, only from this topic; TLS only on all three.
    for (const q of [email.eventsQueue, email.eventsSubscriptionDeadLetterQueue]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: logicalId(q) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: 'sqs:SendMessage',
              Principal: { Service: 'sns.amazonaws.com' },
              Condition: { ArnEquals: { 'aws:SourceArn': { Ref: logicalId(email.eventsTopic) } } },
            }),
          ]),
        },
      });
    }
    for (const q of [
      email.eventsQueue,
      email.eventsDeadLetterQueue,
      email.eventsSubscriptionDeadLetterQueue,
    ]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: logicalId(q) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  test('stack outputs list the DNS records to add', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Description?: string }>;
    const dns = Object.entries(outputs).filter(([, o]) => o.Description?.startsWith('DNS:'));
    expect(dns.map(([k]) => k).sort()).toEqual([
      'EmailDkimRecord1',
      'EmailDkimRecord2',
      'EmailDkimRecord3',
      'EmailDmarcRecord',
    ]);
  });
});

describe('monitoring', () => {
  test('alarms on every function, the DLQ, bounce rate 5% and complaint rate 0.1%, all to the alarm topic', () => {
    const topic = { Ref: logicalId(synth.stack.monitoring.alarmTopic) };
    const alarms = Object.values(resourcesOf('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    // + 3 DLQs more than the send queue's, oldest message, API 5xx, empty ingest, missed edition, and a
    // failed ingest source (Hugging Face, arXiv).
    expect(alarms).toHaveLength(FUNCTIONS.length + 3 + 9);
    for (const a of alarms) expect(a.AlarmActions).toEqual([topic]);
    const errors = alarms.filter((a) => a.MetricName === 'Errors');
    expect(errors.map((a) => a.Dimensions[0].Value.Ref).sort()).toEqual(
      FUNCTIONS.map((f) => logicalId(handler(f.name).function)).sort(),
    );
    expect(alarms).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [
            {
              Name: 'QueueName',
              Value: { 'Fn::GetAtt': [logicalId(synth.stack.sendQueue.deadLetterQueue), 'QueueName'] },
            },
          ],
          Threshold: 1,
        }),
        expect.objectContaining({
          Namespace: 'AWS/SES',
          MetricName: 'Reputation.BounceRate',
          Threshold: 0.05,
        }),
        expect.objectContaining({
          Namespace: 'AWS/SES',
          MetricName: 'Reputation.ComplaintRate',
          Threshold: 0.001,
        }),
      ]),
    );
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: topic,
    });
  });

  test('every dead-letter queue is alarmed at its first message', () => {
    const alarms = Object.values(resourcesOf('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    const dlqs = [
      synth.stack.sendQueue.deadLetterQueue,
      synth.stack.email.eventsDeadLetterQueue,
      synth.stack.email.eventsSubscriptionDeadLetterQueue,
      synth.stack.schedules.deadLetterQueue,
    ];
    // Every queue the stack has that no other queue redrives to and feeds nothing is one of these.
    const redriven = new Set(
      Object.values(resourcesOf('AWS::SQS::Queue')).flatMap((q) =>
        q.Properties.RedrivePolicy ? [q.Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0]] : [],
      ),
    );
    expect(redriven).toEqual(
      new Set(
        [synth.stack.sendQueue.deadLetterQueue, synth.stack.email.eventsDeadLetterQueue].map(logicalId),
      ),
    );
    for (const dlq of dlqs) {
      expect(alarms).toContainEqual(
        expect.objectContaining({
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(dlq), 'QueueName'] } }],
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        }),
      );
    }
  });

  test("the send queue's oldest message, API 5xx, an empty weekday ingest, a failed ingest source, a missed edition", () => {
    const alarms = Object.values(resourcesOf('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    expect(alarms).toContainEqual(
      expect.objectContaining({
        MetricName: 'ApproximateAgeOfOldestMessage',
        Dimensions: [
          {
            Name: 'QueueName',
            Value: { 'Fn::GetAtt': [logicalId(synth.stack.sendQueue.queue), 'QueueName'] },
          },
        ],
        Statistic: 'Maximum',
        Threshold: 7200,
      }),
    );
    expect(alarms).toContainEqual(
      expect.objectContaining({
        Namespace: 'AWS/ApiGateway',
        MetricName: '5xx',
        Dimensions: [{ Name: 'ApiId', Value: { Ref: logicalId(api().httpApi) } }],
        Threshold: 1,
      }),
    );
    for (const MetricName of ['EditionMissed', 'HuggingFaceFailed', 'ArxivFailed'])
      expect(alarms).toContainEqual(
        expect.objectContaining({ Namespace: 'PapersInbox', MetricName, Threshold: 1 }),
      );
    const ingest = alarms.find((a) =>
      a.Metrics?.some((m: { Expression?: string }) => m.Expression?.includes('DAY(')),
    );
    expect(ingest).toMatchObject({
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      Metrics: expect.arrayContaining([
        expect.objectContaining({
          MetricStat: expect.objectContaining({
            Metric: { Namespace: 'PapersInbox', MetricName: 'PapersIngested' },
            Period: 86400,
            Stat: 'Sum',
          }),
        }),
      ]),
    });
  });

  test('a dashboard of subscribers, sends, bounces, complaints and ingest counts', () => {
    const body = JSON.stringify(
      Object.values(resourcesOf('AWS::CloudWatch::Dashboard'))[0]?.Properties.DashboardBody,
    );
    for (const m of [
      'SubscriptionsConfirmed',
      'ActiveSubscribers',
      'DigestsSent',
      'PapersIngested',
      'Bounce',
      'Complaint',
      'Send',
    ]) {
      expect(body).toContain(`\\"${m}\\"`);
    }
  });
});

test('the token secret is generated at deploy and never written in the template', () => {
  template.hasResourceProperties('AWS::SecretsManager::Secret', {
    GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
    SecretString: Match.absent(),
  });
});

test('the token secret rotates every 180 days through the rotation function, which only Secrets Manager may invoke, for this secret', () => {
  const secret = { Ref: logicalId(synth.stack.tokenSecret) };
  const rotator = handler('rotate-token-secret').function;
  template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
    SecretId: secret,
    RotationLambdaARN: { 'Fn::GetAtt': [logicalId(rotator), 'Arn'] },
    RotationRules: { ScheduleExpression: 'rate(180 days)' },
  });
  template.hasResourceProperties('AWS::Lambda::Permission', {
    Action: 'lambda:InvokeFunction',
    FunctionName: { 'Fn::GetAtt': [logicalId(rotator), 'Arn'] },
    Principal: 'secretsmanager.amazonaws.com',
    SourceArn: secret,
    SourceAccount: { Ref: 'AWS::AccountId' },
  });
});

describe('least privilege: each role holds exactly what its handler uses', () => {
  /** Every construct's logical id → its path in the stack, so expectations read as names. */
  const pathOf = (id: string) => {
    for (const c of synth.stack.node.findAll()) {
      const cfn = c as unknown as { logicalId?: unknown; cfnResourceType?: string };
      if (cfn.cfnResourceType && logicalId(c as never) === id) {
        return c.node.path.replace(/^PapersInbox\//, '').replace(/\/(Resource|Default)$/, '');
      }
    }
    return `?${id}`;
  };
  const show = (v: unknown): string => {
    if (typeof v === 'string') return v;
    const o = v as Record<string, unknown>;
    if (o.Ref) return String(o.Ref).startsWith('AWS::') ? `\${${o.Ref}}` : pathOf(String(o.Ref));
    if (o['Fn::GetAtt']) return pathOf(String((o['Fn::GetAtt'] as string[])[0]));
    if (o['Fn::Join']) return (o['Fn::Join'] as [string, unknown[]])[1].map(show).join('');
    return JSON.stringify(v);
  };
  const grantsOf = (name: string) => {
    const roleId = logicalId(handler(name).role);
    const role = template.toJSON().Resources[roleId];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.Policies).toBeUndefined();
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
    ]);
    const grants = new Set<string>();
    for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
      if (!policy.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId)) continue;
      for (const s of policy.Properties.PolicyDocument.Statement) {
        expect(s.Effect).toBe('Allow');
        expect(s.Condition).toBeUndefined();
        for (const a of [s.Action].flat())
          for (const r of [s.Resource].flat()) grants.add(`${a} on ${show(r)}`);
      }
    }
    return [...grants].sort();
  };
  const on = (resource: string, ...actions: string[]) => actions.map((a) => `${a} on ${resource}`);
  const logs = (fn: string) => on(`${fn}/Logs`, 'logs:CreateLogStream', 'logs:PutLogEvents');
  // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation pseudo parameters, shown as written
  const arn = '${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}';
  const sendEmail = [
    // The identity's Ref is its name, papers.example.com.
    `ses:SendEmail on arn:${arn}:identity/Email/Identity`,
    `ses:SendEmail on arn:${arn}:configuration-set/Email/ConfigurationSet`,
  ];
  const expectGrants = (name: string, expected: string[]) =>
    expect(grantsOf(name)).toEqual([...expected].sort());

  test('api: subscribers, its deliveries (export, erase), throttles, edition pages (the newest by index), confirmation email, token key', () => {
    expectGrants('api', [
      ...logs('ApiHandler'),
      ...on(
        'Tables/Subscribers',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
      ),
      ...on('Tables/Deliveries', 'dynamodb:Query', 'dynamodb:BatchWriteItem'),
      ...on('Tables/Throttles', 'dynamodb:UpdateItem'),
      ...on('Tables/Editions', 'dynamodb:GetItem'),
      'dynamodb:Query on Tables/Editions/index/byKind',
      ...on('Tables/Papers', 'dynamodb:BatchGetItem'),
      ...sendEmail,
      ...on('TokenSecret', 'secretsmanager:GetSecretValue'),
    ]);
  });

  test('ingest: upserts papers (reading one back to widen its sources), nothing else', () => {
    expectGrants('ingest', [
      ...logs('IngestHandler'),
      ...on('Tables/Papers', 'dynamodb:UpdateItem', 'dynamodb:GetItem'),
      // The on-failure destination of its scheduled (async) runs.
      ...on('Schedules/DeadLetterQueue', 'sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'),
    ]);
  });

  test("planner: the day's papers by index, the edition, the readers due by index, moving slots, enqueueing pages", () => {
    expectGrants('planner', [
      ...logs('PlannerHandler'),
      'dynamodb:Query on Tables/Papers/index/byDailyDate',
      ...on('Tables/Editions', 'dynamodb:GetItem', 'dynamodb:PutItem'),
      ...on('Tables/Subscribers', 'dynamodb:Scan', 'dynamodb:UpdateItem'),
      'dynamodb:Query on Tables/Subscribers/index/bySlot',
      ...on('SendQueue/Queue', 'sqs:SendMessage'),
      ...on('Schedules/DeadLetterQueue', 'sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'),
    ]);
  });

  test('sender: reads readers, editions and papers, keeps the delivery ledger, sends, consumes the queue', () => {
    expectGrants('sender', [
      ...logs('SenderHandler'),
      ...on('Tables/Subscribers', 'dynamodb:BatchGetItem', 'dynamodb:UpdateItem'),
      ...on('Tables/Editions', 'dynamodb:GetItem'),
      ...on('Tables/Papers', 'dynamodb:BatchGetItem'),
      ...on(
        'Tables/Deliveries',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
      ),
      ...sendEmail,
      'ses:GetAccount on *',
      ...on('TokenSecret', 'secretsmanager:GetSecretValue'),
      // Added by the SQS event source mapping (Lambda polls on the function's behalf).
      ...on(
        'SendQueue/Queue',
        'sqs:ReceiveMessage',
        'sqs:ChangeMessageVisibility',
        'sqs:GetQueueUrl',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
      ),
    ]);
  });

  test('rotate-token-secret: the four calls of the rotation protocol, on the token secret only', () => {
    expectGrants('rotate-token-secret', [
      ...logs('RotateTokenSecretHandler'),
      ...on(
        'TokenSecret',
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
        'secretsmanager:PutSecretValue',
        'secretsmanager:UpdateSecretVersionStage',
      ),
    ]);
  });

  test('ses-events: its subscriber and ledger updates, and consuming the ses-events queue', () => {
    const spec = FUNCTIONS.find((f) => f.name === 'ses-events');
    expectGrants('ses-events', [
      ...logs('SesEventsHandler'),
      ...Object.entries(spec?.tables ?? {}).flatMap(([table, access]) =>
        on(
          `Tables/${table[0]?.toUpperCase()}${table.slice(1)}`,
          ...access.actions.map((a) => `dynamodb:${a}`),
        ),
      ),
      ...on(
        'Email/EventsQueue',
        'sqs:ReceiveMessage',
        'sqs:ChangeMessageVisibility',
        'sqs:GetQueueUrl',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
      ),
    ]);
  });
});

describe('cdk-nag AwsSolutions and Serverless', () => {
  test('synth reports no unacknowledged finding, error or warning', () => {
    expect(synth.error?.message).toBeUndefined();
    const reportFile = path.join(assembly().directory, 'validation-report.json');
    const report = existsSync(reportFile)
      ? JSON.parse(readFileSync(reportFile, 'utf8'))
      : { pluginReports: [] };
    const findings = report.pluginReports.flatMap((r: { violations: { ruleName: string }[] }) =>
      r.violations.map((v) => v.ruleName),
    );
    expect(findings).toEqual([]);
  });

  test('every acknowledgement names a rule and carries a specific reason', () => {
    const acks = synth.stack.node.findAll().flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((m) =>
          Object.entries(m.data as Record<string, string>).map(([rule, reason]) => ({
            path: c.node.path,
            rule,
            reason,
          })),
        ),
    );
    expect(acks.map((a) => a.rule.replace(/^Annotation::/, '')).sort()).toEqual(
      [
        // The $default route and each throttled route (infra/api-throttles.ts).
        'AwsSolutions-APIG4',
        ...THROTTLED_ROUTES.map(() => 'AwsSolutions-APIG4'),
        'AwsSolutions-IAM5[Resource::*]',
        ...FUNCTIONS.flatMap((f) => [
          'AwsSolutions-L1',
          'Serverless-LambdaLatestVersion',
          'Serverless-LambdaTracing',
          'Serverless-LambdaDLQ',
          ...(['send-queue', 'ses-events'].includes(f.trigger.kind)
            ? ['Serverless-LambdaEventSourceMappingDestination']
            : []),
        ]),
        // Every dead-letter queue is one (no DLQ of its own); cdk-nag sees only redrive-policy DLQs as DLQs.
        ...['SendQueue', 'Email/EventsDeadLetterQueue', 'Email/EventsSubscription', 'Schedules'].map(
          () => 'Serverless-SQSRedrivePolicy',
        ),
        'AwsSolutions-SQS3',
        'AwsSolutions-SQS3',
        'Serverless-SNSRedrivePolicy',
      ].sort(),
    );
    for (const a of acks) expect(a.reason.length).toBeGreaterThan(100);
  });

  test('the plugin is live: the same checks fail a stack with an open queue and a wildcard grant', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'cdk-nag-'));
    const app = new App({ outdir });
    const stack = new Stack(app, 'Bad');
    new Role(stack, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') }).addToPrincipalPolicy(
      new PolicyStatement({ actions: ['dynamodb:*'], resources: ['*'] }),
    );
    new Queue(stack, 'Queue');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    let message = '';
    try {
      app.synth();
    } catch (err) {
      message = (err as Error).message;
    }
    const rules = [...message.matchAll(/Acknowledge with 'AwsSolutions::([^']+)'/g)].map((m) => m[1]);
    expect(rules).toEqual(
      expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4', 'AwsSolutions-IAM5[Resource::*]']),
    );
  });
});
