import { createHash } from 'node:crypto';

/**
 * The one stylesheet of every page. Kept as a string in a module (not a .css file read from disk) so
 * esbuild bundles it into the Lambda with nothing to copy. System fonts only: no request to another host.
 * Colours are chosen for WCAG AA contrast in both light and dark schemes (axe checks them in the browser tests).
 */
export const stylesheet = `:root {
  color-scheme: light dark;
  --bg: #f6f6f3;
  --surface: #ffffff;
  --text: #1b1d22;
  --muted: #4d5361;
  --border: #d5d7dd;
  --accent: #3a2fbf;
  --accent-text: #ffffff;
  --accent-soft: #ecebfb;
  --focus: #f5b400;
  --error: #a8231b;
  --error-soft: #fdeceb;
  --ok: #1d6a38;
  --ok-soft: #e8f5ec;
  --radius: 12px;
  --font: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #14151a;
    --surface: #1d1f26;
    --text: #eceef3;
    --muted: #b4b9c6;
    --border: #3a3d48;
    --accent: #a99fff;
    --accent-text: #14151a;
    --accent-soft: #2a2748;
    --error: #ff9d94;
    --error-soft: #3a1e1c;
    --ok: #7fd69b;
    --ok-soft: #18301f;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0;
  min-height: 100vh;
  display: flex;
  flex-direction: column;
  background: var(--bg);
  color: var(--text);
  font: 1.0625rem/1.6 var(--font);
}
a { color: var(--accent); text-underline-offset: 0.15em; }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 4px; }
h1, h2, h3 { line-height: 1.2; margin: 0 0 0.5em; letter-spacing: -0.01em; }
h1 { font-size: clamp(1.75rem, 4.5vw, 2.5rem); }
h2 { font-size: 1.35rem; }
h3 { font-size: 1.05rem; }
p { margin: 0 0 1em; }
code, .mono { font-family: var(--mono); font-size: 0.92em; }

.skip-link {
  position: absolute;
  left: 1rem;
  top: -3rem;
  padding: 0.5rem 1rem;
  background: var(--accent);
  color: var(--accent-text);
  border-radius: 0 0 8px 8px;
  z-index: 10;
}
.skip-link:focus { top: 0; }

.wrap { width: 100%; max-width: 68rem; margin: 0 auto; padding: 0 1.25rem; }
.site-header { border-bottom: 1px solid var(--border); background: var(--surface); }
.site-header .wrap { display: flex; align-items: center; justify-content: space-between; gap: 1rem; min-height: 3.75rem; }
.brand { white-space: nowrap; display: inline-flex; align-items: center; gap: 0.55rem; font-weight: 700; font-size: 1.1rem; color: var(--text); text-decoration: none; }
.brand svg { width: 1.6rem; height: 1.6rem; flex: none; }
.site-nav ul { list-style: none; display: flex; gap: 1.25rem; margin: 0; padding: 0; }
.site-nav a { color: var(--text); text-decoration: none; font-weight: 500; }
.site-nav a:hover { text-decoration: underline; }

main { flex: 1; padding: 2.5rem 0 3rem; }
main:focus { outline: none; }
.narrow { max-width: 40rem; }
.lead { font-size: 1.2rem; color: var(--muted); max-width: 40rem; }
.muted { color: var(--muted); }
.small { font-size: 0.9rem; }

.site-footer { border-top: 1px solid var(--border); padding: 1.5rem 0 2rem; color: var(--muted); font-size: 0.92rem; }
.site-footer .wrap { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0.75rem 2rem; }
.site-footer ul { list-style: none; display: flex; flex-wrap: wrap; gap: 1rem; margin: 0; padding: 0; }
.site-footer a { color: var(--muted); }

.hero { margin-bottom: 2rem; }
.grid { display: grid; gap: 2rem; align-items: start; }
@media (min-width: 56rem) { .grid { grid-template-columns: minmax(0, 1.05fr) minmax(0, 1fr); } }

.card {
  background: var(--surface);
  border: 1px solid var(--border);
  border-radius: var(--radius);
  padding: 1.5rem;
  box-shadow: 0 1px 2px rgb(0 0 0 / 4%), 0 6px 24px rgb(0 0 0 / 4%);
}
@media (max-width: 30rem) { .card { padding: 1.15rem; } }

.field { margin-bottom: 1.25rem; }
label, legend { font-weight: 600; display: block; margin-bottom: 0.3rem; }
.hint { display: block; color: var(--muted); font-size: 0.92rem; font-weight: 400; margin: -0.1rem 0 0.5rem; }
input[type="email"], input[type="text"], select, textarea {
  width: 100%;
  max-width: 100%;
  font: inherit;
  color: var(--text);
  background: var(--surface);
  padding: 0.65rem 0.8rem;
  border: 2px solid var(--muted);
  border-radius: 8px;
  min-height: 2.9rem;
}
textarea { min-height: 5.5rem; resize: vertical; }
input[aria-invalid="true"], select[aria-invalid="true"], textarea[aria-invalid="true"] { border-color: var(--error); }
fieldset { border: 0; padding: 0; margin: 0 0 1.25rem; min-width: 0; }
.choices { display: grid; grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr)); gap: 0.4rem 0.75rem; }
.choice { display: flex; align-items: center; gap: 0.55rem; font-weight: 400; margin: 0; padding: 0.35rem 0.2rem; cursor: pointer; }
.choice input { width: 1.2rem; height: 1.2rem; margin: 0; accent-color: var(--accent); flex: none; }
.choices-inline { display: flex; flex-wrap: wrap; gap: 0.4rem 1.5rem; }

.button, button {
  display: inline-flex;
  align-items: center;
  justify-content: center;
  gap: 0.4rem;
  font: inherit;
  font-weight: 650;
  padding: 0.7rem 1.35rem;
  min-height: 2.9rem;
  border-radius: 8px;
  border: 2px solid var(--accent);
  background: var(--accent);
  color: var(--accent-text);
  cursor: pointer;
  text-decoration: none;
}
.button:hover, button:hover { filter: brightness(1.08); }
.button.secondary, button.secondary { background: transparent; color: var(--accent); }
button.danger, .button.danger { background: var(--error); border-color: var(--error); color: var(--surface); }
.button-wide { width: 100%; margin-top: 0.25rem; }
.actions { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; margin-top: 1.5rem; }

.notice { border-radius: var(--radius); padding: 1rem 1.25rem; margin-bottom: 1.5rem; border: 1px solid; }
.notice h2 { font-size: 1.1rem; margin-bottom: 0.35rem; }
.notice p:last-child, .notice ul:last-child { margin-bottom: 0; }
.notice.error { background: var(--error-soft); border-color: var(--error); }
.notice.ok { background: var(--ok-soft); border-color: var(--ok); }
.notice.error a { color: var(--text); font-weight: 600; }
.field-error { display: block; color: var(--error); font-weight: 600; font-size: 0.95rem; margin: 0 0 0.35rem; }

.honeypot { position: absolute; left: -10000px; top: auto; width: 1px; height: 1px; overflow: hidden; }

.eyebrow { text-transform: uppercase; letter-spacing: 0.08em; font-size: 0.8rem; font-weight: 700; color: var(--accent); margin-bottom: 0.5rem; }
.papers { list-style: none; margin: 0; padding: 0; counter-reset: paper; }
.paper { counter-increment: paper; position: relative; padding: 0.9rem 0 0.9rem 2.4rem; border-top: 1px solid var(--border); }
.paper:first-child { border-top: 0; padding-top: 0.25rem; }
.paper::before {
  content: counter(paper);
  position: absolute;
  left: 0;
  top: 0.95rem;
  width: 1.7rem;
  height: 1.7rem;
  border-radius: 50%;
  background: var(--accent-soft);
  color: var(--accent);
  font-weight: 700;
  font-size: 0.9rem;
  display: grid;
  place-items: center;
}
.paper:first-child::before { top: 0.3rem; }
.paper h3 { margin-bottom: 0.25rem; }
.paper h3 a { color: var(--text); text-decoration: none; }
.paper h3 a:hover { text-decoration: underline; }
.paper p { margin: 0.25rem 0 0; color: var(--muted); font-size: 0.95rem; }
.meta { font-size: 0.88rem; color: var(--muted); }
.empty { text-align: left; padding: 1rem 0 0.25rem; }
.features { list-style: none; padding: 0; margin: 1.25rem 0 0; display: grid; gap: 0.5rem; }
.features li { padding-left: 1.6rem; position: relative; }
.features li::before { content: "✓"; position: absolute; left: 0; color: var(--ok); font-weight: 700; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.35rem 1rem; margin: 0 0 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
/* Plain semantic pages (results, preferences, unsubscribe) look right without classes of their own. */
main .wrap > p, main .wrap > ul, main .wrap > form, main .wrap > div[role] { max-width: 44rem; }
main .wrap > h2 { margin-top: 2.25rem; padding-top: 1.5rem; border-top: 1px solid var(--border); }
main form { margin: 0 0 1.25rem; }
main form > fieldset { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); padding: 1rem 1.25rem 1.1rem; margin-bottom: 1rem; }
main form > fieldset > legend { float: left; width: 100%; margin-bottom: 0.6rem; }
main form > fieldset > legend + * { clear: left; }
label:has(> input[type="checkbox"], > input[type="radio"]) {
  display: inline-flex;
  align-items: center;
  gap: 0.5rem;
  font-weight: 400;
  min-width: 10.5rem;
  margin: 0 1rem 0.35rem 0;
  padding: 0.2rem 0;
  cursor: pointer;
}
input[type="checkbox"], input[type="radio"] { width: 1.2rem; height: 1.2rem; margin: 0; accent-color: var(--accent); flex: none; }
fieldset > label[for] { margin-top: 0.85rem; }
[role="status"]:not(.notice), [role="alert"]:not(.notice) { border-radius: var(--radius); padding: 0.85rem 1.15rem; margin-bottom: 1.5rem; border: 1px solid; }
[role="status"]:not(.notice) { background: var(--ok-soft); border-color: var(--ok); }
[role="alert"]:not(.notice) { background: var(--error-soft); border-color: var(--error); }
[role="alert"]:not(.notice) p, [role="alert"]:not(.notice) ul { margin: 0; }
button[name="action"][value="erase"], form:has(> input[name="action"][value="erase"]) button {
  background: transparent; color: var(--error); border-color: var(--error);
}
form:has(> input[name="action"][value="erase"]) button { background: var(--error); color: var(--surface); }
img { max-width: 100%; height: auto; }
main article { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); padding: 1.25rem 1.5rem; margin: 0 0 1.25rem; max-width: 48rem; }
main article img { display: block; border-radius: 8px; margin-bottom: 0.75rem; }
main article h2 { font-size: 1.2rem; }
main article h2 a { color: var(--text); text-decoration: none; }
main article h2 a:hover { text-decoration: underline; }
main article p { margin-bottom: 0.5rem; }
main article p:last-child { margin-bottom: 0; }
@media (prefers-reduced-motion: no-preference) { html { scroll-behavior: smooth; } }
`;

/** Short content hash: part of the stylesheet's URL, so it can be cached for a year and still change on deploy. */
export const stylesheetHash = createHash('sha256').update(stylesheet).digest('hex').slice(0, 12);
export const stylesheetPath = `/assets/style.${stylesheetHash}.css`;
