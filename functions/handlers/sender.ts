import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createSesMailer } from '../adapters/mailer';
import { emitMetrics } from '../adapters/metrics';
import { accountMaxSendRate, createPacedMailer, createSenderSes } from '../adapters/send-rate';
import { type Deps, getDeps } from '../deps';
import { sendPageSchema } from '../schemas/delivery';
import { createEditionLoader, type SendDigestDeps, sendDigestPage } from '../use-cases/send-digest';

/** Built once per process: the prepared-edition cache and the rate limiter must outlive one invocation. */
export async function senderDeps(
  deps: Deps,
  log: (line: string) => void = console.log,
  /** The SES client the sends go through (tests inject faults into one). */
  ses = createSenderSes(deps.config),
): Promise<SendDigestDeps & { ratePerSecond: number }> {
  const mailer = createPacedMailer(createSesMailer(ses, deps.config), {
    accountRate: await accountMaxSendRate(ses, deps.config),
    concurrency: deps.config.SENDER_CONCURRENCY,
    attempts: deps.config.SES_THROTTLE_ATTEMPTS,
  });
  return {
    config: deps.config,
    getSubscriber: (id) => deps.subscriberStore.get(id),
    loadEdition: createEditionLoader({
      getEdition: (id) => deps.editionStore.getEdition(id),
      getPapers: (ids) => deps.paperReader.getPapers(ids),
      prepare: async (edition, papers) => deps.emailRenderer.prepareEdition(edition, papers),
    }),
    ledger: deps.deliveries,
    mailer,
    ratePerSecond: mailer.ratePerSecond,
    signingSecret: deps.signingSecret,
    now: () => new Date(),
    log,
  };
}

let built: Promise<SendDigestDeps & { ratePerSecond: number }> | undefined;

/** SQS event source mapping (ReportBatchItemFailures on): one page per message, failures redelivered. */
export async function handler(
  event: SQSEvent,
  context?: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<SQSBatchResponse> {
  if (!built) {
    built = senderDeps(getDeps());
    built.catch(() => {
      built = undefined;
    });
  }
  const deps = await built;
  // Stop starting readers while there is still time to finish the ones started: a safety margin plus the
  // longest a send can wait for its token (the batch's messages share this instance's rate).
  const deadline = context
    ? Date.now() +
      context.getRemainingTimeInMillis() -
      10_000 -
      (event.Records.length / deps.ratePerSecond) * 1000
    : undefined;
  const results = await Promise.all(
    event.Records.map(async (record) => {
      try {
        const page = sendPageSchema.parse(JSON.parse(record.body));
        const result = await sendDigestPage(deps, page, { deadline });
        deps.log(`sender: message ${record.messageId} ${page.editionId}: ${JSON.stringify(result.outcomes)}`);
        emitMetrics({ DigestsSent: result.outcomes.sent + result.outcomes.resent }, deps.log);
        return result.ok ? undefined : record.messageId;
      } catch (err) {
        // A malformed message or an edition that cannot load: left for redelivery, then the DLQ.
        deps.log(`sender: message ${record.messageId} failed: ${String(err)}`);
        return record.messageId;
      }
    }),
  );
  return { batchItemFailures: results.flatMap((id) => (id ? [{ itemIdentifier: id }] : [])) };
}
