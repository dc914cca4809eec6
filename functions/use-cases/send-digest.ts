import type { DeliveryLedger } from '../adapters/delivery-ledger';
import type { Mailer } from '../adapters/mailer';
import type { Config } from '../config';
import { ledgerExpiresAt, verdictOnExisting } from '../core/delivery-rules';
import { assembleDigest, type PreparedEdition } from '../core/digest-render';
import { editionWebPath } from '../core/edition';
import { issueFeedbackToken } from '../core/feedback-token';
import { feedbackUrl, preferencesUrl, unsubscribeUrl } from '../core/links';
import { selectWithProfile } from '../core/profile';
import { type EditionRanking, prepareRanking, selectForReader } from '../core/selection';
import { isPermanentRejection, sesAnswered } from '../core/send-errors';
import { issueToken } from '../core/tokens';
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
  | 'already-sent'
  | 'inactive'
  | 'nothing-matching'
  /** A stale claim: maybe sent, maybe not; never resent (no duplicates). */
  | 'uncertain'
  /** A fresh claim held by another invocation: the page is retried later. */
  | 'in-flight'
  /** SES refused this email for good (address, content): logged, not retried. */
  | 'rejected'
  /** Could not send now (throttled past every retry, SES or DynamoDB error): the page is retried later. */
  | 'failed'
  /** Not started: the invocation is near its time limit; the page comes back for these readers. */
  | 'deferred';

const RETRY_LATER: ReadonlySet<ReaderOutcome> = new Set(['in-flight', 'failed', 'deferred']);

export interface SendDigestDeps {
  config: Pick<
    Config,
    'PUBLIC_BASE_URL' | 'DIGEST_TOP_N' | 'LIST_ID' | 'UNSUBSCRIBE_MAILTO' | 'SEND_VISIBILITY_TIMEOUT_SECONDS'
  >;
  getSubscriber(id: string): Promise<Subscriber | undefined>;
  loadEdition(editionId: string): Promise<LoadedEdition>;
  ledger: DeliveryLedger;
  mailer: Mailer;
  signingSecret(): Promise<Buffer>;
  now(): Date;
  log(line: string): void;
}

export interface PageResult {
  /** False when some reader must be retried: the SQS message is reported as a batch item failure. */
  ok: boolean;
  outcomes: Record<ReaderOutcome, number>;
}

/**
 * Loads an edition once per process: the edition, its papers in rank order, and its digest prepared
 * once (`prepareEdition`: string work on the compiled templates). A failed load is not cached, so the next message tries again.
 */
export function createEditionLoader(deps: {
  getEdition(editionId: string): Promise<Edition | undefined>;
  getPapers(ids: string[]): Promise<Paper[]>;
  prepare(edition: Edition, papers: Paper[]): Promise<PreparedEdition>;
}): (editionId: string) => Promise<LoadedEdition> {
  const cache = new Map<string, Promise<LoadedEdition>>();
  return (editionId) => {
    let loading = cache.get(editionId);
    if (!loading) {
      loading = (async () => {
        const edition = await deps.getEdition(editionId);
        if (!edition) throw new Error(`edition ${editionId} not found`);
        const byId = new Map((await deps.getPapers(edition.paperIds)).map((p) => [p.arxivId, p]));
        const ranked = edition.paperIds.flatMap((id) => byId.get(id) ?? []);
        const ranking = prepareRanking(ranked, edition.kind);
        return { edition, ranked, ranking, prepared: await deps.prepare(edition, ranked) };
      })();
      cache.set(editionId, loading);
      loading.catch(() => cache.delete(editionId));
    }
    return loading;
  };
}

