import * as z from 'zod';
import { canonicalTimeZone } from './core/time-zones';

/**
 * The one validated configuration object. Every variable the service reads is declared here,
 * with its default; the README's configuration table mirrors this schema.
 * `createConfig(env)` builds it from an environment object: a process's composition root hands it
 * `process.env` (functions/roots/), tests and benches hand it an object of their own. Nothing reads
 * `process.env` at import time.
 */

// zod compiles each object schema's parser with `new Function` on its first parse; jitless parses the
// same way without that step: the same results, ~20 ms less on a cold start's first request
// (bench/coldstart), warm parses as fast (6–10 µs per subscriber item either way), and no eval.
// Set here because every process loads this module before it parses anything.
z.config({ jitless: true });

const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean),
);
const optionalUrl = z.preprocess((v) => (v === '' ? undefined : v), z.url().optional());
const int = (def: number) => z.coerce.number().int().positive().default(def);

export const DEFAULT_TOPICS =
  'llm,agents,reasoning,multimodal,vision,diffusion,robotics,reinforcement-learning,nlp,speech,audio,video,3d,code,efficiency,safety,alignment,benchmarks,retrieval,medical';

export const configSchema = z.object({
  AWS_REGION: z.string().default('us-east-1'),
  /** Set by Lambda itself: metrics (EMF) are written only there. */
  AWS_LAMBDA_FUNCTION_NAME: z.string().optional(),
  /** Set by the local stack, CLIs and tests; unset on AWS. */
  DYNAMODB_ENDPOINT: optionalUrl,
  SES_ENDPOINT: optionalUrl,
  SQS_ENDPOINT: optionalUrl,

  TABLE_PREFIX: z.string().default('papers-inbox-'),
  SUBSCRIBERS_TABLE: z.string().optional(),
  PAPERS_TABLE: z.string().optional(),
  EDITIONS_TABLE: z.string().optional(),
  DELIVERIES_TABLE: z.string().optional(),
  THROTTLES_TABLE: z.string().optional(),
  SEND_QUEUE_URL: z.string().optional(),

  PUBLIC_BASE_URL: z.url().default('http://127.0.0.1:3000'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().default('.local-data'),
  /** Local: read from DATA_DIR/token-secret (generated once). AWS: the Secrets Manager secret's ARN. */
  TOKEN_SECRET_ARN: z.string().optional(),

  SENDER_ADDRESS: z.string().default('Papers Inbox <digest@papers-inbox.local>'),
  SES_CONFIGURATION_SET: z.string().default('papers-inbox'),
  LIST_ID: z.string().default('Papers Inbox daily digest <digest.papers-inbox.local>'),
  UNSUBSCRIBE_MAILTO: z.preprocess((v) => (v === '' ? undefined : v), z.email().optional()),
  POSTAL_ADDRESS: z.string().default('Papers Inbox, 1 Example Street, Springfield'),

  TOPICS: csv.default(DEFAULT_TOPICS.split(',')),
  SIGNUP_LIMIT_PER_IP_PER_HOUR: int(20),
  CONFIRM_EMAILS_PER_ADDRESS_PER_DAY: int(3),

  PAPERS_API_URL: z.url().default('https://huggingface.co/api/daily_papers'),
  ARXIV_RSS_URL: z.url().default('https://rss.arxiv.org/rss'),
  ARXIV_CATEGORIES: csv.default(['cs.AI', 'cs.LG', 'cs.CL', 'cs.CV']),
  /** Standard 5-field cron, UTC. CDK converts the same string to EventBridge's form. */
  INGEST_SCHEDULE: z.string().default('0 6 * * *'),
  /** The planner tick: every 15 minutes (zones with :30 and :45 offsets exist); each tick mails the readers due. */
  DIGEST_SCHEDULE: z.string().default('*/15 * * * *'),
  /** Readers who chose no zone or hour (and items written before zones existed) get these. */
  DEFAULT_TIME_ZONE: z
    .string()
    .default('UTC')
    .transform((z, ctx) => {
      const zone = canonicalTimeZone(z);
      if (!zone) ctx.addIssue({ code: 'custom', message: `unknown IANA time zone "${z}"` });
      return zone ?? 'UTC';
    }),
  DEFAULT_DELIVERY_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  /** A Daily-Papers day is mailed only once its UTC day has been over for this many hours. */
  EDITION_SETTLE_HOURS: z.coerce.number().int().min(0).max(48).default(6),
  /**
   * Hours after the settle time by which a weekday's list must have settled; past it, readers due that
   * edition get nothing (EditionMissed) and the operator sends it late with `npm run digest -- --date`.
   */
  EDITION_DEADLINE_HOURS: z.coerce.number().int().min(0).max(48).default(4),
  /** Days of sent papers each reader's seen-set remembers (a paper sent is never sent again within it). */
  SEEN_PAPERS_DAYS: z.coerce.number().int().min(1).max(400).default(90),
  DIGEST_TOP_N: int(10),
  /** 0 = Sunday … 6 = Saturday: the day weekly readers get the week's digest. */
  WEEKLY_DIGEST_WEEKDAY: z.coerce.number().int().min(0).max(6).default(1),
  /** Overrides SES GetAccount's MaxSendRate when set (emails per second, whole account). */
  MAX_SEND_RATE: z.coerce.number().positive().optional(),
  /**
   * Sender Lambdas that may run at once (CDK reserves this concurrency); each sends at rate / this. CDK
   * sets it from `core/send-plan.sendPlan` (MAX_SEND_RATE / SENDER_INSTANCE_MAX_RATE, at least 2).
   */
  SENDER_CONCURRENCY: int(2),
  /** The most emails per second one sender instance is planned for (its CPU; CDK adds instances above it). */
  SENDER_INSTANCE_MAX_RATE: int(100),
  /**
   * A slow SES SendEmail and a slow DynamoDB call (about their p99, ms): each sender instance keeps
   * enough sends in flight to hide them (`core/send-plan.ts`), and CDK sizes the SQS batch from them.
   */
  SES_LATENCY_MS: int(80),
  DYNAMODB_LATENCY_MS: int(15),
  /** Reader ids per send-queue message. */
  SEND_PAGE_SIZE: z.coerce.number().int().min(1).max(100).default(50),
  /**
   * The send queue's visibility timeout, and a claim's window: no SES call starts under a claim older than
   * this, and until then another invocation treats the claim as in flight.
   */
  SEND_VISIBILITY_TIMEOUT_SECONDS: int(900),
  /**
   * How long after a claim's window SES's events may still arrive. A claim with no SES event by then was
   * never taken by SES and is sent once more (README, "Settling every send", says where 30 min comes from).
   */
  SEND_GRACE_SECONDS: int(1800),
  /** Local stack only: the `ses-events` queue the local SES stand-in publishes to (on AWS, SNS fills it). */
  SES_EVENTS_QUEUE_URL: z.string().optional(),
  /** Parallel Scan segments the planner reads the subscribers table with. */
  PLANNER_SCAN_SEGMENTS: z.coerce.number().int().min(1).max(64).default(4),
  /** Attempts per email when SES throttles (exponential backoff, full jitter) before the message is retried by SQS. */
  SES_THROTTLE_ATTEMPTS: int(8),

  /** Ingest: entries per Hugging Face page (the API's maximum is 100); paging goes on while a page is full. */
  PAPERS_API_PAGE_SIZE: z.coerce.number().int().min(1).max(100).default(100),
  /** Client-side cap on Hugging Face API calls per window (HF: 500 per 5 min, anonymous). */
  PAPERS_API_CALLS_PER_WINDOW: int(500),
  PAPERS_API_WINDOW_MS: int(300_000),
  /** arXiv's terms: at most one request every 3 s, one connection at a time. */
  ARXIV_MIN_INTERVAL_MS: int(3000),
  /** Days before the ingested day that a run re-ingests (upvotes rise, AI summaries arrive late). */
  INGEST_REINGEST_DAYS: z.coerce.number().int().min(0).max(30).default(2),
  /** Parallel conditional UpdateItems while storing papers. */
  INGEST_WRITE_CONCURRENCY: int(8),
  /** Upstream HTTP (Hugging Face, arXiv): per-attempt timeout, attempts, backoff, largest body read. */
  HTTP_TIMEOUT_MS: int(15_000),
  HTTP_MAX_ATTEMPTS: int(5),
  HTTP_BACKOFF_MS: int(1000),
  HTTP_BACKOFF_MAX_MS: int(30_000),
  /** A Retry-After longer than this fails the run instead of sleeping through it. */
  HTTP_RETRY_AFTER_MAX_MS: int(120_000),
  HTTP_MAX_BODY_BYTES: int(20_000_000),
});

export type Config = z.infer<typeof configSchema> & {
  tables: { subscribers: string; papers: string; editions: string; deliveries: string; throttles: string };
};

export class ConfigError extends Error {}

export function createConfig(env: Record<string, string | undefined>): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`invalid configuration: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const c = parsed.data;
  return {
    ...c,
    tables: {
      subscribers: c.SUBSCRIBERS_TABLE ?? `${c.TABLE_PREFIX}subscribers`,
      papers: c.PAPERS_TABLE ?? `${c.TABLE_PREFIX}papers`,
      editions: c.EDITIONS_TABLE ?? `${c.TABLE_PREFIX}editions`,
      deliveries: c.DELIVERIES_TABLE ?? `${c.TABLE_PREFIX}deliveries`,
      throttles: c.THROTTLES_TABLE ?? `${c.TABLE_PREFIX}throttles`,
    },
  };
}
