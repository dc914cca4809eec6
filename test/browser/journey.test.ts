import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApp } from '../support/app';
import { waitForEmail } from '../support/inbox';
import { BROWSER_TEST_TIMEOUT_MS, browserTestsEnabled, checkPage, launchChromium } from './support/chromium';

const enabled = browserTestsEnabled(__filename);
const maybe = enabled ? describe : describe.skip;

/**
 * The whole reader journey by clicks and keys in Chromium, against the real routes and the SES emulator:
 * sign up, open the confirmation email, confirm, change preferences, look at the erase step, unsubscribe.
 * axe runs on every page; every page is photographed at phone and desktop widths (test-artifacts/pages/).
 */
maybe('the reader journey in a real browser', () => {
  jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const foreignRequests: string[] = [];
  const consoleErrors: string[] = [];
  const email = `journey-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;

  beforeAll(async () => {
    [app, chromium] = await Promise.all([startTestApp(), launchChromium()]);
    browser = chromium.browser;
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // Nothing may leave localhost: our pages ask no other host, and the email's HTML is not let out either.
    await context.route(
      (url) => !url.href.startsWith(app.url) && url.protocol !== 'about:' && url.protocol !== 'data:',
      (route) => {
        // The email's own HTML (rendered from about:blank) is not our page; only our pages must ask no one.
        const from = route.request().frame().url();
        if (from.startsWith(app.url)) foreignRequests.push(`${from} -> ${route.request().url()}`);
        return route.abort();
      },
    );
    page = track(await context.newPage());
  });
  afterAll(async () => {
    await chromium?.close();
    await app?.stop();
  });

  const track = (p: Page) => {
    p.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${p.url()}: ${m.text()}`);
    });
    return p;
  };

  const focused = () => page.evaluate('document.activeElement?.id || document.activeElement?.textContent');

  test('sign up by keyboard only, then see the check-your-inbox page', async () => {
    await page.goto(`${app.url}/`);
    await page.keyboard.press('Tab'); // skip link
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('email');
    await page.keyboard.type(email);
    await page.keyboard.press('Tab'); // first topic checkbox
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab'); // second topic
    await page.keyboard.press('Space');
    for (let i = 2; i < app.deps.config.TOPICS.length; i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('topic-keywords');
    await page.keyboard.type('protein folding, mixture of experts');
    await page.keyboard.press('Tab'); // the checked radio (daily)
    await page.keyboard.press('ArrowRight'); // weekly
    // Zone, hour and weekly day: plain selects, reached and set by keyboard.
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('timeZone');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('deliveryHour');
    await page.keyboard.press('ArrowDown'); // 08:00
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('weeklyDay');
    await page.keyboard.press('Tab'); // the honeypot is skipped (tabindex -1): the button
    expect(await focused()).toBe('Subscribe');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/Check your inbox/);
    await checkPage(page, 'signup-accepted');
  });

  test('the confirmation email arrives; its button opens the confirm page, whose button confirms; both pass axe', async () => {
    const mail = await waitForEmail(email);
    expect(mail.body.html).toBeDefined();
    await page.goto('about:blank'); // the email is not our page: render it outside our origin and CSP
    await page.setContent(mail.body.html as string);
    const button = page.getByRole('link', { name: 'Confirm my subscription' });
    const confirmLink = (await button.getAttribute('href')) ?? '';
    expect(confirmLink.startsWith(`${app.url}/subscriptions/confirm?token=`)).toBe(true);
    // The email's button opens a new tab (target=_blank), as in a webmail: the journey goes on there.
    const [tab] = await Promise.all([context.waitForEvent('page'), button.click()]);
    await page.close();
    page = track(tab);
    await page.waitForURL(/\/subscriptions\/confirm/);
    // Opening the link confirms nothing (a mail scanner does as much): the page's button does.
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(
      /Confirm your subscription/,
    );
    await checkPage(page, 'confirm');
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Confirm subscription' }).click(),
    ]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(
      /Subscription confirmed/,
    );
    await checkPage(page, 'confirmed');
  });

  test('preferences: change topics and frequency by keyboard; the page says it saved them', async () => {
    await Promise.all([
      page.waitForURL(/\/preferences\?token=/),
      page.getByRole('link', { name: /preferences/i }).click(),
    ]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/preferences/i);
    await checkPage(page, 'preferences');
    const topics = app.deps.config.TOPICS;
    const first = page.getByRole('checkbox').first();
    await expect(first.isChecked()).resolves.toBe(true); // chosen at signup
    const third = page.getByRole('checkbox').nth(2);
    await third.focus();
    await page.keyboard.press('Space');
    // Weekly was chosen at signup; the arrow key moves the radio group's choice back to daily.
    const weekly = page.getByRole('radio', { name: /weekly/i });
    await expect(weekly.isChecked()).resolves.toBe(true);
    await weekly.focus();
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByRole('radio', { name: /daily/i }).isChecked()).resolves.toBe(true);
    const save = page.getByRole('button', { name: /save/i });
    await save.focus();
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/saved/i);
    await checkPage(page, 'preferences-saved');
    const stored = (await (await fetch(page.url(), { headers: { accept: 'application/json' } })).json()) as {
      topics: string[];
    };
    expect(stored).toMatchObject({ email, status: 'active', frequency: 'daily' });
    expect(stored.topics).toEqual(
      expect.arrayContaining([topics[0], topics[1], topics[2], 'protein folding', 'mixture of experts']),
    );
  });

  test('erase asks for a confirmation first, and going back keeps everything', async () => {
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /erase/i }).click()]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/Erase your data\?/);
    await checkPage(page, 'erase-confirm');
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: /keep/i }).click()]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/preferences/i);
  });

  test('unsubscribe: one button; afterwards a way to subscribe again', async () => {
    await Promise.all([
      page.waitForURL(/\/unsubscribe\?token=/),
      page.getByRole('link', { name: /^unsubscribe$/i }).click(),
    ]);
    await checkPage(page, 'unsubscribe');
    const button = page.getByRole('button', { name: /unsubscribe/i });
    await button.focus();
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/Unsubscribed/);
    await expect(page.getByRole('link', { name: /subscribe again/i }).count()).resolves.toBe(1);
    await checkPage(page, 'unsubscribed');
    const manage = new URL(page.url()).searchParams.get('token') ?? '';
    const res = await fetch(`${app.url}/preferences?token=${encodeURIComponent(manage)}`, {
      headers: { accept: 'application/json' },
    });
    expect(await res.json()).toMatchObject({ email, status: 'unsubscribed' });
  });

  test('error states are pages too: a bad signup, an unknown page, a forged link, a cross-site form post', async () => {
    await page.goto(`${app.url}/`);
    await page.getByLabel('Email address').fill('not-an-address');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Subscribe' }).click()]);
    expect(await page.textContent('main')).toMatch(/email is not a valid address/);
    await checkPage(page, 'signup-error');

    const missing = await page.goto(`${app.url}/no-such-page`);
    expect(missing?.status()).toBe(404);
    await checkPage(page, 'not-found');

    const forged = await page.goto(`${app.url}/subscriptions/confirm?token=forged.token`);
    expect(forged?.status()).toBe(400);
    await checkPage(page, 'link-error');

    // A page on another origin (about:blank here) that posts a form to us: the browser says cross-site.
    await page.goto('about:blank');
    await page.setContent(
      `<form method="post" action="${app.url}/subscriptions"><input name="email" value="victim@example.com"><button>go</button></form>`,
    );
    const [response] = await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'go' }).click(),
    ]);
    expect(response?.status()).toBe(403);
    expect(await page.textContent('main')).toMatch(/sent from another site/);
    await checkPage(page, 'cross-site-refused');
  });

  test('no page asked another host for anything, and no CSP violation was logged', () => {
    expect(foreignRequests).toEqual([]);
    expect(consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  });
});
