import type { DeliveryLedger } from '../adapters/delivery-ledger';
import { ledgerEventOf } from '../core/delivery-key';
import type { SesEvent } from '../schemas/ses-event';
import { type FeedbackOutcome, type RecordSesFeedbackDeps, recordSesFeedback } from './record-ses-feedback';

export interface RecordSesEventDeps extends RecordSesFeedbackDeps {
  ledger: Pick<DeliveryLedger, 'recordSesEvent'>;
}

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
    const out = await deps.ledger.recordSesEvent(onLedger);
    ledger = !out.recorded ? 'no-record' : out.copies > 1 ? 'second-copy' : 'recorded';
    if (ledger !== 'recorded')
      deps.log(
        `ses-events: ${event.type} ${onLedger.messageId} for ${onLedger.key.subscriberId} ${onLedger.key.editionId}: ${ledger}`,
      );
  }
  return { ledger, feedback: await recordSesFeedback(deps, event) };
}
