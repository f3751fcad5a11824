// Residents' pages end to end in real Chromium with a fake camera playing a clip made from the fixture
// video (a person blinking), against a real city server: /daftar/ refuses a bad NIK with its bilingual
// message, registers from a camera selfie and shows the pass (QR, PNG and PDF downloads, "not verified
// yet"); /saya/ proves the NIK with ~4 s of live frames, shows the data and erases it. axe: no serious
// or critical violations on either page.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireFixtures } from '../helpers/fixtures';
import { ensureResidentsBuilt } from '../helpers/residents-build';
import { artifactsDir, consoleErrorsOf, foreignRequestsOf, launchKioskBrowser, screenshot, seriousAxeViolations, type KioskBrowser } from './support/browser';
import { videoFrames, writeY4m } from './support/clip';
import { startCity, type City } from './support/stack';

const fixtures = requireFixtures('the residents e2e suite');
const d = fixtures ? describe : describe.skip;
const NIK = '3271014501900001';
const PHONE = { width: 412, height: 860 };

d('residents: /daftar/ and /saya/ (Chromium + fake camera + city server)', () => {
  let city: City;
  let clip: string;
  let kb: KioskBrowser | null = null;

  beforeAll(async () => {
    await ensureResidentsBuilt();
    city = await startCity();
    const frames = await videoFrames(path.join(fixtures!, 'video', 'liveportrait_d13_talking_blinks.mp4'), 0, 6);
    clip = await writeY4m(path.join(artifactsDir, 'clips', 'residents-blink.y4m'), frames);
  }, 180_000);
  afterAll(async () => {
    await kb?.close();
    await city?.destroy();
  });

  it('registers from the camera and shows the pass; a bad NIK is refused in both languages', async () => {
    kb = await launchKioskBrowser(`${city.server.url}/daftar/`, { clip, viewport: PHONE });
    const page = kb.page;
    await page.getByRole('heading', { name: 'Daftar Jejak' }).waitFor();
    await page.getByLabel('NIK (16 digit, sesuai KTP)').fill('3271019999990001');
    await page.getByLabel('Nama lengkap').fill('Dewi Lestari');
    await page.getByRole('button', { name: 'Daftar', exact: true }).click();
    await expect.poll(() => page.locator('#nik-error').innerText()).toMatch(/tanggal lahir|tidak valid|NIK/i);
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByLabel('NIK (16 digit, sesuai KTP)').fill(NIK);
    // leaving the field clears the NIK message (the layout moves up): check the box after that
    await page.locator('#nik').blur();
    await page.locator('#nik-error').waitFor({ state: 'hidden' });
    await page.getByRole('checkbox', { name: 'Saya sudah membaca dan menyetujui' }).check();
    await page.getByRole('button', { name: 'Gunakan kamera' }).click();
    await page.waitForTimeout(1500);
    await page.getByRole('button', { name: 'Ambil foto' }).click();
    await page.locator('#preview').waitFor({ state: 'visible' });
    await page.getByRole('button', { name: 'Daftar', exact: true }).click();
    await page.getByRole('heading', { name: 'Pass Anda' }).waitFor({ timeout: 90_000 }).catch(async (e: unknown) => {
      await screenshot(page, 'residents-daftar-failed');
      throw new Error(`no pass: ${await page.locator('#error').innerText().catch(() => '')} ${consoleErrorsOf(page).join(' | ')} ${String(e)}`);
    });
    expect(await page.locator('#pass-status').innerText()).toContain('Belum diverifikasi');
    expect(await page.locator('#dl-png').getAttribute('download')).toMatch(/^jejak-pass-r_[0-9a-f]{16}\.png$/);
    expect(await page.locator('#dl-pdf').getAttribute('download')).toMatch(/\.pdf$/);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'residents-daftar-pass');
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.locator('#pass-status').innerText()).toContain('Not verified yet');
    expect(foreignRequestsOf(page)).toEqual([]);
    // React under the strict CSP: nothing refused (no inline script or style)
    expect(consoleErrorsOf(page).filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    const rid = await page.locator('#pass').getAttribute('data-rid');
    expect((await city.server.store.getRegistrationByRid(rid!))?.verified).toBe(false);
  }, 240_000);

  it('/saya/: NIK + live face shows the data, and erasing it deletes the registration', async () => {
    await kb?.close();
    kb = await launchKioskBrowser(`${city.server.url}/saya/`, { clip, viewport: PHONE });
    const page = kb.page;
    await page.getByLabel('NIK', { exact: true }).fill(NIK);
    await page.getByRole('button', { name: 'Periksa wajah' }).click();
    await page.locator('#mine').waitFor({ state: 'visible', timeout: 150_000 }).catch(async (e: unknown) => {
      await screenshot(page, 'residents-saya-failed');
      throw new Error(`no data: ${await page.locator('#error').innerText().catch(() => '')} ${consoleErrorsOf(page).join(' | ')} ${String(e)}`);
    });
    expect(await page.locator('#d-name').inputValue()).toBe('Dewi Lestari');
    expect(await page.locator('#d-status').innerText()).toBe('belum diverifikasi');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'residents-saya-data');
    await page.getByRole('checkbox', { name: 'Ya, hapus data saya' }).check();
    await page.getByRole('button', { name: 'Hapus', exact: true }).click();
    await page.getByText('Data Anda telah dihapus.').waitFor({ timeout: 30_000 });
    const live = (await city.server.store.listAllRegistrations(0, 100)).filter((r) => !r.revoked);
    expect(live).toEqual([]);
  }, 300_000);
});
