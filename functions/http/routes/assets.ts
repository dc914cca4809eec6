import { logoSvg } from '../../pages/layout';
import { stylesheet, stylesheetHash } from '../../pages/stylesheet';
import type { Ports } from '../../ports';
import { problem } from '../response';
import type { Route } from '../router';

const YEAR = 'public, max-age=31536000, immutable';
/** The unhashed name is for people and old links: cached briefly, so a deploy shows within minutes. */
const SHORT = 'public, max-age=300';

interface Asset {
  type: string;
  body: string;
  etag: string;
}
const css: Asset = { type: 'text/css; charset=utf-8', body: stylesheet, etag: `"${stylesheetHash}"` };
const icon: Asset = { type: 'image/svg+xml', body: logoSvg, etag: '"icon-1"' };

/** File name → asset and its cache lifetime. Pages link the hashed stylesheet name (see layout.ts). */
const assets: Record<string, [Asset, string]> = {
  [`style.${stylesheetHash}.css`]: [css, YEAR],
  'style.css': [css, SHORT],
  'icon.svg': [icon, SHORT],
};

/** `GET /assets/:file` — the stylesheet and the icon, from memory (they are bundled into the Lambda). */
export const assetsRoute: Route<Ports> = {
  method: 'GET',
  path: '/assets/:file',
  async handle(req) {
    const hit = assets[req.params.file ?? ''];
    if (!hit) return problem(404, 'no such asset');
    const [asset, cacheControl] = hit;
    const headers = { 'content-type': asset.type, 'cache-control': cacheControl, etag: asset.etag };
    if (req.headers['if-none-match'] === asset.etag) return { status: 304, headers, body: '' };
    return { status: 200, headers, body: asset.body };
  },
};
