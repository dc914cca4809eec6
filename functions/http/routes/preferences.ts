import type { z } from 'zod';
import { nextDelivery } from '../../core/delivery-slot';
import { describeIssues } from '../../core/issues';
import { exportUrl, pathOf, preferencesUrl, unsubscribeUrl } from '../../core/links';
import { scheduleOf } from '../../core/reader-schedule';
import type { TokenRefusal } from '../../core/subscriber-token';
import type { DeliveryField } from '../../pages/delivery-fields';
import {
  eraseConfirmPage,
  erasedPage,
  type PreferenceValues,
  preferencesPage,
  typedValues,
} from '../../pages/preferences-page';
import type { Ports } from '../../ports';
import { preferencesViewSchema } from '../../schemas/api-responses';
import type { Subscriber } from '../../schemas/subscriber';
import { preferencesRequestSchemaFor } from '../../schemas/subscription-request';
import {
  erasePersonalData,
  exportPersonalData,
  forgetFeedback,
  readPreferences,
  updatePreferences,
} from '../../use-cases/preferences';
import { parseBody } from '../body';
import { wantsPage } from '../negotiate';
import { notAccepted, tokenRefusal } from '../refusal';
import type { HttpRequest } from '../request';
import { type HttpResponse, html, json, problem } from '../response';
import type { Route } from '../router';

/** A program that asks for JSON (Accept) gets JSON; a link opened in a browser gets a page. */
const jsonAsked = (req: HttpRequest) =>
  !wantsPage(req) && (req.headers.accept ?? '').toLowerCase().includes('application/json');

const refusal = (req: HttpRequest, reason: TokenRefusal): HttpResponse => {
  const asPage = req.method === 'GET' ? !jsonAsked(req) : wantsPage(req);
  return tokenRefusal(reason, asPage);
};

/** A manage-link use-case's outcome: its refusal (page or JSON), or `answer` of what it gave. */
const answer = <T extends { ok: true }>(
  req: HttpRequest,
  outcome: T | { ok: false; reason: TokenRefusal },
  give: (done: T) => HttpResponse,
): HttpResponse => (outcome.ok ? give(outcome) : refusal(req, outcome.reason));

/** The JSON view is the schema's: a field shows once `preferencesViewSchema` names it (and OpenAPI with it). */
const publicView = (s: Subscriber, deps: Ports) =>
  preferencesViewSchema.parse({
    ...s,
    // Zone, hour and weekday with the configured defaults for readers who never chose.
    ...scheduleOf(s, deps.config),
    ...(s.status === 'active' && s.nextSlot ? { nextDelivery: s.nextSlot } : {}),
  });

/** The first message of each delivery field at fault, shown next to its picker. */
function deliveryFieldErrors(error: z.ZodError): Partial<Record<DeliveryField, string>> {
  const out: Partial<Record<DeliveryField, string>> = {};
  for (const issue of error.issues) {
    const f = String(issue.path[0] ?? '');
    if (f === 'timeZone' || f === 'deliveryHour' || f === 'weeklyDay') out[f] ??= issue.message;
  }
  return out;
}

function page(
  deps: Ports,
  token: string,
  subscriber: Subscriber,
  extra: {
    notice?: string;
    errors?: string[];
    values?: PreferenceValues;
    fieldErrors?: Partial<Record<DeliveryField, string>>;
  },
) {
  const base = deps.config.PUBLIC_BASE_URL;
  const schedule = scheduleOf(subscriber, deps.config);
  return preferencesPage({
    subscriber,
    schedule,
    nextDelivery: subscriber.nextSlot
      ? new Date(subscriber.nextSlot)
      : nextDelivery(schedule, new Date(), { servedDay: subscriber.servedDay }).at,
    vocabulary: deps.config.TOPICS,
    actionUrl: pathOf(preferencesUrl(base, token)),
    exportUrl: exportUrl(base, token),
    unsubscribeUrl: unsubscribeUrl(base, token),
    ...extra,
  });
}

/** GET /preferences?token=…: the preferences page (JSON of the same for `Accept: application/json`). */
export const preferencesPageRoute: Route<Ports> = {
  method: 'GET',
  path: '/preferences',
  async handle(req, deps) {
    return answer(req, await readPreferences(deps, req.query.token, new Date()), ({ subscriber }) =>
      jsonAsked(req)
        ? json(200, publicView(subscriber, deps))
        : html(200, page(deps, req.query.token as string, subscriber, {})),
    );
  },
};

/**
 * POST /preferences?token=…, JSON or form: `action=update` with any of topics, frequency, excludes,
 * followedAuthors, followedOrganizations, digestSize; `action=forget-feedback`; `action=erase`
 * shows (or, for JSON, demands) the confirmation step; `action=erase&confirm=yes` erases.
 */
export const preferencesRoute: Route<Ports> = {
  method: 'POST',
  path: '/preferences',
  async handle(req, deps) {
    const asPage = wantsPage(req);
    const token = req.query.token;
    const now = new Date();
    const body = parseBody(req);
    if (!body.ok) return notAccepted(body.status, body.error, asPage);
    const parsed = preferencesRequestSchemaFor(deps.config.TOPICS).safeParse(body.fields);
    if (!parsed.success) {
      const reasons = describeIssues(parsed.error);
      if (!asPage) return problem(400, reasons.join('; '), reasons.length > 1 ? reasons : undefined);
      const current = await readPreferences(deps, token, now);
      if (!current.ok) return refusal(req, current.reason);
      // The form comes back with everything the reader typed, not what is stored.
      return html(
        400,
        page(deps, token as string, current.subscriber, {
          errors: reasons,
          values: typedValues(body.fields, deps.config.TOPICS),
          fieldErrors: deliveryFieldErrors(parsed.error),
        }),
      );
    }
    const request = parsed.data;
    if (request.action === 'update' || request.action === 'forget-feedback') {
      const update = request.action === 'update';
      const outcome = update
        ? await updatePreferences(deps, token, request, now)
        : await forgetFeedback(deps, token, now);
      if (!outcome.ok) return refusal(req, outcome.reason);
      const notice = update ? 'Your preferences are saved.' : 'Your feedback is forgotten.';
      return asPage
        ? html(200, page(deps, token as string, outcome.subscriber, { notice }))
        : json(200, { saved: true, ...publicView(outcome.subscriber, deps) });
    }
    if (request.confirm !== 'yes') {
      const current = await readPreferences(deps, token, now);
      if (!current.ok) return refusal(req, current.reason);
      if (!asPage) return problem(400, 'erasing needs confirm: "yes"; nothing was deleted');
      const base = deps.config.PUBLIC_BASE_URL;
      return html(
        200,
        eraseConfirmPage({
          email: current.subscriber.email,
          actionUrl: pathOf(preferencesUrl(base, token as string)),
          preferencesUrl: preferencesUrl(base, token as string),
        }),
      );
    }
    return answer(req, await erasePersonalData(deps, token, now), () =>
      asPage ? html(200, erasedPage()) : json(200, { status: 'erased' }),
    );
  },
};

/** GET /preferences/export?token=…: everything stored about the reader, as a JSON download. */
export const exportRoute: Route<Ports> = {
  method: 'GET',
  path: '/preferences/export',
  async handle(req, deps) {
    return answer(req, await exportPersonalData(deps, req.query.token, new Date()), ({ data }) =>
      json(200, data, { 'content-disposition': 'attachment; filename="papers-inbox-my-data.json"' }),
    );
  },
};

export const preferencesRoutes = [preferencesPageRoute, preferencesRoute, exportRoute];
