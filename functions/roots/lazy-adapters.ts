import type { Config } from '../config';
import { onFirstUse } from '../lib/on-first-use';
import type { Mailer, SendQueue } from '../ports';

/**
 * The SES mailer and the SQS send queue of a Lambda process, each with its SDK client, loaded on first
 * use: `import()` puts each in a chunk of its own (infra/bundling.ts splits the bundles), so a process
 * that never sends email or enqueues, such as the api answering `GET /`, never loads or parses that
 * code (bench/coldstart measures it). The ports are the same; only when their code loads differs.
 */
export function lazyMailer(config: Config): Mailer {
  const mailer = onFirstUse(async () => (await import('../adapters/mailer')).sesMailerFor(config));
  return { send: async (email, opts) => (await mailer()).send(email, opts) };
}

export function lazySendQueue(config: Config): SendQueue {
  const queue = onFirstUse(async () => (await import('../adapters/send-queue')).sqsSendQueueFor(config));
  return { enqueue: async (pages) => (await queue()).enqueue(pages) };
}
