import type { Config } from './config';
import type { LedgerEvent } from './core/delivery-key';
import type { PreparedEdition } from './core/digest-render';
import type { SigningKeys } from './core/tokens';
import type { MetricName } from './metric-names';
import type { TemplateName } from './schemas/compiled-templates';
import type { Delivery, SendPage } from './schemas/delivery';
import type { Edition } from './schemas/edition';
import type { Paper } from './schemas/paper';
import type { BY_SLOT_PROJECTION, Subscriber } from './schemas/subscriber';

/**
 * The ports: every use-case takes `Pick<Ports, …>` of the ones it uses, named as below, and nothing
 * else. Adapters (`functions/adapters/`) implement them; a composition root (`functions/roots/`)
 * builds one `Ports` per process. One name per concept: the `subscribers` port reads and writes the
 * subscribers table, `deliveries` the deliveries table, and so on.
 */
export interface Ports {
  config: Config;
  subscribers: Subscribers;
  papers: Papers;
  editions: Editions;
  deliveries: Deliveries;
  throttles: Throttles;
  mailer: Mailer;
  sendQueue: SendQueue;
  emailRenderer: EmailRenderer;
  /** The token-signing key (Secrets Manager on AWS, a file in DATA_DIR locally), loaded once. */
  signingSecret: () => Promise<Buffer>;
  /**
   * Every key that verifies (current, previous, retired). `fresh` re-reads the secret when the copy is
   * older than a few seconds: a link signed by a key rotated in after this process read it still works.
   */
  signingKeys: (opts?: { fresh?: boolean }) => Promise<SigningKeys>;
  hfPapers: HfDailyPapers;
  arxivRss: ArxivRss;
  clock: Clock;
  log: Log;
  metrics: Metrics;
}

/** What the planner needs of a reader: enough to route (and, in a dry run, to select) without the rest. */
export type ReaderRef = Pick<Subscriber, 'id' | 'email' | 'frequency' | 'topics'>;

/** A reader as the planner tick reads it from the `bySlot` GSI: routing and schedule fields only. */
export type DueReader = Pick<
  Subscriber,
  'id' | 'nextSlot' | 'slotShard' | (typeof BY_SLOT_PROJECTION)[number]
>;

/**
 * The subscribers table (partition key `id` = subscriberIdFor(email)). Every write that can race is
 * conditional: a write whose condition fails returns `false` and the use-case re-reads and decides.
 */
export interface Subscribers {
  get(id: string): Promise<Subscriber | undefined>;
  /**
   * Many by id (strongly consistent, BatchGetItem of ≤ 100 keys, unprocessed keys asked again): an id
   * with no item is absent from the map; an item that does not parse maps to its Error.
   */
  getMany(ids: readonly string[]): Promise<Map<string, Subscriber | Error>>;
  /** Puts a new item only if no item has this id. */
  create(subscriber: Subscriber): Promise<boolean>;
  /** Replaces the item only if it is still in `expected` status with `expected` token version. */
  replaceIf(
    subscriber: Subscriber,
    expected: { status: Subscriber['status']; tokenVersion: number },
  ): Promise<boolean>;
  /** Sets fields on an existing item whose token version is `tokenVersion`; `remove` drops attributes. */
  updateIf(
    id: string,
    tokenVersion: number,
    set: Partial<Omit<Subscriber, 'id'>>,
    opts?: {
      remove?: (keyof Subscriber)[];
      statusIs?: Subscriber['status'];
      /** Optimistic lock for read-modify-write (the feedback list): the item is as read. */
      updatedAtIs?: string;
    },
  ): Promise<boolean>;
  /** Deletes the delivery-ledger items of this subscriber (table `deliveries`), then the subscriber itself. */
  erase(id: string): Promise<{ deliveriesDeleted: number }>;
  /** Every delivery-ledger item of this subscriber, for the data export. */
  deliveriesOf(id: string): Promise<Record<string, unknown>[]>;
  /**
   * One segment of a parallel Scan over active, unsuppressed readers, page by page: the caller holds
   * one page at a time, never the whole list.
   */
  scanActive(segment: number, totalSegments: number): AsyncIterable<ReaderRef[]>;
  /**
   * The planner tick: readers of one `bySlot` shard whose `nextSlot` ≤ `until` (due now or overdue), page
   * by page. `onRead` gets the items each page read (the bench counts them).
   */
  dueInShard(
    shard: number,
    until: string,
    opts?: { onRead?: (items: number) => void },
  ): AsyncIterable<DueReader[]>;
  /** Moves the reader's slot on and records the local day served, only if the slot is still `from`. */
  advanceSlot(id: string, from: string, to: { nextSlot: string; servedDay: string }): Promise<boolean>;
  /** Records `day` as served (never moves it back); for a reader whose slot changed under the tick. */
  markServed(id: string, day: string): Promise<void>;
  /** Takes a reader who left or was suppressed out of the `bySlot` index, only if the slot is still `from`. */
  unslot(id: string, from: string): Promise<boolean>;
  /** Active, unsuppressed readers with no slot yet (items written before slots existed), for the backfill. */
  scanUnslotted(segment: number, totalSegments: number): AsyncIterable<DueReader[]>;
  /** Files an active reader with no slot under one (conditional: still active, still no slot). */
  fileSlot(id: string, slot: { nextSlot: string; slotShard: number }): Promise<boolean>;
  /**
   * Transient bounces in a row (`transientBounces`, atomic ADD), once per SES message id (a redelivered
   * Bounce is not counted again): the count; undefined when no such subscriber.
   */
  countTransientBounce(id: string, messageId?: string): Promise<BounceCount | undefined>;
  /** A delivery ends the run of transient bounces. */
  clearTransientBounces(id: string): Promise<void>;
  /** Resolves when the table answers (the health check); throws otherwise. */
  ping(): Promise<void>;
}

