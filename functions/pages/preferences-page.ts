import { profileOf } from '../core/profile';
import { topicLabel } from '../core/topics';
import { DIGEST_SIZES, PROFILE_LIMITS } from '../schemas/profile';
import type { Subscriber } from '../schemas/subscriber';
import { type DeliveryField, deliveryFields } from './delivery-fields';
import { html } from './html';
import { layout } from './layout';
import { messagePage } from './message-page';

/** The form's values: the stored ones, or what the reader typed when the form came back refused. */
export interface PreferenceValues {
  topics: string[];
  keywords: string;
  frequency: string;
  excludes: string;
  followedAuthors: string;
  followedOrganizations: string;
  digestSize: string;
  /** Absent: the reader's schedule (defaults filled in). */
  timeZone?: string;
  deliveryHour?: string;
  weeklyDay?: string;
}

export function storedValues(s: Subscriber, vocabulary: readonly string[]): PreferenceValues {
  const known = new Set(vocabulary);
  const p = profileOf(s);
  return {
    topics: s.topics.filter((t) => known.has(t)),
    keywords: s.topics.filter((t) => !known.has(t)).join(', '),
    frequency: s.frequency,
    excludes: p.excludes.join(', '),
    followedAuthors: p.followedAuthors.join('\n'),
    followedOrganizations: p.followedOrganizations.join('\n'),
    digestSize: String(p.digestSize),
  };
}

const asList = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
const asText = (v: unknown): string => asList(v).join(', ');

/** What a refused form sent, field by field, so the page shows it again as typed. */
export function typedValues(
  fields: Record<string, unknown>,
  vocabulary: readonly string[],
): PreferenceValues {
  const known = new Set(vocabulary);
  const topics = asList(fields.topics);
  return {
    topics: topics.filter((t) => known.has(t)),
    keywords: topics.filter((t) => !known.has(t)).join(', '),
    frequency: asText(fields.frequency),
    excludes: asText(fields.excludes),
    followedAuthors: asList(fields.followedAuthors).join('\n'),
    followedOrganizations: asList(fields.followedOrganizations).join('\n'),
    digestSize: asText(fields.digestSize),
    timeZone: asText(fields.timeZone) || undefined,
    deliveryHour: asText(fields.deliveryHour) || undefined,
    weeklyDay: asText(fields.weeklyDay) || undefined,
  };
}

const dayOf = (iso: string) => iso.slice(0, 10);

function feedbackSection(s: Subscriber, actionUrl: string) {
  const feedback = profileOf(s).feedback;
  if (feedback.length === 0)
    return html`<h2>Your feedback</h2>
<p>You have not marked any paper yet. Each paper in your digest has “More like this” and “Less like this” links; what you mark there is listed here.</p>`;
  return html`<h2>Your feedback</h2>
<p>Newest first. Your digest ranks papers like the ones you marked “More” higher, and like the ones you marked “Less” lower.</p>
<ol>
${feedback.map(
  (f) =>
    html`<li>${f.kind === 'more' ? 'More like this' : 'Less like this'}: <a href="https://huggingface.co/papers/${f.paperId}">${f.title}</a> (${dayOf(f.at)})</li>\n`,
)}</ol>
<form method="post" action="${actionUrl}">
<button type="submit" name="action" value="forget-feedback">Forget all my feedback</button>
</form>`;
}

/**
 * GET /preferences: topics (the vocabulary as checkboxes plus free keywords), frequency, digest size,
 * excluded keywords, follows, the feedback given, the data export and the first step of erasing. Every
 * form posts back to the same tokenised URL.
 */
