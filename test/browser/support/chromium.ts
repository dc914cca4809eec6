import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); playwright-core never downloads a browser of its own. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Browser tests run wherever Chromium is installed, and always in CI (where a missing browser must fail the
 * run, not skip it). Only a developer machine without Chromium skips them, saying so.
 */
export function browserTestsEnabled(file: string): boolean {
  if (existsSync(CHROMIUM) || process.env.CI) return true;
  console.warn(
    `SKIPPED browser tests in ${path.basename(file)}: no Chromium at ${CHROMIUM} (install it with ` +
      '`apt-get install -y chromium`, or set CHROMIUM_PATH); CI always runs them.',
  );
  return false;
}

/**
 * One headless Chromium per test file, with no background traffic to other hosts. playwright-core gives
 * each launch a fresh, temporary `--user-data-dir` of its own (it refuses one in `args`).
 */
export async function launchChromium(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return { browser, close: () => browser.close() };
}

export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
} as const;

const ARTIFACTS = path.join(__dirname, '..', '..', '..', 'test-artifacts', 'pages');

/** Axe violations of impact serious or critical, as short lines a failing expectation can print. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
}

/**
 * axe at the desktop width (a second run at the phone width doubles the cost for little: the signup test
 * does it once), then full-page screenshots at both widths into test-artifacts/pages/ (git-ignored).
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const before = page.viewportSize();
  await page.setViewportSize(VIEWPORTS.desktop);
  const problems = await seriousViolations(page);
  for (const [label, size] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${label}.png`), fullPage: true });
    for (const control of await overflowingControls(page)) problems.push(`${label}: ${control}`);
  }
  if (before) await page.setViewportSize(before);
  if (problems.length)
    throw new Error(`axe found serious/critical violations on ${name}:\n${problems.join('\n')}`);
}

/**
 * Form controls that stick out of the form or card around them (a long time-zone name once pushed its
 * select past the card's edge): axe does not see layout, so this looks at the boxes.
 */
export async function overflowingControls(page: Page): Promise<string[]> {
  // A string, like the other page scripts here: the project's TypeScript has no DOM types.
  return page.evaluate<
    string[]
  >(`[...document.querySelectorAll('input, select, textarea, button')].flatMap((el) => {
    const box = el.getBoundingClientRect();
    const frame = el.parentElement?.closest('fieldset, .card, form');
    // The honeypot field is off-screen on purpose.
    if (!frame || box.width === 0 || el.closest('.honeypot')) return [];
    const outer = frame.getBoundingClientRect();
    if (box.right <= outer.right + 1 && box.left >= outer.left - 1) return [];
    return [el.tagName.toLowerCase() + '[name=' + el.getAttribute('name') + '] overflows its ' + frame.tagName.toLowerCase()];
  })`);
}

/** Browser tests do a lot per test (navigation, axe, screenshots) on a machine that may be busy. */
export const BROWSER_TEST_TIMEOUT_MS = 120_000;
