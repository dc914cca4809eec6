import { type AwsClients, createAwsClients } from './adapters/aws-clients';
import { createEditionStore, type EditionStore } from './adapters/edition-store';
import { createEmailTemplates, type EmailTemplates } from './adapters/email-templates';
import { createSesMailer, type Mailer } from './adapters/mailer';
import { createPaperReader, type PaperReader } from './adapters/paper-reader';
import { loadSigningSecret } from './adapters/signing-secret';
import { createSubscriberStore, type SubscriberStore } from './adapters/subscriber-store';
import { createThrottleStore, type ThrottleStore } from './adapters/throttle-store';
import { type Config, getConfig } from './config';

/**
 * The adapters handlers need, built once per process (Lambda cold start, local stack, CLI) from the
 * one config object. Use-cases receive what they use as arguments and never build adapters themselves.
 */
export interface Deps {
  config: Config;
  aws: AwsClients;
  mailer: Mailer;
  signingSecret: () => Promise<Buffer>;
  subscriberStore: SubscriberStore;
  throttleStore: ThrottleStore;
  emailTemplates: EmailTemplates;
  editionStore: EditionStore;
  paperReader: PaperReader;
}

export function createDeps(config: Config): Deps {
  const aws = createAwsClients(config);
  let secret: Promise<Buffer> | undefined;
  return {
    config,
    aws,
    mailer: createSesMailer(aws.ses, config),
    signingSecret: () => {
      secret ??= loadSigningSecret(config);
      return secret;
    },
    subscriberStore: createSubscriberStore(aws.doc, config),
    throttleStore: createThrottleStore(aws.doc, config),
    emailTemplates: createEmailTemplates(),
    editionStore: createEditionStore(aws.doc, config),
    paperReader: createPaperReader(aws.doc, config),
  };
}

let cached: Deps | undefined;

export function getDeps(): Deps {
  cached ??= createDeps(getConfig());
  return cached;
}
