import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import {
  buildWebApp,
  CHROMIUM,
  keepOffline,
  launchChromium,
  screenshotDir,
  seriousViolations,
  signInAt,
} from './helpers.ts';

/** The screen the issue measured on: a 1366×900 laptop. */
const laptop = {
  viewport: { width: 1366, height: 900 },
  locale: 'en-US',
  timezoneId: 'America/Denver',
} as const;

// A 1×1 grey PNG: every tile the fake tile server sends.
const TILE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mN4+OjRfwAJIgPYbG2DRAAAAABJRU5ErkJggg==',
  'base64',
);
const TILE_ATTRIBUTION = '© OpenStreetMap contributors (test tiles)';

/** How many services the markers stand for: single markers plus the counts on clusters. */
function markedServices(page: Page): Promise<number> {
  return page.evaluate(() => {
    const singles = document.querySelectorAll('.leaflet-marker-pane .service-marker').length;
    let clustered = 0;
    for (const cluster of document.querySelectorAll('.leaflet-marker-pane .service-cluster')) {
      clustered += Number(cluster.textContent);
    }
    return singles + clustered;
  });
}

type Points = { searchServices: { totalCount: number; mapPoints: Array<{ serviceId: string }> } };
const POINTS = /* GraphQL */ `
  query P($input: SearchServicesInput!) {
    searchServices(input: $input) { totalCount mapPoints { serviceId } }
  }
`;