/**
 * One secret's versions in Secrets Manager (the rotation function's only dependency): staging labels
 * `AWSCURRENT` (in force) and `AWSPENDING` (being rotated in).
 */
export interface SecretVersions {
  describe(secretId: string): Promise<{ rotationEnabled: boolean; versions: Record<string, string[]> }>;
  /** The value at a version and/or stage; undefined when there is none. */
  get(secretId: string, at: { versionId?: string; stage: string }): Promise<string | undefined>;
  /** Writes `value` as version `versionId`, labelled AWSPENDING (idempotent per version id). */
  putPending(secretId: string, versionId: string, value: string): Promise<void>;
  /** Moves AWSCURRENT from `fromVersionId` to `versionId`. */
  makeCurrent(secretId: string, versionId: string, fromVersionId: string): Promise<void>;
}

/** The transient-bounce count after a bounce; `counted` is false when that bounce was counted before. */
export interface BounceCount {
  count: number;
  counted: boolean;
}

export interface UpsertResult {
  /** arXiv ids stored for the first time. */
  storedNew: string[];
  /** Already stored, and at least one field changed (upvotes, AI summary…). */
  updated: string[];
  /** Already stored, nothing changed but `lastUpdatedAt`. */
  unchanged: string[];
}

/** The papers table (`arxivId`; GSI `byDailyDate`). */
export interface Papers {
  /** Stores each paper once per arXiv id, keeping the first-seen time; fields follow the merge rule. */
  upsert(papers: Paper[]): Promise<UpsertResult>;
  /** Every paper of one Daily-Papers day (GSI `byDailyDate`), all pages. */
  papersOfDay(date: string): Promise<Paper[]>;
  get(arxivId: string): Promise<Paper | undefined>;
  /**
   * The papers that exist, in the order of `arxivIds`; unknown or unreadable items are left out.
   * `{ features: false }` leaves their ranking features unread: pages show papers and never rank them,
   * and the features are most of an item (~4 of ~6.5 KB).
   */
  getPapers(arxivIds: string[], opts?: { features?: boolean }): Promise<Paper[]>;
  /** Stores a paper's ranking features on its item (never creates one); `false` when there is no such paper. */
  putFeatures(arxivId: string, features: NonNullable<Paper['features']>): Promise<boolean>;
}

/** Editions by id (`daily#YYYY-MM-DD`, `weekly#YYYY-MM-DD`) in the editions table (GSI `byKind`: kind, date). */
export interface Editions {
  /** Overwrites. The planner writes an edition only when none is stored, so a re-run of a date mails
   * (and the web view shows) the edition first planned. */
  putEdition(edition: Edition): Promise<void>;
  getEdition(editionId: string): Promise<Edition | undefined>;
  /** The newest `limit` editions, newest first (daily before weekly on one day; GSI `byKind`). */
  listEditions(limit: number): Promise<Edition[]>;
}

