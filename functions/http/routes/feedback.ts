import { feedbackPostUrl, feedbackUrl, pathOf, preferencesUrl } from '../../core/links';
import { paperView } from '../../core/paper-view';
import { issueToken } from '../../core/tokens';
import { feedbackAskPage, feedbackDonePage, feedbackUndonePage } from '../../pages/feedback-pages';
import type { Ports } from '../../ports';
import { feedbackKindSchema } from '../../schemas/profile';
import { checkFeedbackLink, recordFeedback } from '../../use-cases/feedback';
import { parseBody } from '../body';
import { wantsPage } from '../negotiate';
import { notAccepted, tokenRefusal } from '../refusal';
import { html, json } from '../response';
import type { Route } from '../router';

const badKind = (asPage: boolean, given: unknown) => {
  const reason = `kind must be "more", "less" or "undo", not ${JSON.stringify(given ?? null)}; nothing was recorded`;
  return notAccepted(400, reason, asPage);
};

/** GET /feedback?token=…&kind=more|less: the page that asks; opening it records nothing. */
export const feedbackPageRoute: Route<Ports> = {
  method: 'GET',
  path: '/feedback',
  async handle(req, deps) {
    const kind = feedbackKindSchema.safeParse(req.query.kind);
    if (!kind.success) return badKind(true, req.query.kind);
    const outcome = await checkFeedbackLink(deps, req.query.token, new Date());
    if (!outcome.ok) return tokenRefusal(outcome.reason, true);
    const base = deps.config.PUBLIC_BASE_URL;
    const token = req.query.token as string;
    return html(
      200,
      feedbackAskPage({
        title: outcome.paper.title,
        paperUrl: paperView(outcome.paper).paperUrl,
        kind: kind.data,
        actionUrl: pathOf(feedbackPostUrl(base, token)),
        otherUrl: feedbackUrl(base, token, kind.data === 'more' ? 'less' : 'more'),
      }),
    );
  },
};

/** POST /feedback?token=… with `kind` = more | less | undo (form or JSON): records the reader's choice. */
export const feedbackRoute: Route<Ports> = {
  method: 'POST',
  path: '/feedback',
  async handle(req, deps) {
    const asPage = wantsPage(req);
    const body = parseBody(req);
    if (!body.ok) return notAccepted(body.status, body.error, asPage);
    const given = body.fields.kind;
    if (given !== 'more' && given !== 'less' && given !== 'undo') return badKind(asPage, given);
    const outcome = await recordFeedback(deps, req.query.token, given, new Date());
    if (!outcome.ok) return tokenRefusal(outcome.reason, asPage);
    const title = outcome.paper.title;
    if (!asPage) return json(200, { recorded: given, paperId: outcome.paper.arxivId });
    if (given === 'undo') return html(200, feedbackUndonePage({ title }));
    const base = deps.config.PUBLIC_BASE_URL;
    const actionUrl = pathOf(feedbackPostUrl(base, req.query.token as string));
    // The page points to where the reader sees and forgets their feedback: their own manage link.
    const manage = issueToken(await deps.signingKeys(), {
      subscriberId: outcome.subscriber.id,
      purpose: 'manage',
      version: outcome.subscriber.tokenVersion,
    });
    const prefs = pathOf(preferencesUrl(base, manage));
    return html(200, feedbackDonePage({ title, kind: given, actionUrl, preferencesUrl: prefs }));
  },
};

export const feedbackRoutes = [feedbackPageRoute, feedbackRoute];
