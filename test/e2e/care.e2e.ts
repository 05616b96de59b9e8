import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUserByEmail } from '../../server/domain/accounts/users.ts';
import { createClient } from '../../server/domain/clients/clients.ts';
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

describe.skipIf(!existsSync(CHROMIUM))(
  'a coordinator keeps a client’s care plan and follow-up tasks (chromium)',
  () => {
    let server: TestServer;
    let browser: Browser;
    let context: BrowserContext;
    let base: string;
    let webDist: string;
    let clientId: string;
    const outsideRequests: string[] = [];

    beforeAll(async () => {
      webDist = await buildWebApp();
      server = await startTestServer({ seed: true, webDist });
      base = server.url.replace(/\/graphql$/, '');
      browser = await launchChromium();
      context = await offlineContext(browser, outsideRequests);
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
          name: 'Rosa Delgado',
          dateOfBirth: '1979-02-11',
          phone: '303-555-0177',
          address: '1500 E Colfax Ave, Denver, CO 80218',
        },
      );
      clientId = client.id;
    });

    afterAll(async () => {
      await context?.close();
      await browser?.close();
      await server?.close();
      await rm(webDist, { recursive: true, force: true });
    });

    it('from the caseload to the client page: a goal, its progress, a task and a note', async () => {
      const page = await context.newPage();
      await signInAt(page, base, 'coordinator@demo.wayfinder.test');
      await page.getByRole('link', { name: 'Caseload' }).click();
      await page.waitForURL(`${base}/caseload`);
      await page.getByRole('heading', { level: 1, name: 'My caseload' }).waitFor();
      const row = page.getByRole('row', { name: /Rosa Delgado/ });
      await row.waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await row.getByRole('link', { name: 'Rosa Delgado' }).click();
      await page.waitForURL(`${base}/clients/${clientId}`);
      await page.getByRole('heading', { level: 1, name: 'Rosa Delgado' }).waitFor();
      expect(
        await page.getByRole('link', { name: 'Screen for social needs' }).getAttribute('href'),
      ).toBe(`/clients/${clientId}/screening`);

      // A goal dated in the past is refused with the reason; then a good one is set.
      await page.getByLabel('Goal, in the client’s words').fill('Keep the apartment');
      await page.getByLabel('Need domain').selectOption('HOUSING_INSTABILITY');
      await page.getByLabel('Target date (optional)').fill('2020-01-01');
      await page.getByRole('button', { name: 'Add the goal' }).click();
      await page.getByRole('alert').filter({ hasText: 'The target date is in the past' }).waitFor();
      await page.getByLabel('Target date (optional)').fill('2030-06-30');
      await page.getByRole('button', { name: 'Add the goal' }).click();
      const goal = page.locator('.goal-item', { hasText: 'Keep the apartment' });
      await goal.waitFor();
      await goal.getByLabel('Status').selectOption('ACTIVE');
      await goal.getByLabel('Progress').selectOption('IMPROVING');
      await goal.getByRole('button', { name: 'Save changes' }).click();
      await page.locator('.goal-item', { hasText: 'History (2)' }).waitFor();
      await page.locator('.goal-item .goal-chip', { hasText: 'Improving' }).waitFor();

      // A task, then done; a note of contact lands on the timeline.
      const today = new Date().toISOString().slice(0, 10);
      await page.getByLabel('What to do').fill('Call the landlord about the repair');
      await page.getByLabel('Due date').fill(today);
      await page.getByRole('button', { name: 'Add the task' }).click();
      const task = page.locator('.task-item', { hasText: 'Call the landlord' });
      await task.waitFor();
      await page
        .getByRole('textbox', { name: 'Note', exact: true })
        .fill('Talked on the phone; rent is paid this month.');
      await page.getByLabel('I was in contact with the client').check();
      await page.getByRole('button', { name: 'Add the note' }).click();
      await page.locator('.timeline-entry', { hasText: 'rent is paid' }).waitFor();
      await page.locator('.timeline-entry', { hasText: 'Goal set: Keep the apartment' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: path.join(screenshotDir, 'client-page.png'), fullPage: true });
      await page.setViewportSize({ width: 360, height: 800 });
      await page.screenshot({
        path: path.join(screenshotDir, 'client-page-phone.png'),
        fullPage: true,
      });
      await page.setViewportSize({ width: 1280, height: 900 });
      // On paper: the plan without forms, navigation or timeline.
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.app-header').isVisible()).toBe(false);
      expect(await page.getByLabel('What to do').isVisible()).toBe(false);
      await page.screenshot({
        path: path.join(screenshotDir, 'client-page-print.png'),
        fullPage: true,
      });
      await page.emulateMedia({ media: 'screen' });
      const pdf = await page.request.get(`${base}/clients/${clientId}/care-plan.pdf`);
      expect(pdf.headers()['content-type']).toContain('application/pdf');

      await task.getByRole('button', { name: /^Mark done/ }).click();
      await page.locator('.task-item.is-closed', { hasText: 'Call the landlord' }).waitFor();

      // Back on the caseload: contact today, nothing due.
      await page.getByRole('link', { name: 'My caseload' }).click();
      await page.waitForURL(`${base}/caseload`);
      await page.getByText('Nothing due today. Well done.').waitFor();
      const back = page.getByRole('row', { name: /Rosa Delgado/ });
      await back.waitFor();
      expect(await back.getByRole('cell').last().textContent()).not.toBe('Never');
      await page.screenshot({ path: path.join(screenshotDir, 'caseload.png'), fullPage: true });
      await page.setViewportSize({ width: 360, height: 800 });
      await page.screenshot({
        path: path.join(screenshotDir, 'caseload-phone.png'),
        fullPage: true,
      });
      expect(await seriousViolations(page)).toEqual([]);

      // In Spanish.
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.getByRole('combobox', { name: 'Language' }).selectOption('es');
      await page.getByRole('heading', { level: 1, name: 'Mis casos' }).waitFor();
      await page.getByRole('link', { name: 'Rosa Delgado' }).click();
      await page.getByRole('heading', { level: 2, name: 'Plan de atención' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({
        path: path.join(screenshotDir, 'client-page-es.png'),
        fullPage: true,
      });
      expect(outsideRequests).toEqual([]);
    });
  },
);