describe.skipIf(!existsSync(CHROMIUM))('the map and the search form (chromium)', () => {
  let server: TestServer;
  let tiled: TestServer;
  let tileServer: Server;
  const tileRequests: string[] = [];
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let webDist: string;
  const outsideRequests: string[] = [];

  beforeAll(async () => {
    webDist = await buildWebApp();
    server = await startTestServer({ seed: true, webDist });
    base = server.url.replace(/\/graphql$/, '');
    tileServer = createServer((req, res) => {
      tileRequests.push(req.url ?? '');
      if (!/^\/tiles\/\d+\/\d+\/\d+\.png$/.test(req.url ?? '')) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'image/png' }).end(TILE);
    });
    tileServer.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => tileServer.once('listening', () => resolve()));
    const { port } = tileServer.address() as AddressInfo;
    // The same directory, served by a deployment that has a tile server.
    tiled = await startTestServer({
      dbName: server.dbName,
      webDist,
      env: {
        MAP_TILE_URL: `http://127.0.0.1:${port}/tiles/{z}/{x}/{y}.png`,
        MAP_TILE_ATTRIBUTION: TILE_ATTRIBUTION,
      },
    });
    browser = await launchChromium();
    context = await browser.newContext(laptop);
    await keepOffline(context, outsideRequests);
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await tiled?.close({ keepDatabase: true });
    await server?.close();
    tileServer?.close();
    await rm(webDist, { recursive: true, force: true });
  });

  it('opens on the directory’s area with every service on it, on a named outline map', async () => {
    const directory = await server.gql<Points>(POINTS, { input: { first: 1 } });
    const mapped = directory.data?.searchServices.mapPoints.length ?? 0;
    expect(mapped).toBeGreaterThan(100);

    await page.goto(`${base}/`);
    await page.locator('.service-cluster').first().waitFor();
    await expect.poll(() => markedServices(page)).toBe(mapped);
    // On the metro, not the continent: its cities are named, and the note says what is shown.
    await page.locator('.place-label.is-city', { hasText: /^Denver$/ }).waitFor();
    await page.locator('.place-label.is-city', { hasText: /^Aurora$/ }).waitFor();
    await page
      .getByText(`All ${mapped.toLocaleString('en-US')} services in the directory`)
      .waitFor();
    const attribution = await page.locator('.leaflet-control-attribution').textContent();
    expect(attribution).toContain('Outline map, no streets');
    await page.screenshot({ path: path.join(screenshotDir, 'map-open-1366.png') });
  });

  it('maps every match of a search, not only the loaded page, and marks where it starts', async () => {
    const input = { categories: ['food'], postalCode: '80205', radiusKm: 16.1 };
    const expected = await server.gql<Points>(POINTS, { input: { ...input, first: 1 } });
    const total = expected.data?.searchServices.totalCount ?? 0;
    const mapped = expected.data?.searchServices.mapPoints.length ?? 0;
    expect(total).toBeGreaterThan(20);

    // One search request brings the page and the points, so a search is noted (unmet needs,
    // a saved client's audit) once. (Development builds, as here, also send one that React's
    // StrictMode cancels; only finished requests count.)
    const searches: string[] = [];
    const noteSearch = (req: { postData(): string | null }) => {
      if (req.postData()?.includes('searchServices')) searches.push(req.postData() ?? '');
    };
    page.on('requestfinished', noteSearch);
    await page.goto(`${base}/?need=food&zip=80205`);
    await page.locator('.results-list > li').first().waitFor();
    expect(await page.locator('.results-list > li').count()).toBe(20);
    await expect.poll(() => markedServices(page)).toBe(mapped);
    page.off('requestfinished', noteSearch);
    expect(searches).toHaveLength(1);
    expect(mapped).toBeGreaterThan(20);
    const origin = page.locator('.leaflet-marker-pane .origin-marker');
    expect(await origin.getAttribute('title')).toBe('Distances from here: 80205');
    expect(await origin.getAttribute('class')).toContain('is-approximate');
    await page.getByText('Distances from 80205 (approximate)').waitFor();
  });

  it('keeps the search form to one band: three whole results and most of the map show', async () => {
    await page.goto(`${base}/?need=food&zip=80205`);
    await page.locator('.results-list > li').nth(2).waitFor();
    const formBox = await page.locator('.search-form').boundingBox();
    const formBottom = (formBox?.y ?? 0) + (formBox?.height ?? 0);
    await page.screenshot({ path: path.join(screenshotDir, 'search-1366.png') });
    expect(formBottom).toBeLessThanOrEqual(220);
    const whole = await page.evaluate(
      () =>
        [...document.querySelectorAll('.results-list > li')].filter(
          (card) => card.getBoundingClientRect().bottom <= window.innerHeight,
        ).length,
    );
    expect(whole).toBeGreaterThanOrEqual(3);
    const mapBox = await page.locator('.map-panel').boundingBox();
    const visibleMap = 900 - (mapBox?.y ?? 900);
    expect(visibleMap).toBeGreaterThanOrEqual(900 * 0.7);

    // The client and the "show only" filters are one click away, and fold again.
    const filters = page.getByRole('button', { name: 'Filters (1)' });
    expect(await page.getByText('Client (optional)').isVisible()).toBe(false);
    await filters.click();
    await page.getByText('Client (optional)').waitFor();
    await page.getByRole('button', { name: 'Open now' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(screenshotDir, 'search-1366-filters.png') });
    await filters.click();
    expect(await page.getByText('Client (optional)').isVisible()).toBe(false);
  });

  it('searches from a typed street address, and says so when nothing matches', async () => {
    await page.goto(`${base}/?need=food&zip=80205`);
    const first = page.locator('.results-list > li').first();
    await first.waitFor();
    const street =
      ((await first.locator('.result-address').textContent()) ?? '').split(',')[0]?.trim() ?? '';
    expect(street).toMatch(/^\d+ [\w .]+$/);
    const place = page.getByLabel('Address, city or ZIP');
    await place.fill(`${street}, Denver, CO`);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/[?&]at=/);
    await page.getByText(new RegExp(`^Distances from ${street}, Denver, CO \\d{5}$`)).waitFor();
    await page.locator('.results-list > li').first().getByText('< 0.1 mi away').waitFor();
    // The directory's own site at that address: the exact point, not a ZIP code's centre.
    expect(await page.locator('.origin-marker').getAttribute('class')).not.toContain(
      'is-approximate',
    );

    await place.fill('12 Imaginary Boulevard, Atlantis');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page
      .getByText(
        'No place matches this address. Check the house number and street, or give a city and ' +
          'state or a 5-digit ZIP code.',
      )
      .waitFor();
    expect(await place.getAttribute('aria-invalid')).toBe('true');
    expect(await place.getAttribute('aria-describedby')).toBe('place-error');
  });

  it('with no match, shows the area searched around its starting point, places named', async () => {
    await page.goto(`${base}/?q=zzqqxx&zip=80205`);
    await page.getByText('No services match.').waitFor();
    await page.locator('.origin-marker').waitFor();
    await page.locator('.search-reach').waitFor();
    await page.locator('.place-label.is-city', { hasText: /^Denver$/ }).waitFor();
    await page.screenshot({ path: path.join(screenshotDir, 'map-no-match-1366.png') });
    // Closer in, the outline map names ZIP codes too, so it is never a blank box.
    await page.locator('.leaflet-control-zoom-in').click();
    await page.locator('.leaflet-control-zoom-in').click();
    await page.locator('.place-label.is-zip').first().waitFor();
    await page.screenshot({ path: path.join(screenshotDir, 'map-street-zoom-1366.png') });
    expect(outsideRequests).toEqual([]);
  });

  it('starts a picked saved client’s search from their street address', async () => {
    const clientPage = await context.newPage();
    await signInAt(clientPage, base, 'coordinator@demo.wayfinder.test');
    const created = await clientPage.evaluate(async () => {
      const post = (body: object, headers: Record<string, string> = {}) =>
        fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body),
        }).then((r) => r.json());
      const me = await post({ query: '{ me { csrfToken } }' });
      return post(
        {
          query:
            'mutation C($input: CreateClientInput!) { createClient(input: $input) { id address } }',
          variables: {
            input: { name: 'Rosa Delgado', dateOfBirth: '1961-07-04', address: 'Aurora, CO' },
          },
        },
        { 'x-csrf-token': me.data.me.csrfToken },
      );
    });
    expect(created.data.createClient.address).toBe('Aurora, CO');

    await clientPage.goto(`${base}/?need=food`);
    await clientPage.getByRole('button', { name: /^Filters/ }).click();
    await clientPage.getByRole('button', { name: 'Use a saved client' }).click();
    await clientPage.getByLabel('Full name').fill('Rosa Delgado');
    await clientPage.getByLabel('Date of birth').fill('1961-07-04');
    await clientPage.getByRole('button', { name: 'Find', exact: true }).click();
    await clientPage.getByRole('button', { name: 'Use Rosa Delgado' }).click();
    await clientPage
      .getByText('Distances from the client’s address (Aurora, CO) (approximate)')
      .waitFor();
    expect(await clientPage.locator('.origin-marker').getAttribute('title')).toBe(
      'Distances from here: Aurora, CO',
    );
    // The address never goes into the page's address (history, shared links).
    expect(clientPage.url()).not.toContain('Aurora');
    // The view moved to the new results: every one of them is drawn (clusters draw only what
    // is in view), the same set a search around Aurora finds.
    const aurora = await server.gql<Points>(POINTS, {
      input: { categories: ['food'], place: 'Aurora, CO', radiusKm: 16.1, first: 1 },
    });
    const mapped = aurora.data?.searchServices.mapPoints.length ?? 0;
    expect(mapped).toBeGreaterThan(20);
    await expect.poll(() => markedServices(clientPage)).toBe(mapped);
    await clientPage.screenshot({ path: path.join(screenshotDir, 'map-saved-client-1366.png') });
    await clientPage.close();
  });

  it('draws the tiles of MAP_TILE_URL, credited, when the deployment has a tile server', async () => {
    const tiledBase = tiled.url.replace(/\/graphql$/, '');
    const tiledPage = await context.newPage();
    await tiledPage.goto(`${tiledBase}/?need=food&zip=80205`);
    await tiledPage.locator('.leaflet-tile-loaded').first().waitFor();
    expect(tileRequests.some((url) => /^\/tiles\/\d+\/\d+\/\d+\.png$/.test(url))).toBe(true);
    const attribution = await tiledPage.locator('.leaflet-control-attribution').textContent();
    expect(attribution).toContain(TILE_ATTRIBUTION);
    expect(attribution).not.toContain('Outline map');
    expect(await tiledPage.locator('.map-view.has-offline-basemap').count()).toBe(0);
    expect(await tiledPage.locator('.place-label').count()).toBe(0);
    await tiledPage.screenshot({ path: path.join(screenshotDir, 'map-tiles-1366.png') });
    await tiledPage.close();
    expect(outsideRequests).toEqual([]);
  });
});
