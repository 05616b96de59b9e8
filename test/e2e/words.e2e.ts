import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
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
} from './helpers.ts';

describe.skipIf(!existsSync(CHROMIUM))(
  'a coordinator reads the search’s words in Spanish (chromium)',
  () => {
    let server: TestServer;
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
      browser = await launchChromium();
      context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        locale: 'es-US',
        timezoneId: 'America/Denver',
      });
      await context.addInitScript(() => window.localStorage.setItem('wayfinder.lang', 'es'));
      await keepOffline(context, outsideRequests);
      page = await context.newPage();
    });

    afterAll(async () => {
      await context?.close();
      await browser?.close();
      await server?.close();
      await rm(webDist, { recursive: true, force: true });
    });

    it('finds services for a Spanish need word', async () => {
      await page.goto(`${base}/?q=vivienda&zip=80202`);
      await page.locator('.results-list > li').first().waitFor();
      expect(await page.locator('.results-list > li').count()).toBeGreaterThan(0);
    });

    it('offers the need a text names when it finds nothing, in one click', async () => {
      // A need left on from the last client ("Ayuda legal"), folded away on a phone.
      await page.goto(`${base}/?q=comida&need=legal&zip=80202`);
      const chip = page.getByRole('button', { name: '¿Buscaba Alimentos?' });
      await chip.waitFor();
      await page.screenshot({ path: path.join(screenshotDir, 'words-suggestion-es.png') });
      await chip.click();
      await page.locator('.results-list > li').first().waitFor();
      const url = new URL(page.url());
      expect(url.searchParams.get('need')).toBe('food');
      expect(url.searchParams.get('q')).toBeNull();
    });

    it('explains its filter, sort and status words', async () => {
      await page.goto(`${base}/?zip=80202`);
      await page.getByRole('heading', { name: 'Resultados' }).waitFor();
      const glossary = page.locator('details.glossary');
      await glossary.getByText('Qué significan estas palabras').click();
      const terms = await glossary.locator('dt').allTextContents();
      expect(terms).toEqual(
        expect.arrayContaining([
          'Con cupo o sin dato',
          'El cliente podría calificar',
          'Primero los que reportan cupo',
          'Según ingresos',
        ]),
      );
      expect(await glossary.locator('dd').first().isVisible()).toBe(true);
      await page.getByRole('button', { name: /^Filtros/ }).click();
      // The sort offers two choices, so it does not read like another filter.
      const sort = page.getByRole('group', { name: 'Ordenar' });
      await expect
        .poll(() => sort.getByRole('button').allTextContents())
        .toEqual(['Mejor coincidencia', 'Primero los que reportan cupo']);
      // Without client details, "Client may qualify" takes the coordinator to them.
      await page.getByRole('button', { name: 'El cliente podría calificar' }).click();
      await expect
        .poll(() => page.getByLabel('Edad').evaluate((e) => e === document.activeElement))
        .toBe(true);
      await page.screenshot({
        path: path.join(screenshotDir, 'words-glossary-es.png'),
        fullPage: true,
      });
      expect(await seriousViolations(page)).toEqual([]);
      expect(outsideRequests).toEqual([]);
    });
  },
);