type DeliveryKey = Pick<Delivery, 'subscriberId' | 'editionId'>;
/** One attempt's claim: the key, its random id and when it was taken. */
export type Claim = DeliveryKey & { claimId: string; claimedAt: string };
export type ClaimResult = { claimed: true } | { claimed: false; existing: Delivery };

/** The delivery ledger (table `deliveries`, keys `subscriberId` + `editionId`). */
export interface Deliveries {
  /** Conditional put: `claimed` when no record existed, else the record that did. */
  claim(d: Claim & Pick<Delivery, 'expiresAt'>): Promise<ClaimResult>;
  /** Replaces a stale claim by ours, only if it is still that claim and no SES event arrived meanwhile. */
  takeOver(stale: Delivery, d: Claim): Promise<ClaimResult>;
  /** Completes our own claim (same `claimId`). */
  markSent(
    d: Claim,
    sentAt: string,
    messageId: string,
    /** The reader's seen-set after this delivery (issue 11), written in the same transaction as the record. */
    also?: { seenPapers: string[] },
  ): Promise<void>;
  /** Drops our own claim after a send that SES certainly refused, so a retry may send. */
  release(d: Claim): Promise<void>;
  /**
   * Records one SES event on its record (idempotent and order-free: a set of message ids and first-seen
   * times). `missing`: no such record (erased, expired or released): nothing is created.
   */
  recordSesEvent(e: LedgerEvent): Promise<{ recorded: true; copies: number } | { recorded: false }>;
  get(subscriberId: string, editionId: string): Promise<Delivery | undefined>;
}

/** Rate-limit counters in the throttles table: one atomic ADD per hit, TTL on the window's end. */
export interface Throttles {
  /** Counts one hit on `key` and returns the count including it. */
  hit(key: string, expiresAt: number): Promise<number>;
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  headers?: { name: string; value: string }[];
  /** SES v2 `EmailTags`: copied by SES into every event of this email (the digest's delivery key). */
  tags?: { name: string; value: string }[];
}

export interface SendOptions {
  /** Epoch ms after which no SES call may start for this email (the claim's window); see `SendWindowClosed`. */
  notAfter?: number;
}

/** SES v2 SendEmail (the sender's is paced: see adapters/send-rate.ts). */
export interface Mailer {
  send(email: OutgoingEmail, opts?: SendOptions): Promise<{ messageId: string }>;
}

/** The send queue, written by the planner. */
export interface SendQueue {
  enqueue(pages: SendPage[]): Promise<void>;
}

/** Every email body, from templates compiled before the process runs (adapters/email-renderer.ts). */
export interface EmailRenderer {
  /** A signup email: values are HTML-escaped into the HTML, inserted as they are into the text. */
  render(name: TemplateName, values: Record<string, string>): Promise<{ html: string; text: string }>;
  /** The edition's digest, ready for `assembleDigest` per reader (string work only). */
  prepareEdition(edition: Edition, papers: Paper[]): Promise<PreparedEdition>;
}

/** Hugging Face Daily Papers: one day's raw entries (validated by the core). */
export interface HfDailyPapers {
  fetchDay(date: string): Promise<unknown[]>;
}

/** arXiv's RSS listing. */
export interface ArxivRss {
  /** The current listing of the given categories (one request: `<base>/<cat>+<cat>`), as XML text. */
  fetchListing(categories: string[]): Promise<string>;
}

export interface Clock {
  now(): Date;
}

/** Structured log lines (Powertools Logger on every process: JSON with the Lambda context on AWS). */
export type LogAttributes = Record<string, unknown>;
export interface Log {
  debug(message: string, ...extra: LogAttributes[]): void;
  info(message: string, ...extra: LogAttributes[]): void;
  warn(message: string, ...extra: LogAttributes[]): void;
  error(message: string, ...extra: LogAttributes[]): void;
}

/** Custom CloudWatch metrics (counts, namespace PapersInbox); written on Lambda only. */
export interface Metrics {
  count(values: Partial<Record<MetricName, number>>): void;
}
