import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EngineName } from '../search/engines.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import {
  buildWebApp,
  CHROMIUM,
  chromiumArgs,
  collectCspViolations,
  desktop,
  keepOffline,
  screenshotDir,
  seriousViolations,
  signInAt,
} from './helpers.ts';

describe.skipIf(!existsSync(CHROMIUM))(
  'a coordinator finds food help near 80205 (chromium)',
  () => {
    let session: BrowsingSession;
    let page: Page;
    let base: string;
    let outsideRequests: string[];

    beforeAll(async () => {
      session = await startBrowsing('memory');
      ({ page, base, outsideRequests } = session);
    });

    afterAll(async () => {
      await session?.close();
    });

    it('searches by ZIP code and need, with results and markers in sync', async () => {
      await page.goto(`${base}/`);
      await page.getByRole('heading', { name: 'Results' }).waitFor();
      await page.getByLabel('Address, city or ZIP').fill('80205');
      await page.getByRole('button', { name: 'Food', exact: true }).click();
      await page.getByRole('button', { name: 'Search', exact: true }).click();

      await page.waitForURL(/zip=80205/);
      expect(new URL(page.url()).searchParams.get('need')).toBe('food');
      const results = page.locator('.results-list > li');
      await results.first().waitFor();
      expect(await results.count()).toBeGreaterThan(0);
      await expect
        .poll(() =>
          page
            .getByRole('status')
            .filter({ hasText: /services?$/ })
            .count(),
        )
        .toBe(1);

      // Markers (single or clustered) on an offline basemap drawn from us-atlas.
      const markers = page.locator('.leaflet-marker-pane .leaflet-marker-icon');
      await markers.first().waitFor();
      expect(await markers.count()).toBeGreaterThan(0);
      await page
        .locator('.map-view.has-offline-basemap path')
        .first()
        .waitFor({ state: 'attached' });

      // Hovering a result highlights its marker (or the cluster holding it).
      await results.first().hover();
      await expect
        .poll(() => page.locator('.leaflet-marker-pane .leaflet-marker-icon.is-active').count())
        .toBe(1);
      await page.screenshot({ path: path.join(screenshotDir, 'search-desktop.png') });
      // "Show on map" selects it: the card is marked and its marker shown.
      await results.first().getByRole('button', { name: 'Show on map' }).click();
      await expect
        .poll(() => page.locator('.result-card.is-selected').count(), { timeout: 10_000 })
        .toBe(1);
      await expect
        .poll(() => page.locator('.service-marker.is-selected').count(), { timeout: 10_000 })
        .toBe(1);

      expect(await seriousViolations(page)).toEqual([]);
      await page.locator('.leaflet-tooltip').first().waitFor();
      await page.locator('.map-panel').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(screenshotDir, 'search-selected.png') });
    });

    it('offers "search this area" after the coordinator moves the map', async () => {
      await page.locator('.leaflet-control-zoom-out').click();
      const button = page.getByRole('button', { name: 'Search this area' });
      await button.waitFor();
      await button.click();
      await page.waitForURL(/from=map/);
      await page.locator('.results-list > li').first().waitFor();
      expect(new URL(page.url()).searchParams.get('near')).toMatch(/^39\.\d+,-10[45]\.\d+$/);
      await page.goBack();
      await page.waitForURL(/zip=80205/);
      await page.locator('.results-list > li').first().waitFor();
    });

    it('opens a service with its hours, eligibility, costs and directions', async () => {
      const first = page.locator('.results-list > li').first();
      const name = ((await first.locator('h3').textContent()) ?? '').trim();
      await first.getByRole('link', { name }).click();
      await page.waitForURL(/\/services\//);
      await page.getByRole('heading', { level: 1, name }).waitFor();
      await page.getByRole('heading', { name: 'Hours' }).waitFor();
      expect(
        await page
          .getByRole('link', { name: 'Directions (OpenStreetMap)' })
          .first()
          .getAttribute('href'),
      ).toMatch(/^https:\/\/www\.openstreetmap\.org\/directions\?to=/);
      const refer = page.getByRole('button', { name: 'Refer client' });
      expect(await refer.getAttribute('aria-disabled')).toBe('true');
      expect(await refer.getAttribute('title')).toBe('Sign in as a coordinator to refer');

      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({
        path: path.join(screenshotDir, 'service-detail.png'),
        fullPage: true,
      });

      await page.goBack();
      await page.waitForURL(/zip=80205/);
      await page.locator('.results-list > li').first().waitFor();
    });

    it('signs a coordinator in and out', async () => {
      await signInAt(page, base, 'coordinator@demo.wayfinder.test');
      await page.waitForURL(`${base}/`);
      await page.screenshot({ path: path.join(screenshotDir, 'signed-in.png') });
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('link', { name: 'Sign in' }).waitFor();
      expect(await page.getByText(/^Signed in as /).count()).toBe(0);
    });

    it('works on a phone, in Spanish, without anything from the internet', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${base}/?need=food&zip=80205`);
      await page.locator('.results-list > li').first().waitFor();
      await page.getByRole('combobox', { name: 'Language' }).selectOption('es');
      await page.getByRole('heading', { name: 'Resultados' }).waitFor();
      // On a phone the need chips fold behind the Filters button, which counts them.
      await page.getByRole('button', { name: 'Filtros (1)' }).click();
      expect(
        await page.getByRole('button', { name: 'Alimentos' }).getAttribute('aria-pressed'),
      ).toBe('true');
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: path.join(screenshotDir, 'search-phone-es.png') });
      await page.locator('.results-list > li').first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(screenshotDir, 'search-phone-es-results.png') });
      await page.getByRole('combobox', { name: 'Idioma' }).first().selectOption('en');
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(outsideRequests).toEqual([]);
    });

    it('fits a 360 px phone: list first, map and filters on request, nothing overflows', async () => {
      await page.setViewportSize({ width: 360, height: 740 });
      await page.goto(`${base}/?need=food&zip=80205`);
      await page.locator('.results-list > li').first().waitFor();
      await page.getByText('Distances from 80205').waitFor();
      await expectFits(page);

      // The map stays closed until asked for, and its code is not drawn before then.
      const toggle = page.getByRole('button', { name: 'Show map' });
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      expect(await page.locator('#search-map').isVisible()).toBe(false);
      expect(await page.locator('.leaflet-container').count()).toBe(0);
      await toggle.click();
      await page.locator('#search-map .leaflet-marker-icon').first().waitFor();
      const hide = page.getByRole('button', { name: 'Hide map' });
      expect(await hide.getAttribute('aria-expanded')).toBe('true');
      const mapBox = await page.locator('#search-map').boundingBox();
      expect(mapBox?.width).toBeLessThanOrEqual(360);
      await expectFits(page);
      await page.screenshot({ path: path.join(screenshotDir, 'search-360-map.png') });
      await hide.click();
      expect(await page.locator('#search-map').isVisible()).toBe(false);

      // Filters fold behind one button that says how many are on.
      // A pressed chip's name starts with its check mark.
      const food = page.getByRole('button', { name: /^(✓ )?Food$/ });
      expect(await food.count()).toBe(0);
      await page.getByRole('button', { name: 'Filters (1)' }).click();
      expect(await food.getAttribute('aria-pressed')).toBe('true');
      await expectFits(page);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: path.join(screenshotDir, 'search-360.png'), fullPage: true });

      // The service page shows whether it is open beside the hours, and fits too.
      const first = page.locator('.results-list > li').first();
      const name = ((await first.locator('h3').textContent()) ?? '').trim();
      await first.getByRole('link', { name }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
      const hours = page.getByRole('region', { name: 'Hours' });
      expect(await hours.textContent()).toMatch(/Open now · closes |Closed · opens |Hours/);
      await expectFits(page);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: path.join(screenshotDir, 'service-360.png'), fullPage: true });
      const serviceUrl = page.url();

      // Signed in: the referral form, the referrals list and an agency's listings fit as well.
      await signIn(page, 'coordinator@demo.wayfinder.test');
      await page.goto(`${serviceUrl}/refer`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await settled(page);
      await expectFits(page);
      await page.screenshot({ path: path.join(screenshotDir, 'refer-360.png'), fullPage: true });
      await page.goto(`${base}/referrals`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await settled(page);
      await expectFits(page);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('link', { name: 'Sign in' }).waitFor();

      await signIn(page, 'food-agency@demo.wayfinder.test');
      await page.goto(`${base}/listings`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await settled(page);
      await expectFits(page);
      await page.screenshot({ path: path.join(screenshotDir, 'listings-360.png'), fullPage: true });
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('link', { name: 'Sign in' }).waitFor();

      await page.setViewportSize({ width: 1280, height: 900 });
      expect(outsideRequests).toEqual([]);
    });

    it('runs under the server’s Content-Security-Policy', () => {
      // Last in this file's journey: every page the tests above opened had to work without one.
      expect(session.cspViolations).toEqual([]);
    });
  },
);

const meili = inject('meili');

describe.skipIf(!existsSync(CHROMIUM) || meili === null)(
  'search to detail on Meilisearch, the production engine (chromium)',
  () => {
    let session: BrowsingSession;
    beforeAll(async () => {
      session = await startBrowsing('meilisearch');
    });
    afterAll(async () => {
      await session?.close();
    });

    it('finds food help near 80205 and opens one', async () => {
      const { page, base, outsideRequests } = session;
      await page.goto(`${base}/?zip=80205&need=food`);
      const results = page.locator('.results-list > li');
      await results.first().waitFor();
      expect(await results.count()).toBeGreaterThan(0);

      const first = results.first();
      const name = ((await first.locator('h3').textContent()) ?? '').trim();
      await first.getByRole('link', { name }).click();
      await page.waitForURL(/\/services\//);
      await page.getByRole('heading', { level: 1, name }).waitFor();
      await page.getByRole('heading', { name: 'Hours' }).waitFor();
      expect(outsideRequests).toEqual([]);
    });
  },
);

type BrowsingSession = {
  server: TestServer;
  page: Page;
  base: string;
  /** Requests that tried to leave this machine (refused). */
  outsideRequests: string[];
  /** Content-Security-Policy violations the pages reported. */
  cspViolations: string[];
  close(): Promise<void>;
};

/** The built web app on a server over the demo directory and `engine`, in an offline chromium. */
async function startBrowsing(engine: EngineName): Promise<BrowsingSession> {
  const webDist = await buildWebApp();
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'wayfinder-chromium-'));
  const server = await startTestServer({ seed: true, webDist, engine });
  const context: BrowserContext = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: chromiumArgs,
    ...desktop,
  });
  const outsideRequests: string[] = [];
  await keepOffline(context, outsideRequests);
  const cspViolations = collectCspViolations(context);
  return {
    server,
    page: context.pages()[0] ?? (await context.newPage()),
    base: server.url.replace(/\/graphql$/, ''),
    outsideRequests,
    cspViolations,
    close: async () => {
      await context.close();
      await server.close();
      await rm(webDist, { recursive: true, force: true });
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** No horizontal scrolling at the viewport's width; the message names what sticks out. */
async function expectFits(page: Page): Promise<void> {
  const { scrollWidth, innerWidth, wider } = await page.evaluate(() => {
    const sticking: string[] = [];
    for (const element of document.body.querySelectorAll('*')) {
      const box = element.getBoundingClientRect();
      if (box.width > 0 && box.right > window.innerWidth + 0.5 && sticking.length < 5) {
        sticking.push(`${element.tagName.toLowerCase()}.${[...element.classList].join('.')}`);
      }
    }
    return {
      scrollWidth: document.scrollingElement?.scrollWidth ?? 0,
      innerWidth: window.innerWidth,
      wider: sticking,
    };
  });
  expect(scrollWidth, `wider than the page: ${wider.join(', ')}`).toBeLessThanOrEqual(innerWidth);
}

/** Waits until the page has stopped saying it is loading (live pages never go network-idle). */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => !/Loading|Cargando/.test(document.body.innerText));
  await page.waitForTimeout(250);
}

async function signIn(page: Page, email: string): Promise<void> {
  await signInAt(page, new URL(page.url()).origin, email);
}
