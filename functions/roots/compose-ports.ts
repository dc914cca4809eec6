import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createEditionStore } from '../adapters/edition-store';
import { createMetrics } from '../adapters/metrics';
import { createPaperStore } from '../adapters/paper-store';
import type { Config } from '../config';
import type { SigningKeys } from '../core/tokens';
import type {
  Deliveries,
  EmailRenderer,
  Log,
  Mailer,
  Metrics,
  Ports,
  SendQueue,
  Subscribers,
  Throttles,
} from '../ports';
import type { Sources } from './sources';

export interface ComposeOptions {
  log: Log;
  /** Default: EMF lines on Lambda only (config AWS_LAMBDA_FUNCTION_NAME), nothing elsewhere. */
  metrics?: Metrics;
  /**
   * The upstream paper sources (functions/roots/sources.ts `upstreamSources`); a process that does not
   * ingest leaves them out, and a call to one then fails with the reason.
   */
  sources?: (config: Config) => Sources;
}

const notWired = (name: string) => () =>
  Promise.reject(new Error(`${name} is not wired in this process (only the ingest function fetches papers)`));
const unwiredSources: Sources = {
  hfPapers: { fetchDay: notWired('hfPapers') },
  arxivRss: { fetchListing: notWired('arxivRss') },
};

const KEYS_MAX_AGE_MS = 5 * 60_000;
const KEYS_MIN_AGE_MS = 10_000;

/**
 * The key ring, re-read every KEYS_MAX_AGE_MS (a rotation reaches every process) or on demand for a
 * link signed by a key we do not know yet, at most once per KEYS_MIN_AGE_MS (a flood of forged links
 * cannot turn into a flood of Secrets Manager calls).
 */
function createSigningKeys(config: Config): Ports['signingKeys'] {
  let keys: { at: number; value: Promise<SigningKeys> } | undefined;
  return (opts: { fresh?: boolean } = {}) => {
    const age = keys ? Date.now() - keys.at : Number.POSITIVE_INFINITY;
    if (age > KEYS_MAX_AGE_MS || (opts.fresh && age > KEYS_MIN_AGE_MS)) {
      // Loaded on first use: Secrets Manager's client is then a chunk a `GET /` never loads (infra/bundling.ts).
      const value = import('../adapters/signing-secret').then((m) => m.loadSigningKeys(config));
      // A failed read is not kept: the next call tries again.
      value.catch(() => {
        if (keys?.value === value) keys = undefined;
      });
      keys = { at: Date.now(), value };
    }
    return (keys as { value: Promise<SigningKeys> }).value;
  };
}

/**
 * What the ports are built on that differs between processes: DynamoDB's document client, and the
 * adapters a Lambda builds on first use (`functions/roots/lambda.ts`, `lazy-adapters.ts`) and a local
 * process at once (`compose.ts`): the SES mailer, SQS send queue, email renderer, and the stores whose
 * items' schemas a cold start need not build (subscribers, deliveries, throttles).
 */
export interface PortAdapters {
  doc: DynamoDBDocumentClient;
  mailer: Mailer;
  sendQueue: SendQueue;
  emailRenderer: EmailRenderer;
  subscribers: Subscribers;
  deliveries: Deliveries;
  throttles: Throttles;
}

/** The ports of one process, on the real adapters. */
export function composePorts(config: Config, aws: PortAdapters, opts: ComposeOptions): Ports {
  const signingKeys = createSigningKeys(config);
  return {
    config,
    subscribers: aws.subscribers,
    papers: createPaperStore(aws.doc, config.tables.papers, { concurrency: config.INGEST_WRITE_CONCURRENCY }),
    editions: createEditionStore(aws.doc, config),
    deliveries: aws.deliveries,
    throttles: aws.throttles,
    mailer: aws.mailer,
    sendQueue: aws.sendQueue,
    emailRenderer: aws.emailRenderer,
    signingSecret: async () => (await signingKeys()).current,
    signingKeys,
    ...(opts.sources?.(config) ?? unwiredSources),
    clock: { now: () => new Date() },
    log: opts.log,
    metrics: opts.metrics ?? createMetrics({ onLambda: Boolean(config.AWS_LAMBDA_FUNCTION_NAME) }),
  };
}
