import type { Deps } from '../../deps';
import type { Route } from '../router';
import { assetsRoute } from './assets';
import { editionRoutes } from './editions';
import { feedbackRoutes } from './feedback';
import { healthRoute } from './health';
import { homeRoute } from './home';
import { metaRoutes } from './meta';
import { preferencesRoutes } from './preferences';
import { subscriptionRoutes } from './subscriptions';
import { unsubscribeRoutes } from './unsubscribe';

/** Every route of the HTTP API. The API handler and the local stack both serve exactly this list. */
export const routes: Route<Deps>[] = [
  healthRoute,
  ...subscriptionRoutes,
  ...unsubscribeRoutes,
  ...preferencesRoutes,
  ...feedbackRoutes,
  ...editionRoutes,
  homeRoute,
  assetsRoute,
  ...metaRoutes,
];
