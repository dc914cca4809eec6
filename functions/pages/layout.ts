import { html, raw, type SafeHtml } from './html';
import { stylesheetPath } from './stylesheet';

/** The mark in the header and the favicon: an envelope with a page in it. Our own markup, no request elsewhere. */
export const logoSvg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" aria-hidden="true" focusable="false"><rect x="2" y="7" width="28" height="20" rx="4" fill="#3a2fbf"/><path d="M9 4h14v12l-7 4-7-4z" fill="#fff" stroke="#3a2fbf" stroke-width="1.5"/><path d="M12 8h8M12 11h8M12 14h5" stroke="#3a2fbf" stroke-width="1.5" stroke-linecap="round"/><path d="M2 12l14 8 14-8" fill="none" stroke="#fff" stroke-width="1.5"/></svg>`;
export const iconPath = '/assets/icon.svg';

/**
 * The frame of every page. Pages pass their title and main content; this owns the document:
 * `lang`, a skip link to the content, the header and footer, and the one stylesheet (no inline style
 * or script, so the Content-Security-Policy can forbid both).
 */
export function layout(opts: { title: string; body: SafeHtml; description?: string }): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} · Papers Inbox</title>
<meta name="description" content="${opts.description ?? "The day's trending AI research papers, in your inbox."}">
<meta name="referrer" content="no-referrer">
<link rel="stylesheet" href="${stylesheetPath}">
<link rel="icon" href="${iconPath}" type="image/svg+xml">
<link rel="alternate" type="application/atom+xml" title="Papers Inbox editions" href="/editions.atom">
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
<div class="wrap">
<a class="brand" href="/">${raw(logoSvg)}<span>Papers Inbox</span></a>
<nav class="site-nav" aria-label="Main">
<ul>
<li><a href="/">Subscribe</a></li>
<li><a href="/editions">Editions</a></li>
</ul>
</nav>
</div>
</header>
<main id="main" tabindex="-1">
<div class="wrap">
${opts.body}
</div>
</main>
<footer class="site-footer">
<div class="wrap">
<p>Papers Inbox: trending AI research from Hugging Face Daily Papers, once a day or once a week.</p>
<ul>
<li><a href="/editions">Archive</a></li>
<li><a href="/editions.atom">Atom feed</a></li>
</ul>
</div>
</footer>
</body>
</html>`.value;
}
