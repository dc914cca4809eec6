import type { Config } from '../config';
import { onFirstUse } from '../lib/on-first-use';
import type { EmailRenderer, Mailer, SendQueue } from '../ports';

/**
 * The SES mailer, the SQS send queue and the email renderer of a Lambda process, each loaded on first
 * use: `import()` puts each in a chunk of its own (infra/bundling.ts splits the bundles), so a process
 * that never sends email, enqueues or renders, such as the api answering `GET /`, never loads or parses
 * that code (bench/coldstart measures it). The renderer's chunk holds the compiled templates and the
 * digest's code, whose date formats start ICU when they load (~20 ms of CPU). The ports are the same;
 * only when their code loads differs.
 */
export function lazyMailer(config: Config): Mailer {
  const mailer = onFirstUse(async () => (await import('../adapters/mailer')).sesMailerFor(config));
  return { send: async (email, opts) => (await mailer()).send(email, opts) };
}

export function lazySendQueue(config: Config): SendQueue {
  const queue = onFirstUse(async () => (await import('../adapters/send-queue')).sqsSendQueueFor(config));
  return { enqueue: async (pages) => (await queue()).enqueue(pages) };
}

export function lazyEmailRenderer(config: Config): EmailRenderer {
  const renderer = onFirstUse(async () =>
    (await import('../adapters/email-renderer')).createEmailRenderer(config),
  );
  return {
    render: async (name, values) => (await renderer()).render(name, values),
    prepareEdition: async (edition, papers) => (await renderer()).prepareEdition(edition, papers),
  };
}
