import { html } from './html';
import { messagePage } from './message-page';

/** The same words on every accepted signup, whatever the address' state (no enumeration). */
export const SIGNUP_ACCEPTED_MESSAGE =
  'Thanks. If this address can be subscribed, a confirmation email is on its way: open the link in it to start your subscription. Nothing is sent until you confirm.';

export const checkInboxPage = () =>
  messagePage({ title: 'Check your inbox', lines: [SIGNUP_ACCEPTED_MESSAGE] });

export const signupProblemPage = (title: string, reasons: string[]) =>
  messagePage({
    title,
    lines: [...reasons, html`<a href="/">Back to the sign-up form</a>`],
  });
