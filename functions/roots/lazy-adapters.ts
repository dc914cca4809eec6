import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import { calls, lazyPort } from '../lib/lazy-port';
import type { Deliveries, EmailRenderer, Mailer, SendQueue, Subscribers, Throttles } from '../ports';

/**
 * The adapters of a Lambda process that load on first use: `import()` puts each in a chunk of its own
 * (infra/bundling.ts splits the bundles), so a process that never sends email, enqueues, renders or
 * reads a reader, such as the api answering `GET /`, never loads or parses that code (bench/coldstart
 * measures it): the SES mailer and the SQS send queue with their SDK clients; the email renderer with
 * the compiled templates and the digest's code (its dates written without Intl: `core/english-format`);
 * the subscriber store, delivery ledger and throttle store with the zod schemas of their items, built
 * when their module loads. The ports are the same; only when their code loads differs.
 */
export function lazyMailer(config: Config): Mailer {
  return lazyPort(async () => (await import('../adapters/mailer')).sesMailerFor(config), calls('send'));
}

export function lazySendQueue(config: Config): SendQueue {
  return lazyPort(
    async () => (await import('../adapters/send-queue')).sqsSendQueueFor(config),
    calls('enqueue'),
  );
}

export function lazyEmailRenderer(config: Config): EmailRenderer {
  return lazyPort(
    async () => (await import('../adapters/email-renderer')).createEmailRenderer(config),
    calls('render', 'prepareEdition'),
  );
}

export function lazySubscribers(doc: DynamoDBDocumentClient, config: Config): Subscribers {
  return lazyPort(
    async () => (await import('../adapters/subscriber-store')).createSubscriberStore(doc, config),
    {
      ...calls(
        'get',
        'getMany',
        'create',
        'replaceIf',
        'updateIf',
        'erase',
        'deliveriesOf',
        'advanceSlot',
        'markServed',
        'unslot',
        'fileSlot',
        'countTransientBounce',
        'clearTransientBounces',
        'ping',
      ),
      scanActive: 'stream',
      dueInShard: 'stream',
      scanUnslotted: 'stream',
    },
  );
}

export function lazyDeliveries(doc: DynamoDBDocumentClient, config: Config): Deliveries {
  return lazyPort(
    async () => (await import('../adapters/delivery-ledger')).createDeliveryLedger(doc, config),
    calls('claim', 'takeOver', 'markSent', 'release', 'recordSesEvent', 'get'),
  );
}

export function lazyThrottles(doc: DynamoDBDocumentClient, config: Config): Throttles {
  return lazyPort(
    async () => (await import('../adapters/throttle-store')).createThrottleStore(doc, config),
    calls('hit'),
  );
}
