import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUserByEmail } from '../../server/domain/accounts/users.ts';
import { createClient } from '../../server/domain/clients/clients.ts';
import { queuedOrLogged } from '../support/messages.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import {
  buildWebApp,
  CHROMIUM,
  desktop,
  keepOffline,
  launchChromium,
  offlineContext,
  screenshotDir,
  seriousViolations,
  signInAt,
} from './helpers.ts';

/** Chooses answers by their words, question by question (fieldsets named by their legend). */
async function answer(page: Page, choices: Array<[question: RegExp, answer: string]>) {
  for (const [question, choice] of choices) {
    await page.getByRole('group', { name: question }).getByLabel(choice, { exact: true }).check();
  }
}

describe.skipIf(!existsSync(CHROMIUM))(
  'a coordinator screens a client, who answers a second screening on their phone (chromium)',
  () => {
    let server: TestServer;
    let browser: Browser;
    let coordinator: BrowserContext;
    let phone: BrowserContext;
    let base: string;
    let webDist: string;
    let clientId: string;
    const outsideRequests: string[] = [];

    beforeAll(async () => {
      webDist = await buildWebApp();
      server = await startTestServer({ seed: true, webDist });
      base = server.url.replace(/\/graphql$/, '');
      const deps = server.runtime.deps;
      const user = await findUserByEmail(deps, 'coordinator@demo.wayfinder.test');
      if (!user) throw new Error('no demo coordinator');
      const client = await createClient(
        deps,
        {
          userId: user.id,
          organizationId: user.organizationId,
          role: user.role,
          sessionId: 'e2e',
          ip: null,
        },
        {
          name: 'Rosa Medina',
          dateOfBirth: '1979-06-02',
          phone: '303-555-0177',
          preferredLanguage: 'es',
          postalCode: '80203',
        },
      );
      clientId = client.id;
      browser = await launchChromium();
      coordinator = await offlineContext(browser, outsideRequests);
      phone = await browser.newContext({
        viewport: { width: 360, height: 740 },
        locale: 'es-US',
        timezoneId: 'America/Denver',
        isMobile: true,
        hasTouch: true,
      });
      await keepOffline(phone, outsideRequests);
    });

    afterAll(async () => {
      await coordinator?.close();
      await phone?.close();
      await browser?.close();
      await server?.close();
      await rm(webDist, { recursive: true, force: true });
    });

    it('screens in person: result, safety flag, needs with services to list or refer', async () => {
      const page = await coordinator.newPage();
      await signInAt(page, base, 'coordinator@demo.wayfinder.test');
      await page.goto(`${base}/clients/${clientId}/screening`);
      await page.getByRole('heading', { level: 1, name: 'Screening: Rosa Medina' }).waitFor();
      // Rosa prefers Spanish: the questions start in Spanish; the coordinator reads them in English.
      await page.getByRole('group', { name: /¿Cuál es su situación de vivienda hoy\?/ }).waitFor();
      await page.getByLabel('Language of the questions').selectOption('EN');
      await page.getByRole('group', { name: /What is your living situation today\?/ }).waitFor();

      await page.getByRole('button', { name: 'Save the screening' }).click();
      await page
        .getByText('Answer every question first. Missing: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10.')
        .waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      await answer(page, [
        [/^1\. What is your living situation/, 'I have a steady place to live'],
        [/^2\. Think about the place you live/, 'None of the above'],
        [/^3\. Within the past 12 months, you worried/, 'Often true'],
        [/^4\. Within the past 12 months, the food/, 'Sometimes true'],
        [/^5\. In the past 12 months, has lack/, 'No'],
        [/^6\. In the past 12 months has the electric/, 'No'],
        [/^7\. How often does anyone, including family and friends, physically/, 'Rarely (2)'],
        [/^8\. How often .* insult/, 'Never (1)'],
        [/^9\. How often .* threaten/, 'Never (1)'],
        [/^10\. How often .* scream/, 'Never (1)'],
      ]);
      await page.getByRole('button', { name: 'Save the screening' }).click();
      await page.getByText('Screening saved.').waitFor();
      const result = page.locator('.screening-result');
      await result.getByText('Food insecurity').waitFor();
      await result.getByText('Safety total: 5 of 20 (11 or more is a positive screen).').waitFor();
      await result.getByText('For your attention — not a positive screen').waitFor();

      const needs = page.locator('.needs-panel');
      const food = needs.locator('.need-item', { hasText: 'Food insecurity' });
      await food.getByText('Open', { exact: true }).waitFor();
      await food.locator('.need-suggestion').first().waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({
        path: path.join(screenshotDir, 'screening-desktop.png'),
        fullPage: true,
      });

      // One click puts a suggested service on a resource list.
      await food
        .locator('.need-suggestion')
        .first()
        .getByRole('button', { name: /^Add to list/ })
        .click();
      await food
        .getByRole('link', { name: /Open the list/ })
        .first()
        .waitFor();

      await page.setViewportSize({ width: 360, height: 740 });
      await page.screenshot({
        path: path.join(screenshotDir, 'screening-360.png'),
        fullPage: true,
      });
      await page.screenshot({ path: path.join(screenshotDir, 'screening-360-top.png') });
      await page.setViewportSize(desktop.viewport);

      // One click starts a referral of this client, who is chosen already on the refer form.
      await food
        .getByRole('link', { name: /^Refer/ })
        .first()
        .click();
      await page.waitForURL(/\/services\/[^/]+\/refer\?clientId=/);
      expect(await page.getByRole('radio', { name: /Rosa Medina/ }).isChecked()).toBe(true);
      await page.goBack();

      // A need added by hand, then marked addressed.
      await needs.getByLabel('Need', { exact: true }).selectOption('EMPLOYMENT_STATUS');
      await needs.getByRole('button', { name: 'Add need' }).click();
      const job = needs.locator('.need-item', { hasText: 'Employment' });
      await job.getByRole('button', { name: 'Mark addressed: Employment' }).click();
      await job.getByText('Addressed', { exact: true }).waitFor();
    });

    it('sends a link the client answers on a 360 px phone in Spanish, without an account', async () => {
      const page = await coordinator.newPage();
      await page.goto(`${base}/clients/${clientId}/screening`);
      await page.getByRole('button', { name: 'Send by text message' }).click();
      await page.getByText(/^Sent\. The link works until /).waitFor();

      const sent = await queuedOrLogged(server.runtime.deps.db.models, {
        template: 'screening.link',
      });
      const link = /https?:\/\/\S+|\/screening\/\S+/.exec(String(sent.at(-1)?.text))?.[0] ?? '';
      const token = decodeURIComponent(
        link.slice(link.indexOf('/screening/') + '/screening/'.length),
      );
      expect(token.length).toBeGreaterThan(20);

      const mobile = await phone.newPage();
      await mobile.goto(`${base}/screening/${encodeURIComponent(token)}`);
      await mobile
        .getByRole('heading', {
          level: 1,
          name: 'Evaluación de necesidades sociales relacionadas con la salud',
        })
        .waitFor();
      await mobile.getByText(/Línea Nacional sobre la Violencia Doméstica/).waitFor();
      expect(await seriousViolations(mobile)).toEqual([]);
      const width = await mobile.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(360);
      await mobile.screenshot({
        path: path.join(screenshotDir, 'screening-public-360.png'),
        fullPage: true,
      });
      await mobile.screenshot({ path: path.join(screenshotDir, 'screening-public-360-top.png') });

      await answer(mobile, [
        [/^1\. ¿Cuál es su situación/, 'Tengo un lugar estable donde vivir'],
        [/^2\. Piense en el lugar/, 'Moho'],
        [/^3\. En los últimos 12 meses, le preocupó/, 'Nunca es cierto'],
        [/^4\. En los últimos 12 meses, la comida/, 'A veces es cierto'],
        [/^5\. En los últimos 12 meses, ¿la falta/, 'No'],
        [/^6\. En los últimos 12 meses, ¿la compañía/, 'No'],
        [/^7\. /, 'Nunca (1)'],
        [/^8\. /, 'Nunca (1)'],
        [/^9\. /, 'Nunca (1)'],
      ]);
      await mobile.getByRole('button', { name: 'Enviar mis respuestas' }).click();
      await mobile.getByText('Por favor responda todas las preguntas. Faltan: 10.').waitFor();
      await answer(mobile, [[/^10\. /, 'Nunca (1)']]);
      await mobile.getByRole('button', { name: 'Enviar mis respuestas' }).click();
      await mobile.getByText(/^Gracias\. Sus respuestas se enviaron a /).waitFor();
      await mobile.screenshot({ path: path.join(screenshotDir, 'screening-public-done-360.png') });

      // The link works once.
      await mobile.reload();
      await mobile.getByText(/has been used already; each link works once/).waitFor();

      await page.reload();
      const result = page.locator('.screening-result');
      await result.getByText(/by link/).waitFor();
      await result.getByText(/What changed since/).waitFor();
      await result.getByText('Housing quality').first().waitFor();
      expect(outsideRequests).toEqual([]);
    });
  },
);
