import { html } from './html';
import { messagePage } from './message-page';

/** After a confirm link: the subscription is on, with the reader's manage and unsubscribe links. */
export function confirmedPage(opts: {
  email: string;
  alreadyConfirmed: boolean;
  preferencesUrl: string;
  unsubscribeUrl: string;
}): string {
  return messagePage({
    title: opts.alreadyConfirmed ? 'Already confirmed' : 'Subscription confirmed',
    lines: [
      opts.alreadyConfirmed
        ? html`The subscription for <strong>${opts.email}</strong> was already confirmed; nothing changed.`
        : html`Thanks: <strong>${opts.email}</strong> will get the next digest of trending AI papers.`,
      html`<a href="${opts.preferencesUrl}" rel="nofollow">Manage your preferences</a> (topics, daily or weekly, your data).`,
      html`<a href="${opts.unsubscribeUrl}" rel="nofollow">Unsubscribe</a> at any time; every email has this link too.`,
    ],
  });
}
