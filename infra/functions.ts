import type { TableSpec } from './tables';

/**
 * Every Lambda, declared once: its entry file, what triggers it and exactly what it may touch.
 * The stack turns each entry into a Lambda function whose role holds only these permissions, so adding
 * a handler is one entry here and granting it more is a visible line in review.
 */
export type TableId = TableSpec['id'];

/** DynamoDB actions the adapters issue (lib-dynamodb Get/Put/Update/Delete/Query/Scan/BatchGet/BatchWrite). */
export type DynamoAction =
  | 'GetItem'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'Query'
  | 'Scan'
  | 'BatchGetItem'
  | 'BatchWriteItem';

export interface TableAccess {
  /** Actions on the table itself. */
  actions: readonly DynamoAction[];
  /** GSIs the function queries: dynamodb:Query on those index ARNs only. */
  queryIndexes?: readonly string[];
}

export type Trigger =
  | { kind: 'http' }
  | { kind: 'schedule'; cron: 'INGEST_SCHEDULE' | 'DIGEST_SCHEDULE' }
  | { kind: 'send-queue' }
  | { kind: 'ses-events' }
  /** Secrets Manager's rotation of the token secret (the stack's rotation schedule). */
  | { kind: 'secret-rotation' };

export interface FunctionSpec {
  /** Short name: construct id, log group and alarm names. */
  name: string;
  /** Handler file, relative to the repository root; it exports `handler`. */
  entry: string;
  description: string;
  trigger: Trigger;
  memorySize: number;
  timeoutSeconds: number;
  tables: Partial<Record<TableId, TableAccess>>;
  /** ses:SendEmail from the sender identity through the configuration set. */
  sendsEmail?: boolean;
  /** ses:GetAccount, to read the account's MaxSendRate when MAX_SEND_RATE is not set (account-level: no resource ARN). */
  readsSesAccount?: boolean;
  /** sqs:SendMessage to the send queue. */
  enqueuesSends?: boolean;
  /** secretsmanager:GetSecretValue on the token-signing secret. */
  readsTokenSecret?: boolean;
  /** Rotates the token secret: Describe/Get/PutSecretValue and UpdateSecretVersionStage on it only. */
  rotatesTokenSecret?: boolean;
  /** Renders email: the templates compiled at bundle time are defined into its bundle (`infra/bundling.ts`). */
  usesTemplates?: boolean;
}

export const FUNCTIONS: readonly FunctionSpec[] = [
  {
    name: 'api',
    entry: 'functions/handlers/api.ts',
    description: 'HTTP API: subscriptions, confirm, preferences, unsubscribe, edition pages',
    trigger: { kind: 'http' },
    memorySize: 1024,
    timeoutSeconds: 10,
    tables: {
      // get/create/replaceIf/updateIf; erase deletes the reader, then their deliveries in batches.
      subscribers: { actions: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'] },
      // preferences export lists a reader's deliveries; erase deletes them.
      deliveries: { actions: ['Query', 'BatchWriteItem'] },
      throttles: { actions: ['UpdateItem'] },
      // edition pages: one edition, the newest ones by the byKind index, and their papers.
      editions: { actions: ['GetItem'], queryIndexes: ['byKind'] },
      papers: { actions: ['BatchGetItem'] },
    },
    sendsEmail: true,
    readsTokenSecret: true,
    usesTemplates: true,
  },
  {
    name: 'ingest',
    entry: 'functions/handlers/ingest.ts',
    description: "Scheduled: the day's Hugging Face Daily Papers (and arXiv listings) into the papers table",
    trigger: { kind: 'schedule', cron: 'INGEST_SCHEDULE' },
    memorySize: 512,
    // Paged upstream calls at arXiv's 3 s spacing, with retries that may honour a Retry-After.
    timeoutSeconds: 300,
    // Upsert; a paper's first second source is widened by a consistent read, then a conditional update.
    tables: { papers: { actions: ['UpdateItem', 'GetItem'] } },
  },
  {
    name: 'planner',
    entry: 'functions/handlers/planner.ts',
    description:
      'Scheduled every 15 minutes: the readers due by the bySlot index, their editions, pages to send',
    trigger: { kind: 'schedule', cron: 'DIGEST_SCHEDULE' },
    memorySize: 512,
    timeoutSeconds: 300,
    tables: {
      papers: { actions: [], queryIndexes: ['byDailyDate'] },
      editions: { actions: ['GetItem', 'PutItem'] },
      // A tick: Query bySlot, then a conditional UpdateItem per reader (slot moved on). Scan: a whole day by
      // date (an operator) and the one-off backfill of readers stored before slots.
      subscribers: { actions: ['Scan', 'UpdateItem'], queryIndexes: ['bySlot'] },
    },
    enqueuesSends: true,
  },
  {
    name: 'sender',
    entry: 'functions/handlers/sender.ts',
    description: 'Send queue: renders and sends one page of digests, paced under the SES rate',
    trigger: { kind: 'send-queue' },
    memorySize: 1024,
    // One page (SEND_PAGE_SIZE readers) at MAX_SEND_RATE / SENDER_CONCURRENCY, e.g. 50 at 0.5/s = 100 s.
    timeoutSeconds: 300,
    tables: {
      // UpdateItem: the seen-set, written in one transaction with the ledger's `sent` (TransactWriteItems
      // is authorised per item action).
      // BatchGetItem: a page's readers in one call.
      subscribers: { actions: ['BatchGetItem', 'UpdateItem'] },
      editions: { actions: ['GetItem'] },
      papers: { actions: ['BatchGetItem'] },
      // The delivery ledger: claim, mark sent, release on failure.
      deliveries: { actions: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'] },
    },
    sendsEmail: true,
    readsSesAccount: true,
    readsTokenSecret: true,
    usesTemplates: true,
  },
  {
    name: 'ses-events',
    entry: 'functions/handlers/ses-events.ts',
    description:
      'SES events (SNS → SQS ses-events): settle sends; bounces and complaints suppress or unsubscribe readers',
    trigger: { kind: 'ses-events' },
    memorySize: 256,
    timeoutSeconds: 30,
    // deliveries: SES's events settle the ledger (conditional UpdateItem on an existing record only).
    tables: { subscribers: { actions: ['GetItem', 'UpdateItem'] }, deliveries: { actions: ['UpdateItem'] } },
  },
  {
    name: 'rotate-token-secret',
    entry: 'functions/handlers/rotate-token-secret.ts',
    description:
      'Secrets Manager rotation: a new token-signing key; the old one stays in the ring (previous, retired)',
    trigger: { kind: 'secret-rotation' },
    memorySize: 256,
    timeoutSeconds: 30,
    tables: {},
    rotatesTokenSecret: true,
  },
];
