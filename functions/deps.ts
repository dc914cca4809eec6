import { type ArxivRssSource, createArxivRssSource } from './adapters/arxiv-rss-source';
import { type AwsClients, createAwsClients } from './adapters/aws-clients';
import { createDeliveryLedger, type DeliveryLedger } from './adapters/delivery-ledger';
import { createEditionStore, type EditionStore } from './adapters/edition-store';
import { createEmailRenderer, type EmailRenderer } from './adapters/email-renderer';
import { createHfDailyPapersSource, type HfDailyPapersSource } from './adapters/hf-daily-papers-source';
import { createSesMailer, type Mailer } from './adapters/mailer';
import { createPaperReader, type PaperReader } from './adapters/paper-reader';
import { createPaperStore, type PaperStore } from './adapters/paper-store';
import { createSendQueue, type SendQueue } from './adapters/send-queue';
import { loadSigningKeys } from './adapters/signing-secret';
import { createSubscriberStore, type SubscriberStore } from './adapters/subscriber-store';
import { createThrottleStore, type ThrottleStore } from './adapters/throttle-store';
import { type Config, getConfig } from './config';
import type { SigningKeys } from './core/tokens';

/**
 * The adapters handlers need, built once per process (Lambda cold start, local stack, CLI) from the
 * one config object. Use-cases receive what they use as arguments and never build adapters themselves.
 */
export interface Deps {
  config: Config;
  aws: AwsClients;
  mailer: Mailer;
  signingSecret: () => Promise<Buffer>;
  signingKeys: (opts?: { fresh?: boolean }) => Promise<SigningKeys>;
  deliveries: DeliveryLedger;
  sendQueue: SendQueue;
  subscriberStore: SubscriberStore;
  throttleStore: ThrottleStore;
  emailRenderer: EmailRenderer;
  papers: PaperStore;
  hfPapers: HfDailyPapersSource;
  arxivRss: ArxivRssSource;
  editionStore: EditionStore;
  paperReader: PaperReader;
}

const KEYS_MAX_AGE_MS = 5 * 60_000;
const KEYS_MIN_AGE_MS = 10_000;

export function createDeps(config: Config): Deps {
  const aws = createAwsClients(config);
  // The key ring, re-read every KEYS_MAX_AGE_MS (a rotation reaches every process) or on demand for a
  // link signed by a key we do not know yet, at most once per KEYS_MIN_AGE_MS (a flood of forged links
  // cannot turn into a flood of Secrets Manager calls).
  let keys: { at: number; value: Promise<SigningKeys> } | undefined;
  const signingKeys = (opts: { fresh?: boolean } = {}) => {
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
  return {
    config,
    aws,
    mailer: createSesMailer(aws.ses, config),
    deliveries: createDeliveryLedger(aws.doc, config),
    sendQueue: createSendQueue(aws.sqs, config.SEND_QUEUE_URL),
    signingSecret: async () => (await signingKeys()).current,
    signingKeys,
    subscriberStore: createSubscriberStore(aws.doc, config),
    throttleStore: createThrottleStore(aws.doc, config),
    emailRenderer: createEmailRenderer(config),
    papers: createPaperStore(aws.doc, config.tables.papers, { concurrency: config.INGEST_WRITE_CONCURRENCY }),
    hfPapers: createHfDailyPapersSource(config),
    arxivRss: createArxivRssSource(config),
    editionStore: createEditionStore(aws.doc, config),
    paperReader: createPaperReader(aws.doc, config),
  };
}

let cached: Deps | undefined;

export function getDeps(): Deps {
  cached ??= createDeps(getConfig());
  return cached;
}
