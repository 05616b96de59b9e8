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
  'agencies keep listings true; coordinators give clients resource lists (chromium)',
  () => {
    let server: TestServer;
    let browser: Browser;
    let agency: BrowserContext;
    let coordinator: BrowserContext;
    let base: string;
    let webDist: string;
    const outsideRequests: string[] = [];

    const newContext = () => offlineContext(browser, outsideRequests);

    const signIn = (target: Page, email: string) => signInAt(target, base, email);

    beforeAll(async () => {
      webDist = await buildWebApp();
      server = await startTestServer({ seed: true, webDist });
      base = server.url.replace(/\/graphql$/, '');
      browser = await launchChromium();
      agency = await newContext();
      coordinator = await newContext();
    });

    afterAll(async () => {
      await agency?.close();
      await coordinator?.close();
      await browser?.close();
      await server?.close();
      await rm(webDist, { recursive: true, force: true });
    });

    it('an agency edits a listing, adds a holiday closure and confirms it accurate', async () => {
      const page = await agency.newPage();
      await signIn(page, 'food-agency@demo.wayfinder.test');
      await page.getByRole('link', { name: 'My listings' }).click();
      await page.waitForURL(`${base}/listings`);
      const first = page.locator('.listing-card').first();
      await first.waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await first.getByRole('link').click();
      await page.waitForURL(/\/listings\/[^/]+$/);
      await page.getByRole('heading', { level: 1, name: /^Edit / }).waitFor();

      // A number the form cannot read is named next to its field, and nothing is sent.
      await page.getByLabel('Minimum age').fill('eighteen');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.locator('#listing-min-age-error', { hasText: 'Enter a whole number.' }).waitFor();
      expect(await page.getByLabel('Minimum age').getAttribute('aria-invalid')).toBe('true');
      await page.getByLabel('Minimum age').fill('18');

      await page
        .getByLabel('Description', { exact: true })
        .fill('Groceries for families, weekdays.');
      await page.getByRole('button', { name: 'Add a closure' }).click();
      await page.getByLabel('Closure 1: Closed from').fill('2026-12-25');
      await page.getByLabel('Why (optional)').last().fill('Christmas');
      await page.getByRole('radio', { name: 'Waitlist' }).check();
      await page.getByLabel('How many (optional)').fill('12');
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: path.join(screenshotDir, 'listing-edit.png'), fullPage: true });

      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('Saved. The listing is confirmed accurate today.').waitFor();
      await page.getByRole('button', { name: 'Publish capacity' }).click();
      await page.getByText('Capacity published.').waitFor();
      await page.getByRole('button', { name: 'Still accurate' }).click();
      await page.getByText(/^Confirmed accurate on /).waitFor();

      // What was saved is what the editor shows after a fresh load.
      await page.reload();
      await page.getByLabel('Closure 1: Closed from').waitFor();
      expect(await page.getByLabel('Closure 1: Closed from').inputValue()).toBe('2026-12-25');
      expect(await page.getByLabel('Description', { exact: true }).inputValue()).toBe(
        'Groceries for families, weekdays.',
      );
      await page.screenshot({
        path: path.join(screenshotDir, 'listing-saved.png'),
        fullPage: true,
      });

      // Someone else saves first: this editor's save is refused in plain words, and a reload
      // shows their version.
      const other = await agency.newPage();
      await other.goto(page.url());
      await other.getByLabel('Eligibility in words').fill('Adults of any income.');
      await other.getByRole('button', { name: 'Save changes' }).click();
      await other.getByText('Saved. The listing is confirmed accurate today.').waitFor();
      await page.getByLabel('Eligibility in words').fill('Everyone.');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText(/^Someone else changed this listing since you opened it/).waitFor();
      await page.screenshot({ path: path.join(screenshotDir, 'listing-conflict.png') });
      await page.getByRole('button', { name: 'Reload the listing' }).click();
      await expect
        .poll(() => page.getByLabel('Eligibility in words').inputValue())
        .toBe('Adults of any income.');
    });

    it('an agency adds a site placed by its ZIP code, edits its organization, offers a new service at the site and retires it', async () => {
      const context = await newContext();
      const page = await context.newPage();
      await signIn(page, 'food-agency@demo.wayfinder.test');
      await page.goto(`${base}/listings`);
      await page.getByRole('heading', { level: 2, name: 'Sites' }).waitFor();

      // A site without coordinates is placed at its ZIP code's centre and said to be approximate.
      await page.getByRole('button', { name: 'Add a site' }).click();
      await page.getByRole('button', { name: 'Add the site' }).click();
      await page.locator('#site-address1-error', { hasText: 'Give the street address.' }).waitFor();
      await page.getByLabel('Site name (optional)').fill('Colfax Annex');
      await page.getByLabel('Street address').fill('1500 E Colfax Ave');
      await page.getByLabel('City').fill('Denver');
      await page.getByLabel('State (two letters)').fill('CO');
      await page.getByLabel('ZIP code').fill('80218');
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Add the site' }).click();
      await page.getByText('Site added: Colfax Annex.').waitFor();
      await page.getByText(/^Approximate location \(ZIP centre\): give latitude/).waitFor();
      await page.getByText('Time zone: America/Denver').first().waitFor();
      const card = page.locator('.site-card', { hasText: 'Colfax Annex' });
      await card.getByText('Approximate location (ZIP centre)').waitFor();
      await page.screenshot({
        path: path.join(screenshotDir, 'listing-sites.png'),
        fullPage: true,
      });

      // The organization's own record: a bare website is saved with its scheme.
      await page.getByText('Organization details', { exact: true }).click();
      await page.getByLabel('Website (optional)').fill('supper.example.org');
      await page.getByRole('button', { name: 'Save organization details' }).click();
      await page.getByText('Organization details saved.').waitFor();
      expect(await page.getByLabel('Website (optional)').inputValue()).toBe(
        'https://supper.example.org',
      );

      // A new service opens in the editor; it is offered at the new site, then retired.
      await page.getByLabel('Name of the new service').fill('Winter coat drive');
      await page.getByRole('button', { name: 'Create the service' }).click();
      await page.waitForURL(/\/listings\/[^/]+$/);
      await page.getByRole('heading', { level: 1, name: 'Edit Winter coat drive' }).waitFor();
      await page.getByText('Not offered at any of your sites yet.').waitFor();
      const pick = page.getByLabel('Site to add');
      const option = pick.locator('option', { hasText: 'Colfax Annex' });
      await pick.selectOption((await option.getAttribute('value')) ?? '');
      await page.getByRole('button', { name: 'Add a site' }).click();
      await page.getByText('Now offered at Colfax Annex (1500 E Colfax Ave, Denver).').waitFor();
      const sites = page.locator('.service-sites .listing-card', { hasText: 'Colfax Annex' });
      await sites.waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({
        path: path.join(screenshotDir, 'listing-service-sites.png'),
        fullPage: true,
      });

      await page.getByRole('button', { name: 'Retire service' }).click();
      await page
        .getByText('Retire Winter coat drive? Coordinators will no longer find it.')
        .waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Yes, retire it' }).click();
      await page.getByText('This service is retired.').waitFor();
      await page.getByRole('link', { name: 'Back to my listings' }).click();
      await page.waitForURL(`${base}/listings`);
      await page
        .locator('.listing-card', { hasText: 'Winter coat drive' })
        .getByText('Retired', { exact: true })
        .waitFor();
      await context.close();
    });

    it('a coordinator adds two services to a list, prints it in Spanish and downloads the PDF', async () => {
      const page = await coordinator.newPage();
      await signIn(page, 'coordinator@demo.wayfinder.test');
      await page.getByLabel('Address, city or ZIP').fill('80205');
      await page.getByRole('button', { name: 'Food', exact: true }).click();
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.waitForURL(/zip=80205/);
      const cards = page.locator('.results-list > li');
      await cards.nth(1).waitFor();
      const names: string[] = [];
      for (const index of [0, 1]) {
        const card = cards.nth(index);
        names.push(((await card.locator('h3').textContent()) ?? '').trim());
        await card.getByRole('button', { name: /^Add to list/ }).click();
        await card.getByRole('button', { name: /^On the list/ }).waitFor();
      }
      const open = cards.nth(1).getByRole('link', { name: 'Open the list (2)' });
      await open.waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await open.click();
      await page.waitForURL(/\/lists\/[^/]+$/);
      for (const name of names) await page.getByRole('link', { name, exact: true }).waitFor();

      await page.getByLabel('Title (for you only)').fill('Food this week');
      await page.getByLabel('Note for the client (printed at the top)').fill('Empiece el lunes.');
      await page.getByLabel(`Note for the client about ${names[0]}`).fill('Traiga identificación.');
      await page.getByLabel('Client’s language (print and send)').selectOption('ES');
      await page.getByRole('button', { name: 'Save list' }).click();
      await page.getByText('List saved.').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: path.join(screenshotDir, 'list-edit.png'), fullPage: true });

      // A bad address is named next to its field.
      await page.getByLabel('Email address or mobile number').fill('not-an-address');
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      await page
        .locator('#list-send-to-error', {
          hasText: 'Enter an email address such as name@example.org.',
        })
        .waitFor();

      const pdfHref = await page.getByRole('link', { name: 'Download PDF' }).getAttribute('href');
      const pdf = await page.request.get(`${base}${pdfHref}`);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

      await page.getByRole('link', { name: 'Print', exact: true }).click();
      await page.waitForURL(/\/print\?lang=es$/);
      const sheet = page.locator('.print-sheet');
      await sheet.getByRole('heading', { level: 1, name: 'Recursos para usted' }).waitFor();
      expect(await sheet.getAttribute('lang')).toBe('es');
      for (const name of names) await sheet.getByRole('heading', { level: 2, name }).waitFor();
      await sheet.getByText('Traiga identificación.').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.app-header').isVisible()).toBe(false);
      expect(await page.locator('.print-toolbar').isVisible()).toBe(false);
      await page.screenshot({ path: path.join(screenshotDir, 'list-print.png'), fullPage: true });
      await page.emulateMedia({ media: 'screen' });
      await page.getByRole('link', { name: 'English' }).click();
      await sheet.getByRole('heading', { level: 1, name: 'Resources for you' }).waitFor();
      expect(outsideRequests).toEqual([]);
    });
  },
);
