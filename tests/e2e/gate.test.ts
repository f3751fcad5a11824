// The gate end to end, as a visitor and a guard meet it: real Chromium with a fake camera playing a
// generated clip, the real renderer build, the real browser host and kiosk (store, face engine, sync
// agent), and a real city server on 127.0.0.1. Scenarios run in order on one city and one kiosk.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, requireFixtures } from '../helpers/fixtures';
import { MEDICAL_WORDS } from './support/medical-words';
import { artifactsDir, consoleErrorsOf, launchKioskBrowser, LANDSCAPE, PORTRAIT, screenshot, seriousAxeViolations, visibleText, type KioskBrowser } from './support/browser';
import { emptyFrames, gateClip, photoFrames, videoFrames, videoStillJpeg, writeY4m, defaultClipSize } from './support/clip';
import { ANDI, BUDI, blinkClip, DEWI, expiredQr, forgedQr, qrOf, registerPeople, SITI } from './support/people';
import { eventually, recentDecisions, startCity, startKiosk, type City, type Kiosk } from './support/stack';

const fixtures = requireFixtures('the e2e gate suite');
const d = fixtures ? describe : describe.skip;
const PIN = '482915';
const clipsDir = path.join(artifactsDir, 'clips');

/** Waits for `selector`; on timeout fails with what the screen showed instead (and saves it). */
async function waitForScreen(page: Page, selector: string, timeoutMs: number): Promise<void> {
  try {
    await page.locator(selector).first().waitFor({ state: 'visible', timeout: timeoutMs });
  } catch {
    const shown = await visibleText(page).catch(() => '(no page)');
    await screenshot(page, `failed-${selector.replace(/[^a-z]/gi, '')}-${Date.now()}`).catch(() => undefined);
    throw new Error(`${selector} did not appear within ${timeoutMs} ms; the screen shows: ${shown.replace(/\s+/g, ' ').slice(0, 400)}; console: ${consoleErrorsOf(page).join(' | ').slice(0, 400)}`);
  }
}

/** Waits for the full-screen result and returns its outcome kind (ADMIT, DENY, REFER, CHECKOUT). */
async function resultOf(page: Page, timeoutMs = 60_000): Promise<string> {
  await waitForScreen(page, 'main.result', timeoutMs);
  return (await page.locator('main.result').getAttribute('data-kind')) ?? '';
}

async function expectAccessible(page: Page, screen: string): Promise<void> {
  const findings = await seriousAxeViolations(page);
  expect(findings, `${screen}: ${JSON.stringify(findings, null, 1)}`).toEqual([]);
}

async function typePin(page: Page, pin: string): Promise<void> {
  for (const digit of pin) await page.getByRole('button', { name: `Angka ${digit}`, exact: true }).click();
}

d('gate end to end (Chromium + fake camera + browser host + city server)', () => {
  let city: City;
  let kiosk: Kiosk;
  let kb: KioskBrowser | null = null;
  let liveFace: Buffer[];

  const open = async (clip: string | null, viewport = LANDSCAPE) => {
    await kb?.close();
    kb = await launchKioskBrowser(kiosk.url, { clip, viewport });
    return kb.page;
  };

  beforeAll(async () => {
    city = await startCity();
    await registerPeople(city, fixtures!);
    kiosk = await startKiosk();
    // the visitor in front of the camera: 0–4.5 s of the clip (three natural blinks)
    liveFace = await videoFrames(blinkClip(fixtures!), 0, 4.5);
  }, 300_000);

  afterAll(async () => {
    await kb?.close();
    await kiosk?.close();
    await city?.destroy();
  });

  it('Setup: IT staff enrol the tablet from the first-run screen; a wrong code is explained', async () => {
    const page = await open(null);
    await page.getByRole('heading', { name: 'Penyiapan kios' }).waitFor();
    await expectAccessible(page, 'setup');
    await screenshot(page, 'setup-landscape');

    await page.getByLabel('Alamat server').fill(city.server.url);
    await page.getByLabel('Kode pendaftaran perangkat').fill('WRONG-CODE-1');
    await page.getByLabel('PIN admin (4–8 angka)').fill(PIN);
    await page.getByLabel('Ulangi PIN admin').fill(PIN);
    await page.getByRole('button', { name: 'Hubungkan' }).click();
    const error = page.locator('.notice-error');
    await expect.poll(() => error.innerText(), { timeout: 15_000 }).not.toBe('');
    await screenshot(page, 'setup-error');

    const { code } = await city.server.admin.createEnrolmentCode(city.entryGateId);
    await page.getByLabel('Kode pendaftaran perangkat').fill(code);
    await page.getByRole('button', { name: 'Hubungkan' }).click();
    await page.getByRole('heading', { name: 'Pindai QR atau masukkan NIK' }).waitFor({ timeout: 20_000 });
    expect(await visibleText(page)).toContain('Botani Square');
    await expectAccessible(page, 'idle');
    await screenshot(page, 'idle-landscape');
  });

  it('a registered person with a valid QR and their live face is admitted, and the visit reaches the server', async () => {
    const clip = await gateClip(path.join(clipsDir, 'budi.y4m'), await qrOf(city, BUDI), liveFace);
    const before = new Set(await city.server.store.visitIds());
    const page = await open(clip);
    await waitForScreen(page, '.face-check', 30_000);
    const greeting = await page.locator('.face-check h1').innerText();
    expect(greeting).toMatch(/^Halo, /);
    expect(greeting).not.toContain(BUDI.nik);
    await expectAccessible(page, 'face check');
    await screenshot(page, 'face-check');
    const kind = await resultOf(page);
    const [last] = await recentDecisions(kiosk, PIN);
    expect(`${kind} ${last?.reason}`, JSON.stringify(kiosk.events.filter((e) => e.level !== 'info' || e.event.startsWith('face')).slice(-8))).toBe('ADMIT CLEARED');
    expect(await visibleText(page)).toContain('Silakan masuk');
    await expectAccessible(page, 'result admit');
    await screenshot(page, 'result-admit');
    const added = await eventually(async () => (await city.server.store.visitIds()).filter((id) => !before.has(id)), 20_000, 'the visit on the server');
    expect(added.length).toBe(1);
    expect(consoleErrorsOf(page)).toEqual([]);
  });
});

export { copyFileSync, mkdirSync, repoRoot, PORTRAIT, ANDI, DEWI, SITI, expiredQr, forgedQr, photoFrames, emptyFrames, writeY4m, videoStillJpeg, defaultClipSize, MEDICAL_WORDS };
