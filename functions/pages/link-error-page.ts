import { TOKEN_REFUSAL_TEXT, type TokenRefusal } from '../core/subscriber-token';
import { html } from './html';
import { messagePage } from './message-page';

/** The 400 page for a refused link: which problem, and how to get a working link. */
export function linkErrorPage(reason: TokenRefusal | 'unsubscribed'): string {
  if (reason === 'unsubscribed')
    return messagePage({
      title: 'Subscription ended',
      lines: [
        'You unsubscribed after confirming, so this confirmation link no longer starts a subscription.',
        html`To subscribe again, <a href="/">sign up</a> and confirm the new email.`,
      ],
    });
  const text = TOKEN_REFUSAL_TEXT[reason];
  return messagePage({
    title: text.title,
    lines: [text.reason, html`${text.remedy} <a href="/">Sign up page</a>.`],
  });
}
