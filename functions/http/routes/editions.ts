import { oneLine } from '../../core/text';
import { editionPage, editionsAtom, editionsListPage } from '../../pages/edition-pages';
import { errorPage } from '../../pages/error-page';
import { html as htmlPage } from '../../pages/html';
import type { Ports } from '../../ports';
import { isDay } from '../../schemas/day';
import { editionIdFor, editionKindSchema } from '../../schemas/edition';
import { type HttpResponse, html } from '../response';
import type { Route } from '../router';

/** The public web view of editions: pages and an Atom feed, with no reader's data in them. */

const LIST_LIMIT = 60;
const FEED_LIMIT = 30;
const FEED_TITLES_PER_EDITION = 10;
const PUBLIC = { 'cache-control': 'public, max-age=300' };

const editionError = (status: number, title: string, reason: string): HttpResponse =>
  html(
    status,
    errorPage({ title, message: reason, next: htmlPage`<p><a href="/editions">All editions</a></p>` }),
  );

export const editionPageRoute: Route<Ports> = {
  method: 'GET',
  path: '/editions/:date',
  async handle(req, deps) {
    const date = req.params.date ?? '';
    if (!isDay(date)) {
      return editionError(400, 'Bad request', 'An edition is named by its date, as YYYY-MM-DD.');
    }
    const kind = editionKindSchema.safeParse(req.query.kind ?? 'daily');
    if (!kind.success) return editionError(400, 'Bad request', 'kind must be daily or weekly.');
    const edition = await deps.editions.getEdition(editionIdFor(kind.data, date));
    if (!edition)
      return editionError(404, 'No such edition', `There is no ${kind.data} edition for ${date}.`);
    const papers = await deps.papers.getPapers(edition.paperIds, { features: false });
    return html(200, editionPage(edition, papers), PUBLIC);
  },
};

export const editionsListRoute: Route<Ports> = {
  method: 'GET',
  path: '/editions',
  async handle(_req, deps) {
    return html(200, editionsListPage(await deps.editions.listEditions(LIST_LIMIT)), PUBLIC);
  },
};

export const editionsAtomRoute: Route<Ports> = {
  method: 'GET',
  path: '/editions.atom',
  async handle(_req, deps) {
    const editions = await deps.editions.listEditions(FEED_LIMIT);
    const ids = editions.flatMap((e) => e.paperIds.slice(0, FEED_TITLES_PER_EDITION));
    const papers = await deps.papers.getPapers(ids, { features: false });
    const titles = new Map(papers.map((p) => [p.arxivId, oneLine(p.title)]));
    const body = editionsAtom({
      editions,
      titles,
      titlesPerEdition: FEED_TITLES_PER_EDITION,
      baseUrl: deps.config.PUBLIC_BASE_URL,
    });
    return {
      status: 200,
      headers: { 'content-type': 'application/atom+xml; charset=utf-8', ...PUBLIC },
      body,
    };
  },
};

export const editionRoutes: Route<Ports>[] = [editionsListRoute, editionsAtomRoute, editionPageRoute];
