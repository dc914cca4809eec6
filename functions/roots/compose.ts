import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { createArxivRssSource } from '../adapters/arxiv-rss-source';
import { type AwsClients, createAwsClients } from '../adapters/aws-clients';
import { createDeliveryLedger } from '../adapters/delivery-ledger';
import { createEditionStore } from '../adapters/edition-store';
import { createEmailRenderer } from '../adapters/email-renderer';
import { createHfDailyPapersSource } from '../adapters/hf-daily-papers-source';
import { createSesMailer } from '../adapters/mailer';
import { createMetrics } from '../adapters/metrics';
import { createPaperStore } from '../adapters/paper-store';
import { createSendQueue } from '../adapters/send-queue';
import { accountMaxSendRate, createPacedMailer, createSenderSes } from '../adapters/send-rate';
import { loadSigningKeys } from '../adapters/signing-secret';
import { createSubscriberStore } from '../adapters/subscriber-store';
import { createThrottleStore } from '../adapters/throttle-store';
import type { Config } from '../config';
import type { SigningKeys } from '../core/tokens';
import type { Log, Metrics, Ports } from '../ports';
import { createPreparedEditions, type SendDigestDeps } from '../use-cases/send-digest';

/** What the sender's use-case takes, plus this instance's share of the account's send rate. */
export type SenderDeps = SendDigestDeps & { ratePerSecond: number };

/**
 * Everything one process uses, built once by its composition root (functions/roots/lambda.ts,
 * infra/local/root.ts, scripts/root.ts): the ports every use-case takes, and what only the process
 * itself needs (the SDK clients, for the local stand-ins of AWS; the sender's paced dependencies).
 * Handlers and routes are typed to `Pick<Ports, …>`, so they cannot reach past the ports.
 */
export interface Root extends Ports {
  /** For the local runtime (tables, queues, the SQS poller) and tests; never handed to a use-case. */
  aws: AwsClients;
  /** The sender's dependencies, built on first use and kept (they hold the rate limiter and the edition cache). */
  sender(): Promise<SenderDeps>;
}

export interface ComposeOptions {
  log: Log;
  /** Default: EMF lines on Lambda only (config AWS_LAMBDA_FUNCTION_NAME), nothing elsewhere. */
  metrics?: Metrics;
}

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
      const value = loadSigningKeys(config);
      // A failed read is not kept: the next call tries again.
      value.catch(() => {
        if (keys?.value === value) keys = undefined;
      });
      keys = { at: Date.now(), value };
    }
    return (keys as { value: Promise<SigningKeys> }).value;
  };
}

/** The ports of one process, on the real adapters. */
export function composePorts(config: Config, aws: AwsClients, opts: ComposeOptions): Ports {
  const signingKeys = createSigningKeys(config);
  return {
    config,
    subscribers: createSubscriberStore(aws.doc, config),
    papers: createPaperStore(aws.doc, config.tables.papers, { concurrency: config.INGEST_WRITE_CONCURRENCY }),
    editions: createEditionStore(aws.doc, config),
    deliveries: createDeliveryLedger(aws.doc, config),
    throttles: createThrottleStore(aws.doc, config),
    mailer: createSesMailer(aws.ses, config),
    sendQueue: createSendQueue(aws.sqs, config.SEND_QUEUE_URL),
    emailRenderer: createEmailRenderer(config),
    signingSecret: async () => (await signingKeys()).current,
    signingKeys,
    hfPapers: createHfDailyPapersSource(config),
    arxivRss: createArxivRssSource(config),
    clock: { now: () => new Date() },
    log: opts.log,
    metrics: opts.metrics ?? createMetrics({ onLambda: Boolean(config.AWS_LAMBDA_FUNCTION_NAME) }),
  };
}

/**
 * The sender's dependencies: its own SES client (SDK retries off, so every attempt takes a token), the
 * paced mailer at this instance's share of the account rate, and the prepared-edition cache.
 * `ses` lets a test inject faults into the client the sends go through.
 */
export async function createSenderDeps(
  ports: Ports,
  ses: SESv2Client = createSenderSes(ports.config),
): Promise<SenderDeps> {
  const { config } = ports;
  const mailer = createPacedMailer(createSesMailer(ses, config), {
    accountRate: await accountMaxSendRate(ses, config),
    concurrency: config.SENDER_CONCURRENCY,
    attempts: config.SES_THROTTLE_ATTEMPTS,
  });
  return {
    ...ports,
    mailer,
    ratePerSecond: mailer.ratePerSecond,
    preparedEditions: createPreparedEditions({
      editions: ports.editions,
      papers: ports.papers,
      prepare: async (edition, papers) => ports.emailRenderer.prepareEdition(edition, papers),
    }),
  };
}

/** Builds a process's root from its config. */
export function compose(config: Config, opts: ComposeOptions): Root {
  const aws = createAwsClients(config);
  const ports = composePorts(config, aws, opts);
  let sender: Promise<SenderDeps> | undefined;
  return {
    ...ports,
    aws,
    sender() {
      if (!sender) {
        sender = createSenderDeps(ports);
        // A failed build (SES GetAccount unreachable) is tried again by the next invocation.
        sender.catch(() => {
          sender = undefined;
        });
      }
      return sender;
    },
  };
}
