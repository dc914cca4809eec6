import type { Deps } from '../../deps';
import type { Route } from '../router';
import { editionRoutes } from './editions';
import { healthRoute } from './health';

/** Every route of the HTTP API. The API handler and the local stack both serve exactly this list. */
export const routes: Route<Deps>[] = [healthRoute, ...editionRoutes];
