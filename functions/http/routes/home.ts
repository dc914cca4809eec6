import type { z } from 'zod';
import { editionWebPath } from '../../core/links';
import {
  type SignupField,
  type SignupFormState,
  type SignupSample,
  signupPage,
} from '../../pages/signup-page';
import type { Ports } from '../../ports';
import { type HttpResponse, html } from '../response';
import type { Route } from '../router';

const SAMPLE_SIZE = 5;
/** Editions are few (one a day, one a week); reading a handful finds the newest daily one. */
const EDITIONS_LOOKED_AT = 4;

/**
 * The latest edition's top papers, when there is an edition; undefined gives the page's empty state.
 * A failure to read them costs the sample, never the signup form.
 */
async function latestSample(deps: Ports): Promise<SignupSample | undefined> {
  try {
    const editions = await deps.editions.listEditions(EDITIONS_LOOKED_AT);
    const edition = editions.find((e) => e.kind === 'daily') ?? editions[0];
    if (!edition) return undefined;
    const papers = await deps.papers.getPapers(edition.paperIds.slice(0, SAMPLE_SIZE), { features: false });
    return { date: edition.date, href: editionWebPath(edition), papers };
  } catch (err) {
    deps.log.warn('signup page sample unavailable', { error: String(err) });
    return undefined;
  }
}

async function renderSignup(deps: Ports, form?: SignupFormState): Promise<string> {
  const { config } = deps;
  return signupPage({
    topics: config.TOPICS,
    weeklyDigestWeekday: config.WEEKLY_DIGEST_WEEKDAY,
    defaultTimeZone: config.DEFAULT_TIME_ZONE,
    defaultDeliveryHour: config.DEFAULT_DELIVERY_HOUR,
    topN: config.DIGEST_TOP_N,
    sample: await latestSample(deps),
    form,
  });
}

/** `GET /` — the signup page. */
export const homeRoute: Route<Ports> = {
  method: 'GET',
  path: '/',
  async handle(_req, deps) {
    // Revalidated on every visit so a new edition's sample shows at once; rendering it costs two small reads.
    return html(200, await renderSignup(deps), { 'cache-control': 'no-cache' });
  },
};

const FIELDS = new Set(['email', 'topics', 'frequency', 'timeZone', 'deliveryHour', 'weeklyDay']);

/** zod issues of the signup schema as one message per form field (the first one wins). */
export function signupErrors(error: z.ZodError): NonNullable<SignupFormState['errors']> {
  const errors: NonNullable<SignupFormState['errors']> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    const key = FIELDS.has(field) ? (field as SignupField) : 'form';
    errors[key] ??= issue.message;
  }
  return errors;
}

const asStrings = (v: unknown): string[] =>
  (Array.isArray(v) ? v : [v]).filter((s): s is string => typeof s === 'string');

/**
 * For `POST /subscriptions` answering a browser's form: the signup page again (400, 429, …), with what
 * the reader typed and a message on each field at fault, so nothing has to be typed twice.
 */
export async function signupFormAgain(
  deps: Ports,
  status: number,
  fields: Record<string, unknown>,
  errors: SignupFormState['errors'],
  headers: Record<string, string> = {},
): Promise<HttpResponse> {
  const topics = asStrings(fields.topics)
    .flatMap((t) => t.split(','))
    .map((t) => t.trim())
    .filter(Boolean);
  const values = {
    email: asStrings(fields.email)[0],
    topics,
    frequency: asStrings(fields.frequency)[0],
    timeZone: asStrings(fields.timeZone)[0],
    deliveryHour: asStrings(fields.deliveryHour)[0],
    weeklyDay: asStrings(fields.weeklyDay)[0],
  };
  return html(status, await renderSignup(deps, { values, errors }), headers);
}
