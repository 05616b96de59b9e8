import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import {
  buildWebApp,
  CHROMIUM,
  launchChromium,
  offlineContext,
  screenshotDir,
  seriousViolations,
  signInAt,
} from './helpers.ts';

const CLIENT = 'Tomás Herrera Test';
const phone = {
  viewport: { width: 390, height: 844 },
  locale: 'en-US',
  timezoneId: 'America/Denver',
};

describe.skipIf(!existsSync(CHROMIUM))(
  'a coordinator’s first referral: who takes referrals, what to do instead, the board (chromium)',
  () => {
    let server: TestServer;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let base: string;
    let webDist: string;
    const outsideRequests: string[] = [];
    const shot = (name: string, target: Page = page) =>
      target.screenshot({ path: path.join(screenshotDir, name), fullPage: true });

    beforeAll(async () => {
      webDist = await buildWebApp();
      server = await startTestServer({ seed: true, webDist });
      base = server.url.replace(/\/graphql$/, '');
      browser = await launchChromium();
      context = await offlineContext(browser, outsideRequests);
      page = await context.newPage();
      await page.setViewportSize({ width: 1366, height: 900 });
      await signInAt(page, base, 'coordinator@demo.wayfinder.test');
    });

    afterAll(async () => {
      await context?.close();
      await browser?.close();
      await server?.close();
      await rm(webDist, { recursive: true, force: true });
    });

    const searchFood = async () => {
      await page.goto(base);
      await page.getByLabel('Address, city or ZIP').fill('80205');
      await page.getByRole('button', { name: 'Food', exact: true }).click();
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.waitForURL(/zip=80205/);
      await page.locator('.results-list > li').first().waitFor();
    };

    it('marks the services that take referrals on the cards and the map', async () => {
      await searchFood();
      const cards = page.locator('.results-list > li');
      const referable = cards.filter({ hasText: 'Takes referrals' });
      expect(await referable.count()).toBeGreaterThan(0);
      expect(await referable.count()).toBeLessThan(await cards.count());
      await page.locator('.service-marker.is-referable, .service-cluster').first().waitFor();
      // Each card gives a number to call as a tel: link.
      const tel = cards.first().locator('.result-contact a[href^="tel:"]');
      expect(await tel.count()).toBe(1);
      expect(await seriousViolations(page)).toEqual([]);
      await shot('network-search.png');
      // "Takes referrals" (under Filters) keeps only those.
      await page.getByRole('button', { name: /^Filters/ }).click();
      await page.getByRole('button', { name: 'Takes referrals', exact: true }).click();
      await page.waitForURL(/refer=1/);
      await expect
        .poll(async () => {
          const texts = await cards.locator('.result-status').allTextContents();
          return texts.length > 0 && texts.every((text) => text.includes('Takes referrals'));
        })
        .toBe(true);
    });

    it('on a service off the network, Refer is disabled and calling or a list is offered', async () => {
      await searchFood();
      const card = page
        .locator('.results-list > li')
        .filter({ hasNotText: 'Takes referrals' })
        .first();
      const name = ((await card.locator('h3').textContent()) ?? '').trim();
      await card.getByRole('link', { name }).click();
      await page.waitForURL(/\/services\/[^/]+$/);
      const refer = page.getByRole('button', { name: 'Refer client' });
      expect(await refer.getAttribute('aria-disabled')).toBe('true');
      const note = page.locator('.refer-alternatives');
      await note
        .getByText(/is not on the referral network, so a referral can’t be sent here/)
        .waitFor();
      expect(await note.locator('a[href^="tel:"]').count()).toBe(1);
      await note.getByRole('button', { name: /Add to list/ }).click();
      await note.getByRole('button', { name: /On the list/ }).waitFor();
      const contact = page.locator('section[aria-labelledby="service-contact"]');
      expect(await contact.locator('a[href^="tel:"]').count()).toBeGreaterThan(0);
      expect(await seriousViolations(page)).toEqual([]);
      await shot('network-service-off.png');
      const phonePage = await context.newPage();
      await phonePage.setViewportSize(phone.viewport);
      await phonePage.goto(page.url());
      await phonePage.locator('.refer-alternatives').waitFor();
      await shot('network-service-off-phone.png', phonePage);
      // The refer page says the same, with no form to fill in vain.
      await phonePage.goto(`${page.url()}/refer`);
      await phonePage.locator('.refer-alternatives').waitFor();
      expect(await phonePage.getByRole('button', { name: 'Send referral' }).count()).toBe(0);
      await phonePage.close();
    });

    it('keeps a referral whose sending failed as a draft, and sends it from there', async () => {
      await searchFood();
      const card = page.locator('.results-list > li', { hasText: 'Takes referrals' }).first();
      const name = ((await card.locator('h3').textContent()) ?? '').trim();
      await card.getByRole('link', { name }).click();
      await page.waitForURL(/\/services\/[^/]+$/);
      await page.getByRole('link', { name: 'Refer client' }).click();
      await page.getByRole('heading', { name: 'Refer a client' }).waitFor();
      await page.getByRole('radio', { name: 'New client' }).check();
      await page.getByLabel('Full name').fill(CLIENT);
      await page.getByRole('textbox', { name: 'Date of birth' }).fill('1979-02-11');
      await page.getByRole('radio', { name: 'Verbal' }).check();
      await page.getByRole('radio', { name: 'Urgent' }).check();
      // The connection drops just as the referral is sent.
      let dropped = 0;
      await page.route('**/graphql', (route) => {
        if (dropped === 0 && route.request().postData()?.includes('mutation TransitionReferral')) {
          dropped += 1;
          return route.abort();
        }
        return route.continue();
      });
      await page.getByRole('button', { name: 'Send referral' }).click();
      await page.getByText(/The referral was saved but not sent/).waitFor();
      expect(dropped).toBe(1);
      await shot('network-refer-unsent.png');

      await page.getByRole('link', { name: 'Referrals', exact: true }).click();
      await page.waitForURL(`${base}/referrals`);
      const row = page.locator('.referral-item', { hasText: CLIENT });
      await row.waitFor();
      expect(await row.locator('.status-badge').textContent()).toBe('Not sent');
      await row.getByText('Not sent yet: open it to send').waitFor();
      await row.getByRole('link', { name: 'Resume' }).click();
      await page.waitForURL(/\/referrals\/[^/]+$/);
      await page.getByRole('button', { name: 'Send referral' }).click();
      await page.getByText('Marked “Sent”.').waitFor();

      await page.getByRole('link', { name: 'Referrals', exact: true }).click();
      const sent = page.locator('.referral-item', { hasText: CLIENT });
      await sent.locator('.status-badge', { hasText: 'Sent' }).waitFor();
      await sent.getByText(/^Answer due /).waitFor();
      await sent.getByText(/^Waiting \d+ minutes?$/).waitFor();
      await sent.getByText('Urgent', { exact: true }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await shot('network-board.png');
      const phonePage = await context.newPage();
      await phonePage.setViewportSize(phone.viewport);
      await phonePage.goto(`${base}/referrals`);
      await phonePage.locator('.referral-item', { hasText: CLIENT }).waitFor();
      await shot('network-board-phone.png', phonePage);
      await phonePage.close();
      expect(outsideRequests).toEqual([]);
    });
  },
);
