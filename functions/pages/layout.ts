import { html, type SafeHtml } from './html';

/** The frame of every page. Pages pass their title and main content; this owns the document. */
export function layout(opts: { title: string; body: SafeHtml }): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} · Papers Inbox</title>
</head>
<body>
<header><a href="/">Papers Inbox</a></header>
<main>
${opts.body}
</main>
</body>
</html>`.value;
}
