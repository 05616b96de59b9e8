import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { build } from 'vite';

export const CHROMIUM = '/usr/bin/chromium';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const DEMO_PASSWORD = 'wayfinder-demo-2026';

const repoRoot = path.resolve(import.meta.dirname, '../..');
export const screenshotDir = path.join(repoRoot, 'test-output/e2e');

/**
 * Builds the web app from source into a new temporary folder (and makes the screenshot folder).
 * The tile server is the API's setting (MAP_TILE_URL), so one build serves both kinds of map.
 */
export async function buildWebApp(): Promise<string> {
  await mkdir(screenshotDir, { recursive: true });
  const outDir = await mkdtemp(path.join(tmpdir(), 'wayfinder-web-'));
  await build({
    configFile: path.join(repoRoot, 'web/vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, sourcemap: false },
  });
  return outDir;
}

/** Debian's chromium, headless. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: chromiumArgs });
}

/** The desktop the tests browse with: a laptop-sized window in Denver, in English. */
export const desktop = {
  viewport: { width: 1280, height: 900 },
  locale: 'en-US',
  timezoneId: 'America/Denver',
} as const;

/** Nothing may leave this machine (no tiles, no fonts): other requests are refused and noted. */
export async function keepOffline(context: BrowserContext, outside: string[]): Promise<void> {
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.hostname === '127.0.0.1') return route.continue();
    outside.push(url.href);
    return route.abort();
  });
}

/**
 * Collects every Content-Security-Policy violation the context's pages report on the console, so
 * a test can assert the app runs under the server's CSP.
 */
export function collectCspViolations(context: BrowserContext): string[] {
  const violations: string[] = [];
  const watch = (page: Page) =>
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
  context.pages().forEach(watch);
  context.on('page', watch);
  return violations;
}

/** A new desktop context that stays offline. */
export async function offlineContext(browser: Browser, outside: string[]): Promise<BrowserContext> {
  const context = await browser.newContext(desktop);
  await keepOffline(context, outside);
  return context;
}

/** Signs in through the app's sign-in page. */
export async function signInAt(
  page: Page,
  base: string,
  email: string,
  password = DEMO_PASSWORD,
): Promise<void> {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByText(/^Signed in as /).waitFor();
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

type AxeViolation = { id: string; impact: string | null; help: string; nodes: unknown[] };

/** axe-core's serious and critical violations on the current page. */
export async function seriousViolations(
  page: Page,
): Promise<Array<{ id: string; help: string; count: number }>> {
  // Evaluated over the DevTools protocol rather than added as a <script>: the app's CSP (rightly)
  // refuses inline script.
  await page.evaluate(await readFile(axePath, 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      count: v.nodes.length,
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(({ id, help, count }) => ({ id, help, count }));
}
