import { randomUUID } from 'node:crypto';
import type { Config } from '../config';
import { deliveryTags } from '../core/delivery-key';
import { claimSendsUntil, ledgerExpiresAt, verdictOnExisting } from '../core/delivery-rules';
import { assembleDigest, type PreparedEdition } from '../core/digest-render';
import { issueFeedbackToken } from '../core/feedback-token';
import { editionUrl, preferencesUrl, unsubscribeUrl } from '../core/links';
import { followedCount, selectWithProfile } from '../core/profile';
import { recordSeen, seenInEdition } from '../core/seen-papers';
import { type EditionRanking, prepareRanking, selectForReader } from '../core/selection';
import { certainlyNotSent, isPermanentRejection } from '../core/send-errors';
import { issueToken } from '../core/tokens';
import { type Lanes, pool } from '../lib/pool';
import type { Claim, ClaimResult, Ports } from '../ports';
import type { SendPage } from '../schemas/delivery';
import type { Edition } from '../schemas/edition';
import type { Paper } from '../schemas/paper';
import type { Subscriber } from '../schemas/subscriber';

/** An edition ready to personalise: its ranked papers, their features and its digest, prepared once. */
export interface LoadedEdition {
  edition: Edition;
  ranked: Paper[];
  ranking: EditionRanking;
  prepared: PreparedEdition;
}

export type ReaderOutcome =
  | 'sent'
  /** Sent once more: an earlier claim got no SES event within its grace window, so SES never took it. */
  | 'resent'
  | 'already-sent'
  | 'inactive'
  | 'nothing-matching'
  /** A fresh claim held by another invocation: the page is retried later. */
  | 'in-flight'
  /** A claim whose window closed, waiting for SES's events within the grace window: the page is retried later. */
  | 'settling'
  /** SES refused this email for good (address, content): logged, not retried. */
  | 'rejected'
  /** Could not send now (throttled past every retry, SES or DynamoDB error): the page is retried later. */
  | 'failed'
  /** Not started: the invocation is near its time limit; the page comes back for these readers. */
  | 'deferred';

const RETRY_LATER: ReadonlySet<ReaderOutcome> = new Set(['in-flight', 'settling', 'failed', 'deferred']);

/** Editions ready to personalise, loaded once per process per edition id. */
export interface PreparedEditions {
  load(editionId: string): Promise<LoadedEdition>;
}

export type SendDigestDeps = Pick<
  Ports,
  'subscribers' | 'deliveries' | 'mailer' | 'signingSecret' | 'clock' | 'log'
> & {
  config: Pick<
    Config,
    | 'PUBLIC_BASE_URL'
    | 'DIGEST_TOP_N'
    | 'LIST_ID'
    | 'UNSUBSCRIBE_MAILTO'
    | 'SEND_VISIBILITY_TIMEOUT_SECONDS'
    | 'SEEN_PAPERS_DAYS'
    | 'SEND_GRACE_SECONDS'
  >;
  preparedEditions: PreparedEditions;
};

export interface PageResult {
  /** False when some reader must be retried: the SQS message is reported as a batch item failure. */
  ok: boolean;
  outcomes: Record<ReaderOutcome, number>;
}

/**
 * Loads an edition once per process: the edition, its papers in rank order, and its digest prepared
 * once (`prepareEdition`: string work on the compiled templates). A failed load is not cached, so the next message tries again.
 */
export function createPreparedEditions(
  deps: Pick<Ports, 'editions' | 'papers'> & {
    prepare(edition: Edition, papers: Paper[]): Promise<PreparedEdition>;
  },
): PreparedEditions {
  const cache = new Map<string, Promise<LoadedEdition>>();
  const load = (editionId: string) => {
    let loading = cache.get(editionId);
    if (!loading) {
      loading = (async () => {
        const edition = await deps.editions.getEdition(editionId);
        if (!edition) throw new Error(`edition ${editionId} not found`);
        const byId = new Map((await deps.papers.getPapers(edition.paperIds)).map((p) => [p.arxivId, p]));
        const ranked = edition.paperIds.flatMap((id) => byId.get(id) ?? []);
        const ranking = prepareRanking(ranked, edition.kind);
        return { edition, ranked, ranking, prepared: await deps.prepare(edition, ranked) };
      })();
      cache.set(editionId, loading);
      loading.catch(() => cache.delete(editionId));
    }
    return loading;
  };
  return { load };
}

