import { formatDayLong } from '../core/english-format';
import { safeUrl } from '../core/safe-url';
import { topicLabel } from '../core/topics';
import type { Paper } from '../schemas/paper';
import { type DeliveryField, deliveryFields, WEEKDAY_NAMES } from './delivery-fields';
import { errorPage } from './error-page';
import { html, type SafeHtml } from './html';
import { layout } from './layout';

/** The part of a paper the signup page shows as a sample of what an edition holds. */
export type SamplePaper = Pick<Paper, 'arxivId' | 'title' | 'authors' | 'upvotes' | 'aiSummary'>;
export interface SignupSample {
  /** The edition's day, YYYY-MM-DD. */
  date: string;
  /** Where the whole edition is on the web (e.g. `/editions/2026-06-12`). */
  href: string;
  papers: SamplePaper[];
}

export type SignupField = 'email' | 'topics' | 'frequency' | DeliveryField;

/** What the reader typed and what was wrong with it, when the form comes back after a failed post. */
export interface SignupFormState {
  values?: {
    email?: string;
    topics?: readonly string[];
    frequency?: string;
    timeZone?: string;
    deliveryHour?: string;
    weeklyDay?: string;
  };
  /** One message per field; `form` for a problem that is no single field's (rate limit, …). */
  errors?: Partial<Record<SignupField | 'form', string>>;
}

export interface SignupPageOptions {
  /** The configured vocabulary (`config.TOPICS`). */
  topics: readonly string[];
  /** `config.WEEKLY_DIGEST_WEEKDAY` (0 = Sunday): the weekly day preselected. */
  weeklyDigestWeekday: number;
  /** `config.DEFAULT_TIME_ZONE` and `config.DEFAULT_DELIVERY_HOUR`, preselected. */
  defaultTimeZone?: string;
  defaultDeliveryHour?: number;
  /** `config.DIGEST_TOP_N`. */
  topN: number;
  sample?: SignupSample;
  form?: SignupFormState;
}

const WEEKDAYS = WEEKDAY_NAMES;
const SAMPLE_SIZE = 5;
const SUMMARY_CHARS = 180;

const truncate = (text: string, max: number) =>
  text.length <= max ? text : `${text.slice(0, max).replace(/\s+\S*$/, '')}…`;

const authorLine = (authors: readonly string[]) =>
  authors.length <= 3 ? authors.join(', ') : `${authors.slice(0, 3).join(', ')} et al.`;

function samplePapers(sample: SignupSample | undefined, topN: number): SafeHtml {
  const papers = sample?.papers.slice(0, SAMPLE_SIZE) ?? [];
  if (!sample || papers.length === 0) {
    return html`<section class="card" aria-labelledby="sample-title">
<p class="eyebrow">What you will get</p>
<h2 id="sample-title">One short email, the papers people are reading</h2>
<div class="empty">
<p>No edition has been published yet. Once papers are collected each morning, a sample of the latest edition appears here.</p>
<p class="muted">Each edition lists the day's top ${topN} papers from Hugging Face Daily Papers: title, authors, a two-line summary, and links to the paper and its code.</p>
</div>
</section>`;
  }
  return html`<section class="card" aria-labelledby="sample-title">
<p class="eyebrow">What you will get</p>
<h2 id="sample-title">From the latest edition, <time datetime="${sample.date}">${formatDayLong(sample.date)}</time></h2>
<ol class="papers">
${papers.map((p) => {
  const href = safeUrl(`https://arxiv.org/abs/${p.arxivId}`);
  return html`<li class="paper">
<h3>${href ? html`<a href="${href}">${p.title}</a>` : p.title}</h3>
<div class="meta">${authorLine(p.authors)}${p.upvotes !== undefined ? html` · ${p.upvotes} upvotes` : ''}</div>
${p.aiSummary ? html`<p>${truncate(p.aiSummary, SUMMARY_CHARS)}</p>` : ''}
</li>`;
})}
</ol>
<p class="small muted">The full edition has the day's top ${topN}. <a href="${sample.href}">Read it online</a>.</p>
</section>`;
}

function errorSummary(errors: SignupFormState['errors']): SafeHtml | '' {
  const entries = Object.entries(errors ?? {}).filter(([, m]) => m);
  if (entries.length === 0) return '';
  const target = (field: string) =>
    field === 'topics' ? 'topic-keywords' : field === 'frequency' ? 'frequency-daily' : field; // zone, hour, day: their select's id
  return html`<div class="notice error" role="alert" aria-labelledby="error-title">
<h2 id="error-title">Your subscription was not saved</h2>
<ul>
${entries.map(([field, message]) =>
  field === 'form' ? html`<li>${message}</li>` : html`<li><a href="#${target(field)}">${message}</a></li>`,
)}
</ul>
</div>`;
}

const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ');

/** `GET /` and the signup form coming back with its errors (400) — works with no JavaScript at all. */
export function signupPage(opts: SignupPageOptions): string {
  const values = opts.form?.values ?? {};
  const errors = opts.form?.errors ?? {};
  const vocabulary = new Set(opts.topics);
  const chosen = new Set(values.topics ?? []);
  const keywords = (values.topics ?? []).filter((t) => !vocabulary.has(t)).join(', ');
  const frequency = values.frequency === 'weekly' ? 'weekly' : 'daily';
  const weekday = WEEKDAYS[opts.weeklyDigestWeekday] ?? 'Monday';
  const hasErrors = Object.values(errors).some(Boolean);

  const body = html`<div class="hero">