export function preferencesPage(opts: {
  subscriber: Subscriber;
  vocabulary: readonly string[];
  actionUrl: string;
  exportUrl: string;
  unsubscribeUrl: string;
  /** Defaults to the stored values. */
  values?: PreferenceValues;
  notice?: string;
  errors?: string[];
  /** The reader's schedule with the defaults filled in (`core/reader-schedule.scheduleOf`). */
  schedule: { timeZone: string; deliveryHour: number; weeklyDay: number };
  /** When the next digest is due (shown in the reader's zone), for an active reader. */
  nextDelivery?: Date;
  /** Messages shown next to the zone, hour and weekday pickers after a refused post. */
  fieldErrors?: Partial<Record<DeliveryField, string>>;
}): string {
  const s = opts.subscriber;
  const v = opts.values ?? storedValues(s, opts.vocabulary);
  const noTopics = v.topics.length === 0 && v.keywords.trim() === '';
  const statusText = {
    pending: 'waiting for you to confirm the email we sent',
    active: 'subscribed',
    unsubscribed: 'unsubscribed: you get no emails',
  }[s.status];
  return layout({
    title: 'Your preferences',
    body: html`<h1>Your preferences</h1>
${opts.notice ? html`<p role="status">${opts.notice}</p>` : ''}
${opts.errors?.length ? html`<div role="alert"><p>Nothing was saved:</p><ul>${opts.errors.map((e) => html`<li>${e}</li>`)}</ul></div>` : ''}
<p><strong>${s.email}</strong>: ${statusText}.</p>
${
  opts.nextDelivery && s.status === 'active'
    ? html`<p>Your next digest: <strong>${nextText(opts.nextDelivery, opts.schedule.timeZone)}</strong> (${opts.schedule.timeZone}).</p>`
    : ''
}
<form method="post" action="${opts.actionUrl}">
<fieldset>
<legend>Topics${noTopics ? ' (none chosen: the overall top papers)' : ''}</legend>
${opts.vocabulary.map(
  (t) =>
    html`<label><input type="checkbox" name="topics" value="${t}"${v.topics.includes(t) ? html` checked` : ''}> ${topicLabel(t)}</label>\n`,
)}
<label for="keywords">Other keywords, comma-separated</label>
<input id="keywords" type="text" name="topics" value="${v.keywords}" maxlength="400">
</fieldset>
<fieldset>
<legend>Never send me papers about</legend>
<label for="excludes">Excluded keywords, comma-separated (up to ${PROFILE_LIMITS.excludes})</label>
<input id="excludes" type="text" name="excludes" value="${v.excludes}" maxlength="1400">
</fieldset>
<fieldset>
<legend>People you follow: their papers come first</legend>
<label for="followedAuthors">Authors, one per line (up to ${PROFILE_LIMITS.followedAuthors})</label>
<textarea id="followedAuthors" name="followedAuthors" rows="3" maxlength="5200">${v.followedAuthors}</textarea>
<label for="followedOrganizations">Organisations, one per line (up to ${PROFILE_LIMITS.followedOrganizations})</label>
<textarea id="followedOrganizations" name="followedOrganizations" rows="2" maxlength="2100">${v.followedOrganizations}</textarea>
</fieldset>
<fieldset>
<legend>How often</legend>
<label><input type="radio" name="frequency" value="daily"${v.frequency === 'daily' ? html` checked` : ''}> Daily</label>
<label><input type="radio" name="frequency" value="weekly"${v.frequency === 'weekly' ? html` checked` : ''}> Weekly</label>
</fieldset>
${deliveryFields({
  values: {
    timeZone: v.timeZone ?? opts.schedule.timeZone,
    deliveryHour: v.deliveryHour ?? opts.schedule.deliveryHour,
    weeklyDay: v.weeklyDay ?? opts.schedule.weeklyDay,
  },
  defaults: opts.schedule,
  errors: opts.fieldErrors,
})}
<fieldset>
<legend>Papers per email</legend>
${DIGEST_SIZES.map(
  (n) =>
    html`<label><input type="radio" name="digestSize" value="${n}"${v.digestSize === String(n) ? html` checked` : ''}> ${n}</label>\n`,
)}</fieldset>
<button type="submit" name="action" value="update">Save preferences</button>
</form>
${feedbackSection(s, opts.actionUrl)}
<h2>Your data</h2>
<p><a href="${opts.exportUrl}" rel="nofollow" download>Download everything we store about you (JSON)</a></p>
<form method="post" action="${opts.actionUrl}">
<button type="submit" name="action" value="erase">Erase me…</button>
</form>
<p><a href="${opts.unsubscribeUrl}" rel="nofollow">Unsubscribe</a></p>`,
  });
}

/** `Wednesday 2 December 2026 at 07:00`, in the reader's zone. */
function nextText(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

/** The erase confirmation step: nothing is deleted until this form is sent. */
export function eraseConfirmPage(opts: { email: string; actionUrl: string; preferencesUrl: string }): string {
  return layout({
    title: 'Erase your data?',
    body: html`<h1>Erase your data?</h1>
<p>This deletes <strong>${opts.email}</strong>, your preferences, your consent records and the list of emails we sent you. It cannot be undone, and every link in your old emails stops working.</p>
<form method="post" action="${opts.actionUrl}">
<input type="hidden" name="action" value="erase">
<input type="hidden" name="confirm" value="yes">
<button type="submit">Yes, erase everything</button>
</form>
<p><a href="${opts.preferencesUrl}" rel="nofollow">No, keep my subscription</a></p>`,
  });
}

export const erasedPage = () =>
  messagePage({
    title: 'Your data is erased',
    lines: ['We deleted your subscription and everything stored with it. You will get no more emails.'],
  });
