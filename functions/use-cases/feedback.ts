import { verifyFeedbackToken } from '../core/feedback-token';
import { paperFeatures } from '../core/paper-features';
import { profileOf, withFeedback, withoutFeedback } from '../core/profile';
import { applyPress, retractPress } from '../core/relevance';
import type { TokenRefusal } from '../core/subscriber-token';
import type { Ports } from '../ports';
import type { Paper } from '../schemas/paper';
import { type FeedbackKind, PROFILE_LIMITS } from '../schemas/profile';
import { emptyRelevance } from '../schemas/relevance';
import type { Subscriber } from '../schemas/subscriber';
import { checkAgainstKeyRing } from './resolve-token';

/**
 * "More like this" / "Less like this" from a digest. `checkFeedbackLink` (the GET) only reads: mail
 * scanners open every link of an email, so nothing is recorded until the page's form is posted
 * (`recordFeedback`), which can also be undone. The feedback list on the subscriber item is what
 * the reader sees; `relevance` is what the ranking learned from it, updated in the same write.
 */
export type FeedbackDeps = Pick<Ports, 'subscribers' | 'papers' | 'signingKeys'>;

export type FeedbackChoice = FeedbackKind | 'undo';

type Resolved =
  | { ok: true; subscriber: Subscriber; paper: Paper; editionId: string }
  | { ok: false; reason: TokenRefusal };

/** The token's reader and paper, both still stored. An unknown reader or paper reads as forged. */
export async function checkFeedbackLink(
  deps: FeedbackDeps,
  token: string | undefined,
  now: Date,
): Promise<Resolved> {
  const check = await checkAgainstKeyRing(deps.signingKeys, (keys) => verifyFeedbackToken(keys, token, now));
  // An expired feedback link lived as long as a manage link (180 days): the same words.
  if (!check.ok) return { ok: false, reason: check.reason === 'expired' ? 'expired-manage' : check.reason };
  const subscriber = await deps.subscribers.get(check.subscriberId);
  if (!subscriber || subscriber.id !== check.subscriberId) return { ok: false, reason: 'forged' };
  if (subscriber.tokenVersion !== check.version) return { ok: false, reason: 'revoked' };
  const [paper] = await deps.papers.getPapers([check.paperId]);
  if (!paper) return { ok: false, reason: 'forged' };
  return { ok: true, subscriber, paper, editionId: check.editionId };
}

const ATTEMPTS = 5;

/** Records (or undoes) the reader's choice on the token's paper: one conditional write, retried on a race. */
export async function recordFeedback(
  deps: FeedbackDeps,
  token: string | undefined,
  choice: FeedbackChoice,
  now: Date,
): Promise<{ ok: true; subscriber: Subscriber; paper: Paper } | { ok: false; reason: TokenRefusal }> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const resolved = await checkFeedbackLink(deps, token, now);
    if (!resolved.ok) return resolved;
    const { subscriber: s, paper, editionId } = resolved;
    const list = profileOf(s).feedback;
    const feedback =
      choice === 'undo'
        ? withoutFeedback(list, paper.arxivId)
        : withFeedback(list, {
            paperId: paper.arxivId,
            kind: choice,
            title: paper.title.slice(0, PROFILE_LIMITS.feedbackTitleChars),
            editionId: editionId.slice(0, 64),
            at: now.toISOString(),
          });
    // The press teaches the ranking in the same write: the paper's features are computed here, as the
    // sender computes them (fixed IDF table), and folded into the reader's bounded relevance state.
    const features = paperFeatures(paper);
    const state = s.relevance ?? emptyRelevance();
    const relevance =
      choice === 'undo'
        ? retractPress(state, { paperId: paper.arxivId, features })
        : applyPress(state, { paperId: paper.arxivId, kind: choice, title: paper.title, features });
    // Strictly later than the version read, so the optimistic lock below always sees a change.
    const updatedAt = new Date(Math.max(now.getTime(), Date.parse(s.updatedAt) + 1)).toISOString();
    if (
      await deps.subscribers.updateIf(
        s.id,
        s.tokenVersion,
        { feedback, relevance, updatedAt },
        { updatedAtIs: s.updatedAt },
      )
    )
      return { ok: true, subscriber: { ...s, feedback, relevance, updatedAt }, paper };
  }
  throw new Error('feedback: the reader item kept changing while recording');
}
