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

describe.skipIf(!existsSync(CHROMIUM))(
  'others help keep listings true: suggested edits and organization claims (chromium)',
  () => {
    let server: TestServer;
    let browser: Browser;
    let base: string;
    let webDist: string;
    const contexts: BrowserContext[] = [];
    const outsideRequests: string[] = [];

    async function signedInPage(email: string): Promise<Page> {
      const context = await offlineContext(browser, outsideRequests);
      contexts.push(context);
      const page = await context.newPage();
      await signInAt(page, base, email);
      return page;
    }

    beforeAll(async () => {
      webDist = await buildWebApp();
      server = await startTestServer({ seed: true, webDist });
      base = server.url.replace(/\/graphql$/, '');
      browser = await launchChromium();
    });

    afterAll(async () => {
      for (const context of contexts) await context.close();
      await browser?.close();
      await server?.close();
      await rm(webDist, { recursive: true, force: true });
    });

    it('a coordinator suggests a new name; the agency accepts it and the listing shows it', async () => {
      const agency = await signedInPage('food-agency@demo.wayfinder.test');
      await agency.getByRole('link', { name: 'My listings' }).click();
      const card = agency.locator('.listing-card').first();
      await card.waitFor();
      const href = (await card.getByRole('link').getAttribute('href')) ?? '';
      const serviceId = decodeURIComponent(href.replace('/listings/', ''));
      await agency.getByText('No suggestions are waiting.').waitFor();

      const coordinator = await signedInPage('coordinator@demo.wayfinder.test');
      await coordinator.goto(`${base}/services/${encodeURIComponent(serviceId)}`);
      const heading = coordinator.getByRole('heading', { level: 1 });
      await heading.waitFor();
      const oldName = ((await heading.textContent()) ?? '').trim();
      await coordinator.getByRole('button', { name: 'Suggest an edit' }).click();
      await coordinator.getByRole('heading', { name: 'Suggest an edit' }).waitFor();
      expect(await coordinator.getByLabel('What is wrong').inputValue()).toBe('NAME');
      expect(await coordinator.getByLabel('Correct name').inputValue()).toBe(oldName);

      // The API's objection is named next to the field it is about.
      await coordinator.getByLabel('Correct name').fill('');
      await coordinator.getByRole('button', { name: 'Send suggestion' }).click();
      await coordinator.locator('#suggest-value-error').waitFor();
      expect(await coordinator.getByLabel('Correct name').getAttribute('aria-invalid')).toBe(
        'true',
      );

      const newName = `${oldName} (Eastside)`;
      await coordinator.getByLabel('Correct name').fill(newName);
      await coordinator
        .getByLabel('How you know (optional, for the agency)')
        .fill('The sign outside says so.');
      expect(await seriousViolations(coordinator)).toEqual([]);
      await coordinator.screenshot({
        path: path.join(screenshotDir, 'suggest-edit.png'),
        fullPage: true,
      });
      await coordinator.getByRole('button', { name: 'Send suggestion' }).click();
      await coordinator
        .getByText('Thank you. The agency will review your suggestion for Name.')
        .waitFor();

      await agency.reload();
      const suggestion = agency.locator('.review-card', { hasText: `Name of ${oldName}` });
      await suggestion.waitFor();
      await suggestion.getByText(newName, { exact: true }).waitFor();
      await suggestion.getByText('The sign outside says so.').waitFor();
      expect(await seriousViolations(agency)).toEqual([]);
      await agency.screenshot({
        path: path.join(screenshotDir, 'suggestion-inbox.png'),
        fullPage: true,
      });
      await suggestion.getByRole('button', { name: /^Accept/ }).click();
      await agency.getByText(`Accepted: Name of ${oldName} is updated.`).waitFor();
      await agency.getByText('No suggestions are waiting.').waitFor();

      await coordinator.reload();
      await coordinator.getByRole('heading', { level: 1, name: newName }).waitFor();
      expect(outsideRequests).toEqual([]);
    });

    it('agency staff claim an organization nobody keeps; a network admin approves it', async () => {
      const { Member, Service } = server.runtime.deps.db.models;
      const members = await Member.collection.find({}, { projection: { _id: 1 } }).toArray();
      const unowned = await Service.collection.findOne(
        { organization_id: { $nin: members.map((m) => String(m._id)) }, status: 'active' },
        { sort: { _id: 1 } },
      );
      expect(unowned).not.toBeNull();
      const agency = await signedInPage('food-agency@demo.wayfinder.test');
      await agency.goto(`${base}/services/${encodeURIComponent(String(unowned?._id))}`);
      await agency.getByRole('button', { name: 'Claim this organization' }).click();
      const orgName = ((await agency.locator('.service-org strong').textContent()) ?? '').trim();
      await agency.getByRole('button', { name: 'Send claim' }).click();
      await agency.locator('#claim-note-error').waitFor();
      await agency
        .getByLabel(`How your agency is connected to ${orgName}`)
        .fill('We took over running it in March.');
      expect(await seriousViolations(agency)).toEqual([]);
      await agency.getByRole('button', { name: 'Send claim' }).click();
      await agency.getByText('Claim sent. A network admin will review it.').waitFor();

      const admin = await signedInPage('network-admin@demo.wayfinder.test');
      await admin.getByRole('link', { name: 'Review' }).click();
      await admin.waitForURL(`${base}/network`);
      const claim = admin.locator('.review-card', { hasText: `claims ${orgName}` });
      await claim.waitFor();
      await claim.getByText('We took over running it in March.').waitFor();
      await admin.getByRole('heading', { name: 'Stale listings' }).waitFor();
      // The stale-listings scan can take a few seconds on a busy machine.
      await expect.poll(() => admin.getByText('Loading…').count(), { timeout: 30_000 }).toBe(0);
      // Each stale listing asks its agency to confirm it, with the outcome beside it.
      const stale = admin.locator('.review-stale-item').first();
      if ((await stale.count()) > 0) {
        await stale.getByRole('button', { name: /^Request confirmation/ }).click();
        await stale.locator('.status-message').waitFor();
      }
      expect(await seriousViolations(admin)).toEqual([]);
      await admin.screenshot({
        path: path.join(screenshotDir, 'network-review.png'),
        fullPage: true,
      });
      await claim.getByRole('button', { name: /^Approve/ }).click();
      await admin.getByText(`now keeps ${orgName}’s listings.`, { exact: false }).waitFor();
      await admin.getByText('No claims are waiting.').waitFor();

      // Claimed: the organization is no longer offered to claim.
      await agency.reload();
      await agency.getByRole('heading', { level: 1 }).waitFor();
      await agency.getByRole('button', { name: 'Suggest an edit' }).waitFor();
      expect(await agency.getByRole('button', { name: 'Claim this organization' }).count()).toBe(0);
      expect(outsideRequests).toEqual([]);
    });
  },
);
