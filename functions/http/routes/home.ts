import type { Deps } from '../../deps';
import { type SignupSample, signupPage } from '../../pages/signup-page';
import { html } from '../response';
import type { Route } from '../router';

/** The latest edition's top papers, when there is an edition; the page shows an empty state otherwise. */
async function latestSample(_deps: Deps): Promise<SignupSample | undefined> {
  return undefined;
}

/** `GET /` — the signup page. */
export const homeRoute: Route<Deps> = {
  method: 'GET',
  path: '/',
  async handle(_req, deps) {
    const { config } = deps;
    const page = signupPage({
      topics: config.TOPICS,
      weeklyDigestWeekday: config.WEEKLY_DIGEST_WEEKDAY,
      topN: config.DIGEST_TOP_N,
      sample: await latestSample(deps),
    });
    // Public and the same for everyone: a short shared cache spares the table on a busy day.
    return html(200, page, { 'cache-control': 'public, max-age=60' });
  },
};
