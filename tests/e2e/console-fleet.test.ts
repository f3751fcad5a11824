// The venue pages of the city console in real Chromium against a real city server: a venue manager
// opens its venue, sees the entries-per-hour chart (Chart.js under the strict CSP, no violation), makes
// the entry policy stricter (signed version 1), is refused a laxer one with the reason in both
// languages, issues an enrolment code for the printable sheet that then enrols a kiosk, revokes the
// kiosk (its next request is refused) and reads its history. axe: no serious or critical violation.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, seriousAxeViolations } from './support/browser';
import { ensureConsoleBuilt } from './support/console-build';
import { seedConsole } from '../helpers/console';
import type { ConsoleSeed } from '../helpers/console';
import { DeviceClient, enrolDevice } from '../../sync/server/device-client';
import { startTestCityServer } from '../../sync/server/testing';
import type { TestCityServer } from '../../sync/server/testing';

describe('venue pages of the city console in Chromium', () => {
  let s: TestCityServer;
  let seed: ConsoleSeed;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  beforeAll(async () => {
    await ensureConsoleBuilt();
    s = await startTestCityServer('sqlite', { config: { consoleScryptN: 1024 } });
    seed = await seedConsole(s);
    // a few visits this morning at the hotel, so the chart has bars
    const gate = await s.admin.createGate({ venueId: seed.managedVenueId, name: 'Pintu Lobi' });
    const kiosk = await enrolDevice(s.url, (await s.admin.createEnrolmentCode(gate.id)).code, 'kios-lobi');
    const now = Date.now();
    const visits = [0, 1, 2, 3, 5].map((i) => {
      const at = new Date(now - i * 60_000).toISOString();
      return {
        id: uuidV7(now - i * 60_000), venueId: seed.managedVenueId, gateId: gate.id, occurredAt: at, deviceTime: at, clockOffsetMs: 0, clockSuspect: false,
        identity: 'NONE', nikHash: null, outcome: i === 3 ? 'DENY' : 'ADMIT', reason: i === 3 ? 'VENUE_FULL' : 'CLEARED', override: null,
        faceDistance: null, livenessScore: null, riskListVersion: null, checkedOutAt: null,
      };
    });
    await new DeviceClient(s.url, kiosk).request('POST', '/v1/visits', { visits });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${s.url}/console/`);
    await page.getByLabel('Nama pengguna').fill('manager');
    await page.getByLabel('Kata sandi').fill(seed.password);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('heading', { name: 'Tempat & kios', level: 2 }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await s?.destroy();
  });

  it('opens its venue with the chart of visits per hour, under the strict CSP', async () => {
    await page.getByRole('link', { name: /Kelola tempat.*Hotel Salak/ }).click();
    await page.getByRole('heading', { name: 'Hotel Salak', level: 2 }).waitFor();
    const chart = page.getByRole('img', { name: /Grafik batang kunjungan per jam/ });
    await chart.waitFor();
    await expect.poll(() => chart.getAttribute('aria-label')).toMatch(/4 diterima, 1 ditolak, 0 dirujuk/);
    // Chart.js drew on the canvas (some pixel is not transparent)
    expect(await chart.evaluate((c: HTMLCanvasElement) => c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.some((v) => v !== 0))).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('issues a stricter policy as version 1, and is refused a laxer one with the reason and nothing changed', async () => {
    await page.getByLabel('Kapasitas yang diizinkan (% dari normal)').fill('50');
    await page.getByRole('button', { name: 'Terbitkan versi baru' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Versi 1 diterbitkan' }).count()).toBe(1);
    expect((await s.store.latestVenuePolicy(seed.managedVenueId))?.signed.document.policy.capacityPercent).toBe(50);

    await page.getByLabel('Wajib cocok wajah').uncheck();
    await page.getByRole('button', { name: 'Terbitkan versi baru' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'lebih longgar' });
    await alert.waitFor();
    expect(await alert.innerText()).toContain('Wajib cocok wajah');
    expect((await s.store.latestVenuePolicy(seed.managedVenueId))?.version).toBe(1);
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'laxer than the city allows' }).count()).toBe(1);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
  });

  it('issues a one-time enrolment code on a printable sheet that enrols a kiosk', async () => {
    await page.getByRole('button', { name: /Buat kode pendaftaran.*Pintu Lobi/ }).click();
    const code = await page.getByTestId('enrolment-code').innerText();
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await page.getByRole('article').innerText()).toContain(s.url);
    expect(await seriousAxeViolations(page)).toEqual([]);
    const kiosk = await enrolDevice(s.url, code, 'kios-baru');
    expect((kiosk.enrolment.venuePolicy as { document: { version: number } }).document.version).toBe(1);
    await page.reload();
    await page.getByRole('cell', { name: 'kios-baru', exact: true }).first().waitFor();
  });

  it('revokes a kiosk and shows its history (revocation refusing the next request: console-fleet.test.ts)', async () => {
    const d = (await s.store.listDevices()).find((x) => x.name === 'kios-baru')!;
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Cabut kios-baru' }).click();
    await expect.poll(async () => (await s.store.getDevice(d.id))?.revokedAt ?? null).not.toBeNull();
    await page.getByRole('link', { name: 'Riwayat kios-baru' }).click();
    await page.getByRole('heading', { name: 'Kios kios-baru', level: 2 }).waitFor();
    const text = await page.locator('main').innerText();
    expect(text).toContain('Kios dicabut');
    expect(text).toContain('Kios didaftarkan');
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('sets an age limit and opening hours (issue 11); a closing time past midnight is refused naming the day, then fixed', async () => {
    await page.goto(`${s.url}/console/venue/${seed.managedVenueId}`);
    await page.getByRole('heading', { name: 'Hotel Salak', level: 2 }).waitFor();
    await page.getByLabel('Umur minimum pengunjung (tahun, dari NIK)').fill('12');
    await page.getByLabel('Batasi jam buka (WIB)').check();
    await page.locator('#policy-hours-sun-closed').check();
    await page.getByLabel('Jumat tutup pukul').fill('02:00');
    await page.getByRole('button', { name: 'Terbitkan versi baru' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Jumat' });
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/Jam buka \(WIB\) · Jumat · tutup: jam tutup harus sesudah jam buka .*24:00/);
    expect((await s.store.latestVenuePolicy(seed.managedVenueId))?.version).toBe(1);
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByLabel('Jumat tutup pukul').fill('24:00');
    await page.getByRole('button', { name: 'Terbitkan versi baru' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Versi 2 diterbitkan' }).count()).toBe(1);
    const policy = (await s.store.latestVenuePolicy(seed.managedVenueId))!.signed.document.policy;
    expect(policy).toMatchObject({ minAge: 12, openingHours: { fri: { open: '08:00', close: '24:00' }, sun: null, mon: { open: '08:00', close: '22:00' } } });
    expect(policy.maxAge).toBeUndefined();
    expect(errors).toEqual([]);
  });
});

function uuidV7(ms: number): string {
  const hex = ms.toString(16).padStart(12, '0');
  const r = randomUUID().replace(/-/g, '');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${r.slice(13, 16)}-${((parseInt(r[16]!, 16) & 0x3) | 0x8).toString(16)}${r.slice(17, 20)}-${r.slice(20, 32)}`;
}