<h1>The day's trending AI papers, in your inbox</h1>
<p class="lead">The ${opts.topN} papers of Hugging Face Daily Papers that suit you best (or 5, or 20: your preferences page sets it), daily or weekly, at the hour you pick in your own time zone. It starts from the most upvoted in your topics; press “More like this” or “Less like this” under a paper and the next digests learn from it. No paper comes twice. Free, no tracking, one click to leave.</p>
</div>
<div class="grid">
<section class="card" aria-labelledby="form-title">
<h2 id="form-title">Subscribe</h2>
${errorSummary(errors)}
<form method="post" action="/subscriptions" novalidate>
<div class="field">
<label for="email">Email address</label>
<span class="hint" id="email-hint">We send one email to confirm; nothing else until you click its link.</span>
${errors.email ? html`<span class="field-error" id="email-error">${errors.email}</span>` : ''}
<input type="email" id="email" name="email" autocomplete="email" inputmode="email" spellcheck="false" required maxlength="254" value="${values.email ?? ''}" aria-describedby="${describedBy('email-hint', errors.email && 'email-error')}"${errors.email ? html` aria-invalid="true"` : ''}>
</div>
<fieldset aria-describedby="${describedBy('topics-hint', errors.topics && 'topics-error')}">
<legend>Topics <span class="muted">(optional)</span></legend>
<span class="hint" id="topics-hint">Pick none to get every paper of the day.</span>
${errors.topics ? html`<span class="field-error" id="topics-error">${errors.topics}</span>` : ''}
<div class="choices">
${opts.topics.map(
  (t) =>
    html`<label class="choice"><input type="checkbox" name="topics" value="${t}"${chosen.has(t) ? html` checked` : ''}> ${topicLabel(t)}</label>`,
)}
</div>
</fieldset>
<div class="field">
<label for="topic-keywords">Your own keywords <span class="muted">(optional)</span></label>
<span class="hint" id="keywords-hint">Separate with commas, e.g. <span class="mono">protein folding, mixture of experts</span>.</span>
<input type="text" id="topic-keywords" name="topics" autocomplete="off" maxlength="400" value="${keywords}" aria-describedby="keywords-hint"${errors.topics ? html` aria-invalid="true"` : ''}>
</div>
<fieldset${errors.frequency ? html` aria-describedby="frequency-error"` : ''}>
<legend>How often</legend>
${errors.frequency ? html`<span class="field-error" id="frequency-error">${errors.frequency}</span>` : ''}
<div class="choices-inline">
<label class="choice"><input type="radio" id="frequency-daily" name="frequency" value="daily"${frequency === 'daily' ? html` checked` : ''}> Daily</label>
<label class="choice"><input type="radio" id="frequency-weekly" name="frequency" value="weekly"${frequency === 'weekly' ? html` checked` : ''}> Weekly (${weekday}s unless you pick another day below)</label>
</div>
</fieldset>
${deliveryFields({
  values,
  defaults: {
    timeZone: opts.defaultTimeZone ?? 'UTC',
    deliveryHour: opts.defaultDeliveryHour ?? 7,
    weeklyDay: opts.weeklyDigestWeekday,
  },
  errors,
})}
<div class="honeypot" aria-hidden="true">
<label for="website">Leave this field empty</label>
<input type="text" id="website" name="website" tabindex="-1" autocomplete="off">
</div>
<button type="submit" class="button-wide">Subscribe</button>
<p class="small muted">No tracking pixels. Every email has a one-click unsubscribe link and a link to your preferences.</p>
</form>
</section>
${samplePapers(opts.sample, opts.topN)}
</div>`;
  return layout({ title: hasErrors ? 'Check your details' : 'Subscribe', body });
}

/** The same words on every accepted signup, whatever the address' state (no enumeration): the JSON answer. */
export const SIGNUP_ACCEPTED_MESSAGE =
  'Thanks. If this address can be subscribed, a confirmation email is on its way: open the link in it to start your subscription. Nothing is sent until you confirm.';

/** A signup the server refused (a body it could not read, fields a non-browser client got wrong). */
export const signupProblemPage = (title: string, reasons: string[]) =>
  errorPage({
    title,
    message: reasons,
    next: html`<p><a href="/">Back to the sign-up form</a></p>`,
  });

/** The answer to a signup from the form: the same for every address (it says nothing about who is subscribed). */
export function signupAcceptedPage(opts: { email?: string } = {}): string {
  const body = html`<div class="narrow">
<div class="notice ok" role="status">
<h1>Check your inbox</h1>
<p>${opts.email ? html`If <strong>${opts.email}</strong> can receive mail, a` : 'A'} confirmation link is on its way. Click it within 48 hours to start your subscription.</p>
</div>
<h2>Nothing arrived?</h2>
<ul>
<li>Look in your spam or promotions folder for a mail from Papers Inbox.</li>
<li>Check the address for typos and <a href="/">sign up again</a>; you will get a fresh link.</li>
</ul>
</div>`;
  return layout({ title: 'Check your inbox', body });
}
