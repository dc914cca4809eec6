import { type AwsClients, createAwsClients } from '../adapters/aws-clients';
import { createDeliveryLedger } from '../adapters/delivery-ledger';
import { createEmailRenderer } from '../adapters/email-renderer';
import { createSesMailer } from '../adapters/mailer';
import { createSendQueue } from '../adapters/send-queue';
import { createSubscriberStore } from '../adapters/subscriber-store';
import { createThrottleStore } from '../adapters/throttle-store';
import type { Config } from '../config';
import type { Ports } from '../ports';
import { type ComposeOptions, composePorts } from './compose-ports';

export type { ComposeOptions } from './compose-ports';

/**
 * Everything a local process uses, built once by its composition root (infra/local/root.ts,
 * scripts/root.ts, the benches' and tests' roots): the ports every use-case takes, and what only the
 * process itself needs (the SDK clients, for the local stand-ins of AWS). A Lambda builds the same ports
 * without the raw clients (functions/roots/lambda.ts). The sender's paced dependencies are
 * built by its handler from the ports (functions/roots/sender.ts), so no other bundle carries them.
 * Handlers and routes are typed to `Pick<Ports, …>`, so they cannot reach past the ports.
 */
export interface Root extends Ports {
  /** For the local runtime (tables, queues, the SQS poller) and tests; never handed to a use-case. */
  aws: AwsClients;
}

/** Builds a local process's root from its config, every SDK client at once (Lambda: `roots/lambda.ts`). */
export function compose(config: Config, opts: ComposeOptions): Root {
  const aws = createAwsClients(config);
  const adapters = {
    doc: aws.doc,
    mailer: createSesMailer(aws.ses, config),
    sendQueue: createSendQueue(aws.sqs, config.SEND_QUEUE_URL),
    emailRenderer: createEmailRenderer(config),
    subscribers: createSubscriberStore(aws.doc, config),
    deliveries: createDeliveryLedger(aws.doc, config),
    throttles: createThrottleStore(aws.doc, config),
  };
  return { ...composePorts(config, adapters, opts), aws };
}
