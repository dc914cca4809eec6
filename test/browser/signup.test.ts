import type { Browser, Page } from 'playwright-core';
import { startTestApp } from '../support/app';
import { DAY_0612, loadPapers } from '../support/fixtures';
import { seedDailyEdition } from '../support/seed';
import {
  BROWSER_TEST_TIMEOUT_MS,
  browserTestsEnabled,
  checkPage,
  launchChromium,
  seriousViolations,
  VIEWPORTS,
} from './support/chromium';

const enabled = browserTestsEnabled(__filename);
const maybe = enabled ? describe : describe.skip;

maybe('the signup page in a real browser', () => {
  jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let browser: Browser;
  let page: Page;
  const foreignRequests: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    [app, chromium] = await Promise.all([startTestApp(), launchChromium()]);
    browser = chromium.browser;
    // axe-core/playwright needs a page of an explicit context.
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    // Only paper thumbnails (content images, allowed by the CSP's img-src https:) may come from elsewhere;
    // the test machine has no network, so any such request is cut short here.
    await page.route(
      (url) => !url.href.startsWith(app.url),
      (route) => {
        if (route.request().resourceType() !== 'image') foreignRequests.push(route.request().url());
        return route.abort();
      },
    );
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
  });
  afterAll(async () => {
    await chromium?.close();
    await app?.stop();
  });

  test('renders with its stylesheet, passes axe at phone and desktop widths, asks no other host', async () => {
    const res = await page.goto(`${app.url}/`);
    expect(res?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await expect(page.title()).resolves.toMatch(/Subscribe · Papers Inbox/);
    // The stylesheet applied (CSP allows it): the system font stack, not the browser default serif.
    const font = await page.evaluate('getComputedStyle(document.body).fontFamily');
    expect(font).toMatch(/system-ui/);
    await checkPage(page, 'signup');
    await page.setViewportSize(VIEWPORTS.phone);
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize(VIEWPORTS.desktop);
    expect(foreignRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  test('passes axe in the dark colour scheme too', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${app.url}/`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
  });

  test('by keyboard: the first Tab reaches the skip link, which moves focus to the content', async () => {
    await page.goto(`${app.url}/`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement?.id')).toBe('main');
    // From the content, Tab order walks the form in reading order: email first.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.id')).toBe('email');
  });

  test('every topic of the config is a labelled checkbox; the honeypot is out of reach', async () => {
    await page.goto(`${app.url}/`);
    const topics = app.deps.config.TOPICS;
    expect(await page.getByRole('checkbox').count()).toBe(topics.length);
    await expect(page.getByRole('checkbox', { name: 'Reinforcement learning' }).isVisible()).resolves.toBe(
      true,
    );
    await expect(page.getByLabel('Email address').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('textbox', { name: /leave this field empty/i }).count()).resolves.toBe(0);
  });

  test('with a published edition, the sample of its top papers passes axe too (the README screenshot)', async () => {
    await seedDailyEdition(app.deps, loadPapers(DAY_0612), '2026-06-12');
    await page.goto(`${app.url}/`);
    await expect(page.getByRole('heading', { name: /From the latest edition/ }).count()).resolves.toBe(1);
    expect(await page.locator('.paper').count()).toBe(5);
    await checkPage(page, 'signup-with-sample');
    expect(foreignRequests).toEqual([]);
  });

  test('the editions archive and an edition, reached by clicks from the signup page, pass axe', async () => {
    await page.goto(`${app.url}/`);
    await Promise.all([
      page.waitForURL(/\/editions\/2026-06-12/),
      page.getByRole('link', { name: 'Read it online' }).click(),
    ]);
    await checkPage(page, 'edition');
    await Promise.all([
      page.waitForURL(/\/editions$/),
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Editions' }).click(),
    ]);
    await checkPage(page, 'editions');
    expect(foreignRequests).toEqual([]);
  });
});
