import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, saveMember } from '../../server/domain/accounts/users.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import {
  buildWebApp,
  CHROMIUM,
  DEMO_PASSWORD,
  launchChromium,
  offlineContext,
  screenshotDir,
  seriousViolations,
  signInAt,
} from './helpers.ts';

const PASSWORD = 'referral e2e password';
const CLIENT = 'Rosa Delgado Test';

describe.skipIf(!existsSync(CHROMIUM))(
  'a coordinator refers a client and the agency answers (chromium)',
  () => {
    let server: TestServer;
    let browser: Browser;
    let coordinator: BrowserContext;
    let agency: BrowserContext;
    let page: Page;
    let agencyPage: Page;
    let base: string;
    let webDist: string;
    let referralUrl = '';
    const outsideRequests: string[] = [];

    const newContext = () => offlineContext(browser, outsideRequests);

    const signIn = (target: Page, email: string, password: string) =>
      signInAt(target, base, email, password);

    beforeAll(async () => {
      webDist = await buildWebApp();
      server = await startTestServer({ seed: true, webDist });
      base = server.url.replace(/\/graphql$/, '');
      browser = await launchChromium();
      coordinator = await newContext();
      agency = await newContext();
      page = await coordinator.newPage();
      agencyPage = await agency.newPage();
    });

    afterAll(async () => {
      await coordinator?.close();
      await agency?.close();
      await browser?.close();
      await server?.close();
      await rm(webDist, { recursive: true, force: true });
    });

    it('a coordinator finds a service and refers a new client with consent', async () => {
      await signIn(page, 'coordinator@demo.wayfinder.test', DEMO_PASSWORD);
      await page.getByRole('link', { name: 'Referrals' }).waitFor();
      await page.getByLabel('Address, city or ZIP').fill('80205');
      await page.getByRole('button', { name: 'Food', exact: true }).click();
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.waitForURL(/zip=80205/);
      // Only services whose agency is on the network take referrals.
      const first = page.locator('.results-list > li', { hasText: 'Takes referrals' }).first();
      await first.waitFor();
      const name = ((await first.locator('h3').textContent()) ?? '').trim();
      await first.getByRole('link', { name }).click();
      await page.waitForURL(/\/services\/[^/]+$/);
      const serviceId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2] ?? '');

      // The agency that offers it joins the network, with one staff member.
      const service = await server.gql<{ service: { organization: { id: string; name: string } } }>(
        'query($id: ID!) { service(id: $id) { organization { id name } } }',
        { id: serviceId },
      );
      const org = service.data?.service.organization;
      if (!org) throw new Error(`no organization for ${serviceId}`);
      await saveMember(server.runtime.deps, { id: org.id, name: org.name, kinds: ['agency'] });
      await createUser(server.runtime.deps, {
        email: 'e2e-agency@example.org',
        name: 'Agency Tester',
        organizationId: org.id,
        role: 'agency_staff',
        password: PASSWORD,
      });

      await page.getByRole('link', { name: 'Refer client' }).click();
      await page.getByRole('heading', { name: 'Refer a client' }).waitFor();
      // Sending an empty form lists what is missing.
      await page.getByRole('button', { name: 'Send referral' }).click();
      await page.getByRole('alert').filter({ hasText: 'Fix these before sending' }).waitFor();
      await page.screenshot({ path: path.join(screenshotDir, 'refer-errors.png'), fullPage: true });

      await page.getByRole('radio', { name: 'New client' }).check();
      await page.getByLabel('Full name').fill(CLIENT);
      await page.getByRole('textbox', { name: 'Date of birth' }).fill('1984-05-17');
      await page.getByLabel('Phone (optional)').fill('(303) 555-0142');
      await page.getByLabel('ZIP code (optional)').fill('80205');
      await page.getByRole('radio', { name: 'Verbal' }).check();
      await page.getByRole('checkbox', { name: 'ZIP code' }).check();
      await page.getByRole('radio', { name: 'Urgent' }).check();
      await page.getByLabel('Note for the agency (optional)').fill('Prefers afternoon calls.');
      expect(await page.getByRole('button', { name: /Food$/ }).getAttribute('aria-pressed')).toBe(
        'true',
      );
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: path.join(screenshotDir, 'refer-form.png'), fullPage: true });
      // A double click still makes one referral (one idempotency key per form).
      await page.getByRole('button', { name: 'Send referral' }).dblclick();
      await page.getByText(`Referral sent to ${org.name}.`).waitFor();
      await page.screenshot({ path: path.join(screenshotDir, 'refer-sent.png') });

      await page.getByRole('link', { name: 'View the referral' }).click();
      await page.waitForURL(/\/referrals\/[^/]+$/);
      referralUrl = page.url();
      await page.getByRole('heading', { level: 1, name: `Referral for ${name}` }).waitFor();

      await page.getByRole('link', { name: 'Referrals', exact: true }).click();
      await page.waitForURL(`${base}/referrals`);
      const items = page.locator('.referral-item', { hasText: CLIENT });
      await items.first().waitFor();
      expect(await items.count()).toBe(1);
      expect(await items.first().locator('.status-badge').textContent()).toBe('Sent');
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({
        path: path.join(screenshotDir, 'referrals-dashboard.png'),
        fullPage: true,
      });
    });

    it('the agency accepts, starts and completes it; the dashboard follows without a reload', async () => {
      await signIn(agencyPage, 'e2e-agency@example.org', PASSWORD);
      await agencyPage.getByRole('link', { name: 'Inbox' }).click();
      await agencyPage.waitForURL(`${base}/inbox`);
      const item = agencyPage.locator('.referral-item', { hasText: CLIENT });
      await item.waitFor();
      expect(await seriousViolations(agencyPage)).toEqual([]);
      await agencyPage.screenshot({
        path: path.join(screenshotDir, 'agency-inbox.png'),
        fullPage: true,
      });

      await item.getByRole('link').click();
      await agencyPage.waitForURL(/\/referrals\//);
      await agencyPage.locator('.referral-detail, .status-error').first().waitFor();
      await agencyPage.screenshot({
        path: path.join(screenshotDir, 'agency-referral.png'),
        fullPage: true,
      });
      await agencyPage.getByRole('heading', { name: 'Update the referral' }).waitFor();
      // The agency sees what the client agreed to share, and not the rest.
      await agencyPage
        .getByText('(303) 555-0142')
        .or(agencyPage.getByText('+13035550142'))
        .first()
        .waitFor();
      expect(await agencyPage.getByText('Not shared').count()).toBeGreaterThan(0);
      expect(await seriousViolations(agencyPage)).toEqual([]);
      await agencyPage.screenshot({
        path: path.join(screenshotDir, 'agency-referral.png'),
        fullPage: true,
      });

      const dashboardStatus = page
        .locator('.referral-item', { hasText: CLIENT })
        .locator('.status-badge');
      const steps: Array<{ action: string; status: string }> = [
        { action: 'Accept', status: 'Accepted' },
        { action: 'Start', status: 'In progress' },
      ];
      for (const step of steps) {
        await agencyPage.getByRole('button', { name: step.action, exact: true }).click();
        await agencyPage.getByText(`Marked “${step.status}”.`).waitFor();
        await expect
          .poll(() => dashboardStatus.textContent(), { timeout: 20_000 })
          .toBe(step.status);
      }

      await agencyPage.getByRole('button', { name: 'Complete', exact: true }).click();
      await agencyPage.getByLabel('Outcome').selectOption('GOT_HELP');
      await agencyPage.getByLabel('Note (optional)').fill('Picked up groceries.');
      await agencyPage.getByRole('button', { name: 'Confirm: Complete' }).click();
      await agencyPage.getByText('Marked “Completed”.').waitFor();
      await expect.poll(() => dashboardStatus.textContent(), { timeout: 20_000 }).toBe('Completed');
      await page.screenshot({
        path: path.join(screenshotDir, 'referrals-dashboard-live.png'),
        fullPage: true,
      });

      await agencyPage.getByLabel(/^Message to /).fill('Client came in today.');
      await agencyPage.getByRole('button', { name: 'Send message' }).click();
      await agencyPage.locator('.message-body', { hasText: 'Client came in today.' }).waitFor();
    });

    it('the referral page shows the history and the thread, and updates on its own', async () => {
      await page.goto(referralUrl);
      const timeline = page.locator('.timeline');
      await timeline.getByText('Completed').waitFor();
      expect(await timeline.locator('li').count()).toBeGreaterThanOrEqual(4);
      await page.locator('.message-body', { hasText: 'Client came in today.' }).waitFor();
      await page.getByLabel(/^Message to /).fill('Thank you!');
      await page.getByRole('button', { name: 'Send message' }).click();
      await page.locator('.message-body', { hasText: 'Thank you!' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({
        path: path.join(screenshotDir, 'referral-page.png'),
        fullPage: true,
      });
      expect(outsideRequests).toEqual([]);
    });

    it('sends a signed-out visitor to sign in with a message', async () => {
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('link', { name: 'Sign in' }).waitFor();
      await page.goto(`${base}/referrals`);
      await page.waitForURL(/\/sign-in\?/);
      await page.getByText('Sign in to continue.').waitFor();
      expect(new URL(page.url()).searchParams.get('next'), page.url()).toBe('/referrals');
    });
  },
);
