import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../server/domain/clients/clients.ts';
import { recordConsent } from '../../server/domain/clients/consent.ts';
import { SURVEY_PURPOSE } from '../../server/domain/feedback/surveys.ts';
import { localDate } from '../../server/domain/hours/zoned-time.ts';
import { signOneTimeLink } from '../../server/domain/links/one-time-links.ts';
import { createReferral } from '../../server/domain/referrals/create-referral.ts';
import { transitionReferral } from '../../server/domain/referrals/transition-referral.ts';
import {
  type Agency,
  buildAgency,
  buildCoordinating,
  newKey,
} from '../integration/referral-fixture.ts';
import { TEST_PASSWORD, type TestActor } from '../support/actors.ts';
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

const phone = { ...desktop, viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true };

describe.skipIf(!existsSync(CHROMIUM))(
  'appointments, a ride and the client’s feedback (chromium)',
  () => {
    let server: TestServer;
    let browser: Browser;
    let webDist: string;
    let base: string;
    let pantry: Agency;
    let coordinator: TestActor;
    let referralId = '';
    let completedId = '';
    const outside: string[] = [];
    const contexts: BrowserContext[] = [];

    async function open(options: object = desktop): Promise<Page> {
      const context = await browser.newContext(options);
      await keepOffline(context, outside);
      contexts.push(context);
      return context.newPage();
    }

    beforeAll(async () => {
      webDist = await buildWebApp();
      server = await startTestServer({ webDist });
      base = server.url.replace(/\/graphql$/, '');
      browser = await launchChromium();
      const deps = server.runtime.deps;
      pantry = await buildAgency(server, {
        name: 'Eastside Food Pantry',
        serviceName: 'Groceries',
      });
      await buildAgency(server, {
        name: 'Metro Rides',
        serviceName: 'Medical Rides',
        categories: ['transportation'],
      });
      const rides = await buildAgency(server, {
        name: 'Metro Rides Two',
        serviceName: 'Van Rides',
        categories: ['transportation'],
      });
      server.runtime.worker.kick();
      await server.runtime.worker.idle();
      coordinator = (await buildCoordinating(server)).coordinator;
      const actor = {
        userId: coordinator.user.id,
        organizationId: coordinator.user.organizationId,
        role: coordinator.user.role,
        sessionId: 'e2e',
        ip: null,
      };
      const client = await createClient(deps, actor, {
        name: 'Rosa Delgado',
        dateOfBirth: '1984-05-17',
        phone: '303-555-0142',
        preferredLanguage: 'es',
        address: '1500 E Colfax Ave, Denver, CO 80218',
        postalCode: '80218',
      });
      const consentFor = (agencyOrganizationId: string, fields: string[]) =>
        recordConsent(deps, actor, {
          clientId: client.id,
          agencyOrganizationId,
          method: 'VERBAL',
          givenBy: 'client',
          fields,
        });
      const consent = await consentFor(pantry.organization.id, ['name', 'phone']);
      // The nearest ride service is whichever the search puts first: consent to both.
      for (const agency of [rides.organization.id])
        await consentFor(agency, ['name', 'phone', 'address']);
      const metro = await server.gql<{
        searchServices: { edges: Array<{ node: { organization: { id: string } } }> };
      }>(
        '{ searchServices(input: { categories: ["transportation"] }) { edges { node { organization { id } } } } }',
      );
      for (const edge of metro.data?.searchServices.edges ?? []) {
        if (edge.node.organization.id !== rides.organization.id) {
          await consentFor(edge.node.organization.id, ['name', 'phone', 'address']);
        }
      }
      const make = () =>
        createReferral(deps, actor, {
          clientId: client.id,
          consentId: consent.id,
          serviceId: pantry.service.id,
          needs: ['food'],
          urgency: 'ROUTINE',
          idempotencyKey: newKey(),
          send: true,
        });
      referralId = (await make()).id;
      const done = await make();
      const staff = {
        userId: pantry.staff.user.id,
        organizationId: pantry.organization.id,
        role: pantry.staff.user.role,
        sessionId: 'e2e',
        ip: null,
      };
      let version = done.version;
      for (const to of ['ACCEPTED', 'IN_PROGRESS', 'COMPLETED']) {
        const moved = await transitionReferral(deps, staff, {
          referralId: done.id,
          expectedVersion: version,
          to,
          ...(to === 'COMPLETED' ? { outcome: 'GOT_HELP' } : {}),
        });
        version = moved.version;
      }
      completedId = done.id;
    });

    afterAll(async () => {
      for (const context of contexts) await context.close();
      await browser?.close();
      await server?.close();
      await rm(webDist, { recursive: true, force: true });
    });

    it('the coordinator books an appointment, gets the .ics and asks for a ride', async () => {
      const page = await open();
      await signInAt(page, base, coordinator.user.email, TEST_PASSWORD);
      await page.goto(`${base}/referrals/${referralId}`);
      await page.getByRole('heading', { name: 'Appointments' }).waitFor();
      await page.getByText('No appointment booked yet.').waitFor();
      // Tomorrow in Denver, where the site is.
      const tomorrow = localDate('America/Denver', new Date(Date.now() + 86_400_000));
      const form = page.locator('.appointment-form');
      await form.getByLabel('Date', { exact: true }).fill(tomorrow);
      await form.getByLabel('Starts').fill('10:00');
      await form.getByLabel('Ends').fill('09:00');
      await form.getByRole('button', { name: 'Book appointment' }).click();
      await page.getByText('The appointment must end after it starts.').first().waitFor();
      await form.getByLabel('Ends').fill('10:45');
      await form.getByLabel('Instructions for the client (optional)').fill('Bring a photo ID.');
      await form.getByRole('button', { name: 'Book appointment' }).click();
      await page.getByText('Appointment booked.', { exact: false }).waitFor();
      const item = page.locator('.appointment').first();
      await item.getByText('Scheduled').waitFor();
      await item.getByText('Bring a photo ID.').waitFor();
      const ics = await item.getByRole('link', { name: /Add to calendar/ }).getAttribute('href');
      expect(ics).toMatch(/^\/appointments\/.+\.ics$/);
      const download = await page.evaluate(async (href) => {
        const response = await fetch(href ?? '');
        return { status: response.status, body: await response.text() };
      }, ics);
      expect(download.status).toBe(200);
      expect(download.body).toContain(
        `DTSTART;TZID=America/Denver:${tomorrow.replaceAll('-', '')}T100000`,
      );
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({
        path: path.join(screenshotDir, 'appointment-booked.png'),
        fullPage: true,
      });

      await item.getByRole('button', { name: /Needs a ride/ }).click();
      await page.getByText('A transportation referral was sent.', { exact: false }).waitFor();
      await item.getByRole('link', { name: 'Ride requested' }).waitFor();
      await page.screenshot({
        path: path.join(screenshotDir, 'appointment-ride.png'),
        fullPage: true,
      });
      await item.getByRole('link', { name: 'Ride requested' }).click();
      await page.getByRole('heading', { name: 'Trip' }).waitFor();
      await page.getByText('1500 E Colfax Ave, Denver, CO 80218').waitFor();
      await page.screenshot({
        path: path.join(screenshotDir, 'ride-referral.png'),
        fullPage: true,
      });
    });

    it('the agency sees the appointment on a phone', async () => {
      const page = await open(phone);
      await signInAt(page, base, pantry.staff.user.email, TEST_PASSWORD);
      await page.goto(`${base}/referrals/${referralId}`);
      await page.locator('.appointment').first().getByText('Scheduled').waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(360);
      await page.screenshot({
        path: path.join(screenshotDir, 'appointment-phone.png'),
        fullPage: true,
      });
    });

    it('the client answers the survey on a phone, in Spanish, once', async () => {
      const token = signOneTimeLink(
        server.runtime.deps,
        SURVEY_PURPOSE,
        { r: completedId, l: 'es' },
        new Date(Date.now() + 7 * 86_400_000),
      );
      const page = await open({ ...phone, locale: 'en-US' });
      await page.goto(`${base}/feedback/${token}`);
      await page.getByRole('heading', { name: '¿Cómo le fue?' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('es');
      expect(await page.getByRole('link', { name: 'Sign in' }).count()).toBe(0);
      await page.getByRole('button', { name: 'Enviar mis respuestas' }).click();
      await page.getByText('Por favor, responda las dos primeras preguntas.').waitFor();
      await page.getByRole('radio', { name: 'Sí' }).check();
      await page.getByRole('radio', { name: /4 de 5/ }).check();
      await page.getByLabel('¿Algo más que quiera decir? (opcional)').fill('Muy amables.');
      expect(await seriousViolations(page)).toEqual([]);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(360);
      await page.screenshot({ path: path.join(screenshotDir, 'survey-phone.png'), fullPage: true });
      await page.getByRole('button', { name: 'Enviar mis respuestas' }).click();
      await page.getByText('¡Gracias! Sus respuestas se enviaron.').waitFor();
      await page.reload();
      await page.getByText('Esta encuesta ya fue respondida. ¡Gracias!').waitFor();
    });

    it('the reports show the feedback', async () => {
      const page = await open();
      await signInAt(page, base, pantry.staff.user.email, TEST_PASSWORD);
      await page.goto(`${base}/reports`);
      const figures = page.locator('.feedback-figures').first();
      await figures.getByRole('heading', { name: 'Client feedback' }).waitFor();
      await figures
        .getByRole('cell', { name: 'Groceries' })
        .or(figures.getByRole('rowheader', { name: 'Groceries' }))
        .first()
        .waitFor();
      await page.getByText('Muy amables.').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({
        path: path.join(screenshotDir, 'reports-feedback.png'),
        fullPage: true,
      });
      expect(outside).toEqual([]);
    });
  },
);
