// Real Chromium (/usr/bin/chromium via playwright-core) with a fake camera that plays a generated clip.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from '../../helpers/fixtures';

export const CHROMIUM = process.env.JEJAK_CHROMIUM ?? '/usr/bin/chromium';
export const artifactsDir = path.join(repoRoot, 'tests', 'artifacts', 'e2e');

export const LANDSCAPE = { width: 1280, height: 800 } as const;
export const PORTRAIT = { width: 800, height: 1280 } as const;

export interface KioskBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Launches Chromium whose camera plays `clip` (absolute .y4m path; null = Chromium's own test pattern).
 * `beforeGoto`: awaited after the launch, before the page opens `url` (the gate bench starts Chromium while
 * the kiosk host process is still coming up, and opens the page once it listens).
 */
export async function launchKioskBrowser(url: string, opts: { clip: string | null; viewport?: { width: number; height: number }; beforeGoto?: () => Promise<unknown> }): Promise<KioskBrowser> {
  const browser = await launchCameraBrowser(opts.clip);
  const { context, page } = await openCameraPage(browser, url, opts.viewport, opts.beforeGoto);
  return {
    browser,
    context,
    page,
    close: async () => {
      await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
    },
  };
}

/**
 * Chromium whose fake camera plays the .y4m at `clip`. Chromium opens the file each time a page starts
 * the camera, so a suite can share one browser and put another clip at the same path between steps.
 */
export async function launchCameraBrowser(clip: string | null): Promise<Browser> {
  const args = [
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    ...(clip ? [`--use-file-for-fake-video-capture=${clip}`] : []),
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--autoplay-policy=no-user-gesture-required',
    '--disable-renderer-backgrounding',
    '--disable-background-timer-throttling',
    // no spare renderer process kept warm for a next tab: the kiosk has one page (Electron keeps none either)
    '--disable-features=SpareRendererForSitePerProcess',
  ];
  return chromium.launch({ executablePath: CHROMIUM, args });
}

/** A fresh context (camera allowed for `url`'s origin) and page at `url`, recording console errors and requests to other origins. */
export async function openCameraPage(browser: Browser, url: string, viewport: { width: number; height: number } = LANDSCAPE, beforeGoto?: () => Promise<unknown>): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport });
  const origin = new URL(url).origin;
  await context.grantPermissions(['camera'], { origin });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  (page as Page & { consoleErrors?: string[] }).consoleErrors = consoleErrors;
  // everything the page loads must come from the kiosk host itself (no CDN, e.g. for the zxing wasm)
  const foreign: string[] = [];
  context.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u);
  });
  (page as Page & { foreignRequests?: string[] }).foreignRequests = foreign;
  await beforeGoto?.();
  await page.goto(url);
  return { context, page };
}

export function foreignRequestsOf(page: Page): string[] {
  return (page as Page & { foreignRequests?: string[] }).foreignRequests ?? [];
}

export function consoleErrorsOf(page: Page): string[] {
  return (page as Page & { consoleErrors?: string[] }).consoleErrors ?? [];
}

/** Saves a screenshot under tests/artifacts/e2e and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

export interface AxeFinding {
  id: string;
  impact: string | null | undefined;
  help: string;
  nodes: string[];
}

/** Serious or critical axe-core (WCAG 2.x A/AA) violations on the page as it is now. */
export async function seriousAxeViolations(page: Page): Promise<AxeFinding[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

/** The words a visitor can see (for "no medical reason on the public screen"). */
export async function visibleText(page: Page): Promise<string> {
  return page.locator('body').innerText();
}

/** The page's full height in CSS px (taller than the viewport = the visitor has to scroll). */
export async function pageHeight(page: Page): Promise<number> {
  return Number(await page.evaluate('document.documentElement.scrollHeight'));
}
