import type { SesEvent } from '../schemas/ses-event';

/** Transient bounces in a row after which a reader is suppressed. */
export const TRANSIENT_BOUNCE_LIMIT = 3;

export type Feedback =
  | { kind: 'permanent-bounce'; address: string }
  /** `messageId`: SES's id of the bounced email, so a redelivered event is recognised. */
  | { kind: 'transient-bounce'; address: string; messageId?: string }
  | { kind: 'complaint'; address: string }
  | { kind: 'delivery'; address: string };

/**
 * What an SES event means for each address it names. A permanent bounce suppresses; a complaint
 * unsubscribes and suppresses; transient (and undetermined) bounces count toward suppression; a delivery
 * resets that count. Other event types (Send, Open, …) change nothing.
 */
export function feedbackOf(event: SesEvent): Feedback[] {
  switch (event.type) {
    case 'Bounce': {
      const kind = event.bounce?.bounceType === 'Permanent' ? 'permanent-bounce' : 'transient-bounce';
      const messageId = event.mail.messageId;
      return (event.bounce?.bouncedRecipients ?? []).map((r) =>
        kind === 'transient-bounce'
          ? { kind, address: r.emailAddress, messageId }
          : { kind, address: r.emailAddress },
      );
    }
    case 'Complaint':
      return (event.complaint?.complainedRecipients ?? []).map((r) => ({
        kind: 'complaint',
        address: r.emailAddress,
      }));
    case 'Delivery':
      return (event.delivery?.recipients ?? event.mail.destination).map((address) => ({
        kind: 'delivery',
        address,
      }));
    default:
      return [];
  }
}
