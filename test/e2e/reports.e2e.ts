import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../server/domain/accounts/actor.ts';
import type { Clock } from '../../server/domain/clock.ts';
import { createReferral } from '../../server/domain/referrals/create-referral.ts';
import { transitionReferral } from '../../server/domain/referrals/transition-referral.ts';
import {
  type Agency,
  buildAgency,
  buildClientWithConsent,
  buildCoordinating,
  newKey,
} from '../integration/referral-fixture.ts';
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

const HOUR = 3_600_000;

describe.skipIf(!existsSync(CHROMIUM))(
  'a network admin reads the referral reports and unmet needs (chromium)',
  () => {
    let server: TestServer;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let base: string;
    let webDist: string;
    let offsetMs = 0;
    const clock: Clock = { now: () => new Date(Date.now() - offsetMs) };
    const outsideRequests: string[] = [];

    /** Referrals over the last three months: completed, declined, accepted and unanswered. */
    async function makeReferrals() {
      const pantry = await buildAgency(server, {
        name: 'Eastside Pantry',
        serviceName: 'Groceries',
      });
      const shelter = await buildAgency(server, {
        name: 'Harbor Shelter',
        serviceName: 'Beds',
        categories: ['housing'],
      });
      server.runtime.worker.kick();
      await server.runtime.worker.idle();
      const northside = await buildCoordinating(server, 'Northside Center');
      const staffActor = (agency: Agency): Actor => ({
        userId: agency.staff.user.id,
        organizationId: agency.staff.user.organizationId,
        role: agency.staff.user.role,
        sessionId: 'e2e',
        ip: null,
      });
      const now = new Date();
      const daysAgo = (days: number) => days * 24 * HOUR;
      const monthsBack = [0, 1, 2].map((back) => {
        const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1, 12);
        return Math.max(0, now.getTime() - start) + HOUR;
      });
      const plan: Array<{
        agency: Agency;
        needs: string[];
        sentAgo: number;
        steps: Array<{ afterHours: number; input: Record<string, unknown> }>;
      }> = [];
      for (const [index, ago] of monthsBack.entries()) {
        plan.push(
          {
            agency: pantry,
            needs: ['food'],
            sentAgo: ago,
            steps: [
              { afterHours: 2 + index, input: { to: 'ACCEPTED' } },
              { afterHours: 3 + index, input: { to: 'IN_PROGRESS' } },
              { afterHours: 30 + index * 10, input: { to: 'COMPLETED', outcome: 'GOT_HELP' } },
            ].filter((step) => ago - step.afterHours * HOUR > 0),
          },
          {
            agency: shelter,
            needs: ['housing'],
            sentAgo: ago,
            steps: [
              {
                afterHours: 1,
                input: { to: 'REJECTED', reasonCode: index === 1 ? 'NOT_ELIGIBLE' : 'NO_CAPACITY' },
              },
            ],
          },
          { agency: pantry, needs: ['food', 'housing'], sentAgo: ago, steps: [] },
        );
      }
      plan.push({
        agency: shelter,
        needs: ['housing'],
        sentAgo: daysAgo(40),
        steps: [{ afterHours: 5, input: { to: 'ACCEPTED' } }],
      });
      for (const item of plan) {
        offsetMs = item.sentAgo;
        const { client, consent, actor } = await buildClientWithConsent(
          server,
          northside.coordinator,
          item.agency.organization.id,
        );
        let referral = await createReferral(server.runtime.deps, actor, {
          clientId: client.id,
          consentId: consent.id,
          serviceId: item.agency.service.id,
          needs: item.needs,
          urgency: 'ROUTINE',
          idempotencyKey: newKey(),
          send: true,
        });
        for (const step of item.steps) {
          offsetMs = item.sentAgo - step.afterHours * HOUR;
          referral = await transitionReferral(server.runtime.deps, staffActor(item.agency), {
            referralId: referral.id,
            expectedVersion: referral.version,
            ...step.input,
          });
        }
      }
      offsetMs = 0;
    }

    /** Searches that find nothing, from three ZIP areas (logged as unmet needs). */
    async function makeUnmetNeeds() {
      const searches = [
        { postalCode: '80205', categories: ['legal'] },
        { postalCode: '80203', categories: ['legal', 'immigration'] },
        { postalCode: '80401', categories: ['housing'] },
        { postalCode: '80909', categories: ['legal'] },
      ];
      for (const search of searches) {
        const res = await server.gql<{ searchServices: { totalCount: number } }>(
          'query($input: SearchServicesInput!) { searchServices(input: $input) { totalCount } }',
          { input: { text: 'zzqxwv', ...search } },
        );
        expect(res.data?.searchServices.totalCount).toBe(0);
      }
    }

    beforeAll(async () => {
      webDist = await buildWebApp();
      server = await startTestServer({ seed: true, webDist, clock });
      base = server.url.replace(/\/graphql$/, '');
      await makeReferrals();
      await makeUnmetNeeds();
      browser = await launchChromium();
      context = await offlineContext(browser, outsideRequests);
      page = await context.newPage();
    });

    afterAll(async () => {
      await context?.close();
      await browser?.close();
      await server?.close();
      await rm(webDist, { recursive: true, force: true });
    });

    it('charts closed-loop rate, response times, reasons and outcomes, with data tables', async () => {
      await signInAt(page, base, 'network-admin@demo.wayfinder.test');
      await page.getByRole('link', { name: 'Reports' }).click();
      await page.waitForURL(`${base}/reports`);
      await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();

      for (const title of [
        'Closed-loop rate by month',
        'Median time to acceptance and completion by month',
        'Rejection reasons',
        'Outcomes by agency',
      ]) {
        await page.getByRole('heading', { level: 2, name: title }).waitFor();
        await page.getByRole('img', { name: title }).locator('.recharts-wrapper').waitFor();
      }
      // Ten referrals sent, six answered for good (three completed or under way, three declined).
      const tile = (name: string) =>
        page.locator('.report-tiles div', { hasText: name }).locator('dd').textContent();
      expect(await tile('Referrals sent')).toBe('10');
      expect(await page.locator('.recharts-line-curve').count()).toBeGreaterThanOrEqual(3);
      expect(await page.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);

      // The data table behind the first chart: one row per month of the default six.
      const closedLoop = page.locator('section.report-chart', {
        has: page.getByRole('heading', { name: 'Closed-loop rate by month' }),
      });
      await closedLoop.getByText('Data table').click();
      const rows = closedLoop.locator('tbody tr');
      await rows.first().waitFor();
      expect(await rows.count()).toBe(6);
      const reasons = page.locator('section.report-chart', {
        has: page.getByRole('heading', { name: 'Rejection reasons' }),
      });
      await reasons.getByText('Data table').click();
      expect(await reasons.locator('tbody tr').allTextContents()).toEqual([
        'No capacity2',
        'Not eligible1',
      ]);

      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: path.join(screenshotDir, 'reports.png'), fullPage: true });

      // Grouping lives in the URL, like the search.
      await page.getByLabel('Group by').selectOption('need');
      await page.waitForURL(/by=need/);
      await page.getByRole('heading', { level: 2, name: 'Outcomes by need category' }).waitFor();
      const byNeed = page.locator('section.report-chart', {
        has: page.getByRole('heading', { name: 'Outcomes by need category' }),
      });
      await byNeed.getByText('Data table').click();
      expect(await byNeed.locator('tbody th').allTextContents()).toEqual(['Housing', 'Food']);
      await page.reload();
      await page.getByRole('heading', { level: 2, name: 'Outcomes by need category' }).waitFor();
    });

    it('maps unmet needs by area, with tables by area and need category', async () => {
      await page.getByRole('link', { name: 'Unmet needs' }).click();
      await page.waitForURL(/view=unmet/);
      await page.getByRole('heading', { level: 2, name: 'Unmet needs by area' }).waitFor();
      const circles = page.locator('path.area-circle');
      await circles.first().waitFor({ state: 'attached' });
      expect(await circles.count()).toBe(3);
      await page
        .locator('.map-view.has-offline-basemap path')
        .first()
        .waitFor({ state: 'attached' });
      const areaTable = page.locator('.unmet-map table');
      expect(await areaTable.locator('tbody th').allTextContents()).toEqual([
        'ZIP 802xx',
        'ZIP 804xx',
        'ZIP 809xx',
      ]);
      const byCategory = page.locator('section', {
        has: page.getByRole('heading', { name: 'Unmet needs by need category' }),
      });
      expect(await byCategory.locator('tbody th').first().textContent()).toBe('Legal help');
      expect(await byCategory.locator('tbody tr').first().locator('td').first().textContent()).toBe(
        '3',
      );
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({
        path: path.join(screenshotDir, 'reports-unmet.png'),
        fullPage: true,
      });
    });

    it('reads in Spanish on a phone, without anything from the internet', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByRole('link', { name: 'Referrals', exact: true }).click();
      await page.getByRole('combobox', { name: 'Language' }).selectOption('es');
      await page.getByRole('heading', { level: 1, name: 'Informes' }).waitFor();
      await page
        .getByRole('heading', { level: 2, name: 'Tasa de ciclo cerrado por mes' })
        .waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: path.join(screenshotDir, 'reports-phone-es.png') });
      await page.getByRole('combobox', { name: 'Idioma' }).selectOption('en');
      expect(outsideRequests).toEqual([]);
    });
  },
);