async function sendToReader(
  deps: SendDigestDeps,
  loaded: LoadedEdition,
  subscriberId: string,
  read: Subscriber | Error | undefined,
): Promise<ReaderOutcome> {
  const { edition } = loaded;
  if (read instanceof Error) throw read;
  const subscriber = read;
  // Read again at send time (the page's read): the reader may have left, been suppressed or changed
  // frequency since planning.
  if (subscriber?.status !== 'active' || subscriber.suppressed || subscriber.frequency !== edition.kind)
    return 'inactive';
  const reader = { ...subscriber, seen: seenInEdition(subscriber.seenPapers, loaded.ranking.seen) };
  const picked = selectWithProfile(loaded.ranking, reader, deps.config.DIGEST_TOP_N, (n) =>
    selectForReader(loaded.ranking, reader, n),
  );
  if (picked.length === 0) return 'nothing-matching';

  // Built before the claim: whatever fails here leaves no claim behind.
  const base = deps.config.PUBLIC_BASE_URL;
  const secret = await deps.signingSecret();
  const token = issueToken(secret, {
    subscriberId,
    purpose: 'manage',
    version: subscriber.tokenVersion,
  });
  // One token per paper serves both of its links; the digest builds them around it (core/links).
  const feedbackToken = (paperId: string) =>
    issueFeedbackToken(secret, {
      subscriberId,
      paperId,
      editionId: edition.editionId,
      version: subscriber.tokenVersion,
    });
  const unsubscribe = unsubscribeUrl(base, token);
  const email = assembleDigest(loaded.prepared, {
    paperIds: picked.map((p) => p.paper.arxivId),
    why: picked.map((p) => p.why),
    followed: followedCount(picked),
    links: {
      unsubscribeUrl: unsubscribe,
      preferencesUrl: preferencesUrl(base, token),
      webViewUrl: editionUrl(base, edition),
      feedbackToken,
    },
  });
  const mailto = deps.config.UNSUBSCRIBE_MAILTO
    ? `, <mailto:${deps.config.UNSUBSCRIBE_MAILTO}?subject=unsubscribe>`
    : '';

  const now = deps.clock.now();
  const claim: Claim = {
    subscriberId,
    editionId: edition.editionId,
    claimId: randomUUID(),
    claimedAt: now.toISOString(),
  };
  const claimed = await claimOrSettle(deps, claim, now);
  if (claimed !== 'claimed' && claimed !== 'resend') return claimed;

  let messageId: string;
  try {
    ({ messageId } = await deps.mailer.send(
      {
        to: subscriber.email,
        subject: email.subject,
        html: email.html,
        text: email.text,
        headers: [
          { name: 'List-Unsubscribe', value: `<${unsubscribe}>${mailto}` },
          { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
          { name: 'List-Id', value: deps.config.LIST_ID },
        ],
        tags: deliveryTags(claim),
      },
      { notAfter: claimSendsUntil(claim.claimedAt, deps.config.SEND_VISIBILITY_TIMEOUT_SECONDS) },
    ));
  } catch (err) {
    const permanent = isPermanentRejection(err);
    // Only when SES certainly did not take the email may a later attempt send it at once; otherwise the claim
    // stays and SES's events settle it (a Send event: sent; none within the grace window: sent once more).
    if (permanent || certainlyNotSent(err)) await deps.deliveries.release(claim);
    deps.log.warn(permanent ? 'sender: SES rejected the email' : 'sender: send failed', {
      subscriberId,
      editionId: edition.editionId,
      outcome: permanent ? 'rejected' : 'failed',
      error: String(err),
    });
    return permanent ? 'rejected' : 'failed';
  }
  try {
    const sentAt = deps.clock.now();
    await deps.deliveries.markSent(claim, sentAt.toISOString(), messageId, {
      seenPapers: recordSeen(
        subscriber.seenPapers,
        sentAt.toISOString().slice(0, 10),
        picked.map((p) => p.paper.arxivId),
        deps.config.SEEN_PAPERS_DAYS,
      ),
    });
  } catch (err) {
    // Sent, but the ledger still says claimed: SES's Send event (tagged with this claim) will say sent.
    deps.log.error('sender: sent but not recorded', {
      subscriberId,
      editionId: edition.editionId,
      messageId,
      error: String(err),
    });
  }
  return claimed === 'resend' ? 'resent' : 'sent';
}

/**
 * Takes the reader's claim, or decides from the record already there (`verdictOnExisting`): our own
 * claim (a write whose answer was lost), already sent, in flight, settling, or a claim SES never took,
 * which is taken over (conditionally: a late SES event or another sender wins) and sent once more.
 */
async function claimOrSettle(
  deps: SendDigestDeps,
  claim: Claim,
  now: Date,
): Promise<'claimed' | 'resend' | 'already-sent' | 'in-flight' | 'settling'> {
  let result: ClaimResult = await deps.deliveries.claim({ ...claim, expiresAt: ledgerExpiresAt(now) });
  let tookOver = false;
  for (let round = 0; round < 3; round++) {
    if (result.claimed) return tookOver ? 'resend' : 'claimed';
    const existing = result.existing;
    const verdict = verdictOnExisting(existing, {
      now,
      claimId: claim.claimId,
      claimWindowSeconds: deps.config.SEND_VISIBILITY_TIMEOUT_SECONDS,
      graceSeconds: deps.config.SEND_GRACE_SECONDS,
    });
    if (verdict === 'ours') return tookOver || (existing.attempts ?? 1) > 1 ? 'resend' : 'claimed';
    if (verdict !== 'resend') return verdict;
    deps.log.warn('sender: no SES event within the grace window: sending once more', {
      subscriberId: claim.subscriberId,
      editionId: claim.editionId,
      claimedAt: existing.claimedAt,
      outcome: 'resent',
    });
    result = await deps.deliveries.takeOver(existing, claim);
    tookOver = true;
  }
  // The record kept changing under us: another sender is on it; the page comes back later.
  return 'in-flight';
}

/**
 * Sends one page of one edition, `parallel` readers at a time (and within `lanes`, if given). Never throws for a reader (a failed read of
 * the page throws before any claim): each outcome is counted. No reader is started
 * after `deadline` (epoch ms): a Lambda stopped between a claim and its send leaves a claim that only the
 * grace window can settle, which delays that reader's digest.
 */
export async function sendDigestPage(
  deps: SendDigestDeps,
  page: SendPage,
  opts: {
    deadline?: number;
    parallel?: number;
    /** Shared by the pages of a batch: at most its size readers in flight across all of them. */
    lanes?: Lanes;
  } = {},
): Promise<PageResult> {
  const outcomes = Object.fromEntries(
    (
      [
        'sent',
        'resent',
        'already-sent',
        'inactive',
        'nothing-matching',
        'in-flight',
        'settling',
        'rejected',
        'failed',
        'deferred',
      ] as const
    ).map((k) => [k, 0]),
  ) as Record<ReaderOutcome, number>;
  const ids = [...new Set(page.subscriberIds)];
  // The page's readers in one BatchGetItem (0.02 reads per reader for a page of 50), not one GetItem each,
  // read while the edition loads (the first page of an edition in a process waits for both, not one after the other).
  const [loaded, readers] = await Promise.all([
    deps.preparedEditions.load(page.editionId),
    deps.subscribers.getMany(ids),
  ]);
  // `parallel` readers side by side (the sender sizes it from the rate and the latencies: core/send-plan);
  // the paced mailer holds the rate however many wait on it.
  const inLane = opts.lanes ?? ((task) => task());
  await pool(ids, opts.parallel ?? 1, async (id) => {
    let outcome: ReaderOutcome;
    try {
      outcome = await inLane(() =>
        opts.deadline !== undefined && Date.now() >= opts.deadline
          ? Promise.resolve<ReaderOutcome>('deferred')
          : sendToReader(deps, loaded, id, readers.get(id)),
      );
    } catch (err) {
      deps.log.warn('sender: reader failed', {
        subscriberId: id,
        editionId: page.editionId,
        outcome: 'failed',
        error: String(err),
      });
      outcome = 'failed';
    }
    outcomes[outcome]++;
  });
  return {
    ok: !Object.entries(outcomes).some(([k, n]) => n > 0 && RETRY_LATER.has(k as ReaderOutcome)),
    outcomes,
  };
}