async function sendToReader(
  deps: SendDigestDeps,
  loaded: LoadedEdition,
  subscriberId: string,
): Promise<ReaderOutcome> {
  const { edition } = loaded;
  const subscriber = await deps.getSubscriber(subscriberId);
  // Read again at send time: the reader may have left, been suppressed or changed frequency since planning.
  if (subscriber?.status !== 'active' || subscriber.suppressed || subscriber.frequency !== edition.kind)
    return 'inactive';
  const picked = selectWithProfile(loaded.ranking, subscriber, deps.config.DIGEST_TOP_N, (n) =>
    selectForReader(loaded.ranking, subscriber, n),
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
  const feedback = (paperId: string) => {
    const t = issueFeedbackToken(secret, {
      subscriberId,
      paperId,
      editionId: edition.editionId,
      version: subscriber.tokenVersion,
    });
    return { moreUrl: feedbackUrl(base, t, 'more'), lessUrl: feedbackUrl(base, t, 'less') };
  };
  const unsubscribe = unsubscribeUrl(base, token);
  const email = assembleDigest(loaded.prepared, {
    paperIds: picked.map((p) => p.paper.arxivId),
    links: {
      unsubscribeUrl: unsubscribe,
      preferencesUrl: preferencesUrl(base, token),
      // Relative to the base, so a base with a path (a stage prefix) keeps it.
      webViewUrl: new URL(
        editionWebPath(edition).slice(1),
        base.endsWith('/') ? base : `${base}/`,
      ).toString(),
      feedback,
    },
  });
  const mailto = deps.config.UNSUBSCRIBE_MAILTO
    ? `, <mailto:${deps.config.UNSUBSCRIBE_MAILTO}?subject=unsubscribe>`
    : '';

  const now = deps.now();
  const claim = { subscriberId, editionId: edition.editionId, claimedAt: now.toISOString() };
  const claimed = await deps.ledger.claim({ ...claim, expiresAt: ledgerExpiresAt(now) });
  if (!claimed.claimed) {
    const verdict = verdictOnExisting(claimed.existing, now, deps.config.SEND_VISIBILITY_TIMEOUT_SECONDS);
    if (verdict === 'uncertain')
      deps.log(
        `sender: ${subscriberId} ${edition.editionId}: claimed at ${claimed.existing.claimedAt} and never completed: not resent`,
      );
    return verdict;
  }

  let messageId: string;
  try {
    ({ messageId } = await deps.mailer.send({
      to: subscriber.email,
      subject: email.subject,
      html: email.html,
      text: email.text,
      headers: [
        { name: 'List-Unsubscribe', value: `<${unsubscribe}>${mailto}` },
        { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
        { name: 'List-Id', value: deps.config.LIST_ID },
      ],
    }));
  } catch (err) {
    const permanent = isPermanentRejection(err);
    // Only when SES certainly did not take the email may a later attempt send it; otherwise the claim stays.
    if (permanent || sesAnswered(err)) await deps.ledger.release(claim);
    deps.log(
      `sender: ${subscriberId} ${edition.editionId}: ${permanent ? 'rejected' : 'failed'}: ${String(err)}`,
    );
    return permanent ? 'rejected' : 'failed';
  }
  try {
    await deps.ledger.markSent(claim, deps.now().toISOString(), messageId);
  } catch (err) {
    // Sent, but the ledger still says claimed: the crash window. The claim blocks any resend.
    deps.log(
      `sender: ${subscriberId} ${edition.editionId}: sent as ${messageId} but not recorded: ${String(err)}`,
    );
  }
  return 'sent';
}

/**
 * Sends one page of one edition. Never throws for a reader: each outcome is counted. No reader is started
 * after `deadline` (epoch ms): a Lambda stopped between a claim and its send would leave that reader with
 * a stale claim, which is never resent.
 */
export async function sendDigestPage(
  deps: SendDigestDeps,
  page: SendPage,
  opts: { deadline?: number } = {},
): Promise<PageResult> {
  const outcomes = Object.fromEntries(
    (
      [
        'sent',
        'already-sent',
        'inactive',
        'nothing-matching',
        'uncertain',
        'in-flight',
        'rejected',
        'failed',
        'deferred',
      ] as const
    ).map((k) => [k, 0]),
  ) as Record<ReaderOutcome, number>;
  const loaded = await deps.loadEdition(page.editionId);
  // One page at a time per message; the batch's messages run side by side, and the paced mailer holds the rate.
  for (const id of new Set(page.subscriberIds)) {
    let outcome: ReaderOutcome;
    try {
      outcome =
        opts.deadline !== undefined && Date.now() >= opts.deadline
          ? 'deferred'
          : await sendToReader(deps, loaded, id);
    } catch (err) {
      deps.log(`sender: ${id} ${page.editionId}: failed: ${String(err)}`);
      outcome = 'failed';
    }
    outcomes[outcome]++;
  }
  return {
    ok: !Object.entries(outcomes).some(([k, n]) => n > 0 && RETRY_LATER.has(k as ReaderOutcome)),
    outcomes,
  };
}
