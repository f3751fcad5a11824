// The Dinkes (health office) pages of the city console in real Chromium against a real city server:
// a kiosk's signed priority alert appearing live on the alert page without reloading, acknowledging it;
// a risk list CSV with bad lines refused line by line, a good one previewed, published and pulled by a
// real kiosk store and sync agent; the English switch; axe: no serious or critical violation on each page.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, seriousAxeViolations } from './support/browser';
import { ensureConsoleBuilt } from './support/console-build';
import { seedConsole } from '../helpers/console';
import type { ConsoleSeed } from '../helpers/console';
import { FileKeyStore, openKioskStore } from '../../electron/store/index';
import { enrol } from '../../sync/agent/enrol';
import { SyncAgent } from '../../sync/agent/sync-agent';
import { DeviceClient, enrolDevice } from '../../sync/server/device-client';
import { startTestCityServer } from '../../sync/server/testing';
import type { TestCityServer } from '../../sync/server/testing';

describe('Dinkes pages of the city console in Chromium', () => {
  let s: TestCityServer;
  let seed: ConsoleSeed;
  let browser: Browser;
  beforeAll(async () => {
    await ensureConsoleBuilt();
    s = await startTestCityServer('sqlite', { config: { consoleScryptN: 1024 } });
    seed = await seedConsole(s);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  });
  afterAll(async () => {
    await browser?.close();
    await s?.destroy();
  });

  async function loggedIn(username = 'dinkes'): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${s.url}/console/`);
    await page.getByLabel('Nama pengguna').fill(username);
    await page.getByLabel('Kata sandi').fill(seed.password);
    await page.getByRole('button', { name: 'Masuk' }).click();
    return { page, errors, close: () => context.close() };
  }

  it("opens on the live alert feed; a kiosk's alert appears within 2 s without reloading and can be acknowledged", async () => {
    const { page, errors, close } = await loggedIn();
    await page.getByRole('heading', { name: 'Peringatan prioritas', level: 2 }).waitFor();
    await page.getByText('Tersambung langsung').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    // a kiosk of Botani Square denies a CONFIRMED person and uploads the signed alert, as its agent does
    const dev = await enrolDevice(s.url, await s.newEnrolmentCode());
    const alertId = randomUUID();
    const nikHash = 'd'.repeat(64);
    const sentAt = performance.now();
    const up = await new DeviceClient(s.url, dev).call('alerts', {
      body: {
        alerts: [{ id: alertId, visitId: randomUUID(), venueId: s.venueId, gateId: s.gateId, occurredAt: new Date().toISOString(), nikHash, riskStatus: 'CONFIRMED', outcome: 'DENY', riskListVersion: 1 }],
      },
    });
    expect(up.status).toBe(200);
    const row = page.locator(`tr[data-alert-id="${alertId}"]`);
    await row.waitFor({ timeout: 5000 });
    const ms = performance.now() - sentAt;
    expect(ms).toBeLessThan(2000);
    expect(await row.innerText()).toContain('Botani Square');
    expect(await row.innerText()).toContain('TERKONFIRMASI');
    expect(await page.content()).not.toContain(nikHash);

    await row.getByRole('button', { name: 'Tandai diterima' }).click();
    await expect.poll(() => row.innerText()).toContain('Diterima oleh dinkes');
    await row.getByLabel('Tugaskan ke (nama pengguna)').fill('ppj');
    await row.getByRole('button', { name: 'Tugaskan' }).click();
    await expect.poll(() => row.getByRole('alert').innerText()).toContain('hanya dapat ditugaskan ke akun Dinkes');
    await row.getByLabel('Tugaskan ke (nama pengguna)').fill('dinkes');
    await row.getByRole('button', { name: 'Tugaskan' }).click();
    await expect.poll(() => row.innerText()).toContain('Ditugaskan ke dinkes');
    // it is kept: a reload shows the same handling, and the audit log has it
    await page.reload();
    await expect.poll(() => page.locator(`tr[data-alert-id="${alertId}"]`).innerText()).toContain('Ditugaskan ke dinkes');
    expect((await s.store.listAudit({ limit: 10_000 })).filter((e) => e.action === 'alert.handle' && e.target === `alert:${alertId}`)).toHaveLength(2);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Priority alerts', level: 2 }).waitFor();
    expect(await page.locator(`tr[data-alert-id="${alertId}"]`).innerText()).toContain('Acknowledged by dinkes');
    expect(await seriousAxeViolations(page)).toEqual([]);
    // Dinkes sees every venue of the city on the venues page
    await page.getByRole('link', { name: 'Venues & kiosks' }).click();
    await expect.poll(() => page.locator('main').innerText()).toContain('Hotel Salak');
    expect(await page.locator('main').innerText()).toContain('Pasar Bogor');
    expect(errors).toEqual([]);
    await close();
  });

  it('has no alert page for a sector agency (not in its navigation; the server answers 403)', async () => {
    const { page, close } = await loggedIn('ppj');
    await page.getByRole('heading', { name: 'Tempat & kios', level: 2 }).waitFor();
    expect(await page.getByRole('link', { name: 'Peringatan' }).count()).toBe(0);
    await page.goto(`${s.url}/console/alerts`);
    await expect.poll(() => page.getByRole('alert').first().innerText()).toContain('Akses ditolak');
    await close();
  });

  it('refuses a risk list with bad lines line by line, then previews, publishes and a real kiosk pulls a good one', async () => {
    const { page, errors, close } = await loggedIn();
    await page.getByRole('link', { name: 'Daftar risiko' }).click();
    await page.getByRole('heading', { name: 'Daftar risiko', level: 2 }).waitFor();
    await page.getByText('Belum ada daftar risiko').waitFor();
    const bad = 'nik,status,valid_until\n3271011508850001,CONFIRMED,2030-12-31\n12345,CONFIRMED,2030-12-31\n3271015508850002,POSITIVE,2030-12-31\n';
    await page.getByLabel('Berkas CSV').setInputFiles({ name: 'dinkes-salah.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    const table = page.getByTestId('risk-errors');
    await table.waitFor();
    const rows = await table.locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^3\s/);
    expect(rows[1]).toMatch(/^4\s+Status harus CONFIRMED, SUSPECT atau CLOSE_CONTACT/);
    expect(await page.getByRole('alert').first().innerText()).toContain('Tidak ada yang diubah');
    expect(await page.getByRole('button', { name: 'Terbitkan' }).count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(await s.store.latestRiskVersion(s.config.riskListId)).toBeNull();

    const good = 'nik,status,valid_until\r\n3271011508850001,CONFIRMED,2030-12-31\r\n3271015508850002,SUSPECT,2030-12-15\r\n';
    await page.getByLabel('Berkas CSV').setInputFiles({ name: 'dinkes-1.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.getByTestId('risk-preview').waitFor();
    expect(await page.getByTestId('risk-preview').locator('tbody').innerText()).toMatch(/\+2\s+~0\s+−0\s+0\s+2/);
    await page.getByRole('button', { name: 'Terbitkan' }).click();
    await page.getByText('Diterbitkan sebagai versi 1').waitFor();
    await expect.poll(() => page.getByTestId('risk-status').innerText()).toMatch(/Versi\s+1/);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // a kiosk (its real store and sync agent) pulls the signed version and then reports it
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jejak-e2e-risk-'));
    const kiosk = openKioskStore({ path: path.join(dir, 'kiosk.db'), keyStore: new FileKeyStore(path.join(dir, 'data.key')), clock: { now: () => new Date() } });
    const agent = new SyncAgent({ store: kiosk, idlePollMs: 3_600_000 });
    try {
      await enrol(kiosk, s.url, await s.newEnrolmentCode());
      expect((await agent.syncNow()).risk).toMatchObject({ kind: 'applied', version: 1 });
      expect(kiosk.lookupRisk(kiosk.hashNik('3271015508850002'))?.status).toBe('SUSPECT');
      await agent.syncNow();
    } finally {
      await agent.stop();
      kiosk.close();
      rmSync(dir, { recursive: true, force: true });
    }
    await page.reload();
    await expect.poll(() => page.getByTestId('risk-status').innerText()).toMatch(/1 \/ \d/);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Risk list', level: 2 }).waitFor();
    expect(await page.getByTestId('risk-status').innerText()).toContain('Kiosks on this version');
    expect(errors).toEqual([]);
    await close();
  });
});
