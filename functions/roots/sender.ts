import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { createSesMailer } from '../adapters/mailer';
import { accountMaxSendRate, createPacedMailer, createSenderSes } from '../adapters/send-rate';
import { type SendPlan, sendPlan } from '../core/send-plan';
import { createLanes, type Lanes } from '../lib/pool';
import type { Ports } from '../ports';
import { createPreparedEditions, type SendDigestDeps } from '../use-cases/send-digest';

/**
 * What the sender's use-case takes, plus this instance's share of the account's send rate and its plan
 * (`core/send-plan`: sends in flight from the rate and the expected latencies).
 */
export type SenderDeps = SendDigestDeps & {
  ratePerSecond: number;
  plan: SendPlan;
  /** The instance's sends in flight (`plan.sendsInFlight`), shared by the pages of each batch. */
  lanes: Lanes;
};

/**
 * The sender's dependencies, on top of its process's ports (apart from compose.ts, so that only the
 * sender's bundle carries the selection and ranking code, the pacer and the edition cache): its own SES
 * client (SDK retries off, so every attempt takes a slot), the paced mailer at this instance's share of
 * the account rate, and the prepared-edition cache. `ses` lets a test inject faults into the client the
 * sends go through.
 */
export async function createSenderDeps(
  ports: Ports,
  ses: SESv2Client = createSenderSes(ports.config),
): Promise<SenderDeps> {
  const { config } = ports;
  const accountRate = await accountMaxSendRate(ses, config);
  // The deployment fixed the number of instances (reserved concurrency); the rest follows from the rate.
  const plan = sendPlan({
    maxSendRate: accountRate,
    instances: config.SENDER_CONCURRENCY,
    pageSize: config.SEND_PAGE_SIZE,
    sesLatencyMs: config.SES_LATENCY_MS,
    dynamoLatencyMs: config.DYNAMODB_LATENCY_MS,
    instanceMaxRate: config.SENDER_INSTANCE_MAX_RATE,
  });
  const mailer = createPacedMailer(createSesMailer(ses, config), {
    accountRate,
    concurrency: plan.instances,
    attempts: config.SES_THROTTLE_ATTEMPTS,
  });
  return {
    ...ports,
    mailer,
    ratePerSecond: mailer.ratePerSecond,
    plan,
    lanes: createLanes(plan.sendsInFlight),
    preparedEditions: createPreparedEditions({
      editions: ports.editions,
      papers: ports.papers,
      prepare: (edition, papers) => ports.emailRenderer.prepareEdition(edition, papers),
    }),
  };
}

/**
 * Built on first use and kept for the process (the rate limiter and the edition cache outlive one
 * invocation); a failed build (SES GetAccount unreachable) is tried again by the next call.
 */
export function senderDepsOnce(ports: Ports): () => Promise<SenderDeps> {
  let sender: Promise<SenderDeps> | undefined;
  return () => {
    if (!sender) {
      sender = createSenderDeps(ports);
      sender.catch(() => {
        sender = undefined;
      });
    }
    return sender;
  };
}
