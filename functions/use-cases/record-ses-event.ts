import { ledgerEventOf } from '../core/delivery-key';
import type { Ports } from '../ports';
import type { SesEvent } from '../schemas/ses-event';
import { type FeedbackOutcome, type RecordSesFeedbackDeps, recordSesFeedback } from './record-ses-feedback';

export type RecordSesEventDeps = RecordSesFeedbackDeps & {
  deliveries: Pick<Ports['deliveries'], 'recordSesEvent'>;
};

/**
 * - `recorded`: the event is on its ledger record (a Send, or any later event, settles the claim as sent);
 * - `second-copy`: SES named a second message id for one reader's copy of one edition: a duplicate email;
 * - `no-record`: tagged, but the record is gone (erased, expired, released);
 * - `untagged`: not a digest (a confirmation email), or an event type the ledger does not keep.
 */
export type LedgerOutcome = 'recorded' | 'second-copy' | 'no-record' | 'untagged';

/** One SES event: first against the ledger, then what it means for the reader (bounce, complaint). */
export async function recordSesEvent(
  deps: RecordSesEventDeps,
  event: SesEvent,
): Promise<{ ledger: LedgerOutcome; feedback: FeedbackOutcome[] }> {
  const onLedger = ledgerEventOf(event);
  let ledger: LedgerOutcome = 'untagged';
  if (onLedger) {
    const out = await deps.deliveries.recordSesEvent(onLedger);
    ledger = !out.recorded ? 'no-record' : out.copies > 1 ? 'second-copy' : 'recorded';
    if (ledger !== 'recorded')
      deps.log.warn(`ses-events: ${ledger}`, {
        type: event.type,
        messageId: onLedger.messageId,
        subscriberId: onLedger.key.subscriberId,
        editionId: onLedger.key.editionId,
        outcome: ledger,
      });
  }
  return { ledger, feedback: await recordSesFeedback(deps, event) };
}
