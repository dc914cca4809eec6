import type { TableSpec } from './tables';

/**
 * Every Lambda, declared once: its entry file, what triggers it and exactly what it may touch.
 * The stack turns each entry into a NodejsFunction whose role holds only these permissions, so adding
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
  actions: readonly DynamoAction[];
  /** GSIs the function queries (Query on an index needs the index ARN). */
  indexes?: readonly string[];
}

export type Trigger =
  | { kind: 'http' }
  | { kind: 'schedule'; cron: 'INGEST_SCHEDULE' | 'DIGEST_SCHEDULE' }
  | { kind: 'send-queue' }
  | { kind: 'ses-events' };

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
  /** ses:GetAccount, to read the account's MaxSendRate (an account-level call: no resource ARN). */
  readsSesAccount?: boolean;
  /** sqs:SendMessage to the send queue. */
  enqueuesSends?: boolean;
  /** secretsmanager:GetSecretValue on the token-signing secret. */
  readsTokenSecret?: boolean;
  /** Reads `templates/` at run time: the folder ships inside the bundle. */
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
      subscribers: { actions: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'] },
      throttles: { actions: ['UpdateItem'] },
    },
    sendsEmail: true,
    readsTokenSecret: true,
    usesTemplates: true,
  },
];
