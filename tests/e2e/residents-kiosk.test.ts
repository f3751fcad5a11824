// A resident's whole way through a real kiosk: self-registration at /daftar/ (Chromium, fake camera
// playing the fixture blink video) → the pass's QR, as the page shows it, held up to a real kiosk
// (browser host, renderer build, store, face engine, sync agent) → REFER "self-registered, check the
// KTP" → the guard admits with "ID checked by staff" in the staff panel → the server marks it verified,
// the kiosk learns it at its next sync → the next visit is ADMITted without staff. Then erasure at /saya/
// → after the kiosk's next sync it no longer knows the NIK (typed on the keypad: "not registered").
import path from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireFixtures } from '../helpers/fixtures';
import { ensureResidentsBuilt } from '../helpers/residents-build';
import { artifactsDir, consoleErrorsOf, launchKioskBrowser, screenshot, seriousAxeViolations, visibleText, type KioskBrowser } from './support/browser';
import { defaultClipSize, videoFrames, writeY4m, type RgbFrame } from './support/clip';
import { blinkClip } from './support/people';
import { eventually, provisionKiosk, recentDecisions, startCity, startKiosk, type City, type Kiosk } from './support/stack';

const fixtures = requireFixtures('the residents-through-a-kiosk e2e');
const d = fixtures ? describe : describe.skip;
const PIN = '482915';
const NIK = '3271015607920005';
const NAME = 'Rina Kartika';
const PHONE = { width: 412, height: 860 };
const clipsDir = path.join(artifactsDir, 'clips');

/** The pass PNG exactly as /daftar/ showed it, on the camera's background (a phone held up to the kiosk). */
async function passFrame(png: Buffer): Promise<RgbFrame> {
  const side = 340;
  const qr = await sharp(png).resize(side, side, { kernel: 'nearest' }).png().toBuffer();
  const { width, height } = defaultClipSize;
  return sharp({ create: { width, height, channels: 3, background: { r: 96, g: 104, b: 112 } } })
    .composite([{ input: qr, left: (width - side) / 2, top: (height - side) / 2 }])
    .removeAlpha()
    .raw()
    .toBuffer();
}

async function resultOf(page: Page, timeoutMs = 60_000): Promise<string> {
  const result = page.locator('main.result');
  await result.waitFor({ state: 'visible', timeout: timeoutMs }).catch(async () => {
    await screenshot(page, `residents-kiosk-no-result-${Date.now()}`);
    throw new Error(`no result; the screen shows: ${(await visibleText(page)).replace(/\s+/g, ' ').slice(0, 300)}`);
  });
  return (await result.getAttribute('data-kind')) ?? '';
}

async function tapDigits(page: Page, digits: string): Promise<void> {
  for (const digit of digits) await page.getByRole('button', { name: new RegExp(`^(Angka|Digit) ${digit}$`) }).click();
}

d('a self-registered resident at a real kiosk: REFER → guard checks the KTP → ADMIT; erased → forgotten', () => {
  let city: City;
  let kiosk: Kiosk;
  let kb: KioskBrowser | null = null;
  let residentClip: string;
  let gateClipFile: string;
  let rid: string;
  let nikHash: string;

  const open = async (url: string, clip: string | null, viewport?: { width: number; height: number }) => {
    await kb?.close();
    kb = await launchKioskBrowser(url, { clip, ...(viewport ? { viewport } : {}) });
    return kb.page;
  };
  const lastDecision = async () => (await recentDecisions(kiosk, PIN))[0];
  const why = () => JSON.stringify(kiosk.events.filter((e) => e.level !== 'info' || e.event.startsWith('face')).slice(-6));

  beforeAll(async () => {
    await ensureResidentsBuilt();
    city = await startCity();
    kiosk = await startKiosk();
    await provisionKiosk(kiosk, city, 'entry', PIN);
    residentClip = await writeY4m(path.join(clipsDir, 'resident-blink.y4m'), await videoFrames(blinkClip(fixtures!), 0, 6));
    nikHash = kiosk.composed.store.hashNik(NIK);
    // a signed risk list (someone else on it): without one the kiosk REFERs everybody (RISK_LIST_MISSING)
    const until = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const imported = await city.server.admin.importRiskCsv(`nik,status,valid_until\n3271015508850002,CONFIRMED,${until}\n`);
    if (!imported.ok) throw new Error(`risk import failed: ${JSON.stringify(imported.errors)}`);
  }, 300_000);

  afterAll(async () => {
    await kb?.close();
    await kiosk?.close();
    await city?.destroy();
  });

  it('registers at /daftar/, is REFERred once for the KTP, and ADMITted at the next visit after the guard checked it', async () => {
    // 1. the resident registers on a phone
    let page = await open(`${city.server.url}/daftar/`, residentClip, PHONE);
    await page.getByLabel('NIK (16 digit, sesuai KTP)').fill(NIK);
    await page.getByLabel('Nama lengkap').fill(NAME);
    await page.getByRole('checkbox', { name: 'Saya sudah membaca dan menyetujui' }).check();
    await page.getByRole('button', { name: 'Gunakan kamera' }).click();
    await page.waitForTimeout(1500);
    await page.getByRole('button', { name: 'Ambil foto' }).click();
    await page.getByRole('img', { name: 'Foto wajah Anda' }).waitFor();
    await page.getByRole('button', { name: 'Daftar', exact: true }).click();
    await page.getByRole('heading', { name: 'Pass Anda' }).waitFor({ timeout: 90_000 }).catch(async (e: unknown) => {
      throw new Error(`no pass: ${await page.locator('#error').innerText().catch(() => '')} ${consoleErrorsOf(page).join(' | ')} ${String(e)}`);
    });
    rid = (await page.locator('#pass').getAttribute('data-rid'))!;
    const qrSrc = (await page.getByRole('img', { name: 'QR pass' }).getAttribute('src'))!;
    const pass = Buffer.from(qrSrc.replace(/^data:image\/png;base64,/, ''), 'base64');
    const liveFace = await videoFrames(blinkClip(fixtures!), 0, 4.5);
    // the gate's camera: the pass (1 s), then the resident's live face; it loops, so the QR comes first
    const qr = await passFrame(pass);
    gateClipFile = await writeY4m(path.join(clipsDir, 'resident-pass-then-face.y4m'), [...Array.from({ length: 15 }, () => qr), ...liveFace]);

    // 2. the kiosk has the risk list and the registration, unverified (registrations feed)
    await eventually(async () => {
      const st = await kiosk.composed.service.api.getState({});
      return st.ok && st.value.sync.riskListVersion !== null;
    }, 30_000, 'the risk list on the kiosk');
    await eventually(() => kiosk.composed.store.getRegistration(nikHash)?.verified === false, 20_000, 'the unverified registration on the kiosk');

    // 3. first visit: the pass and the face match, but nobody has seen the KTP: REFER, with the reason for staff
    page = await open(kiosk.url, gateClipFile);
    expect(`${await resultOf(page)} ${(await lastDecision())?.reason}`, why()).toBe('REFER REGISTRATION_UNVERIFIED');

    // 4. the guard checks the KTP and admits with "ID checked by staff" (the staff panel, PIN)
    await page.locator('main.result').waitFor({ state: 'hidden', timeout: 30_000 });
    await page.getByRole('button', { name: 'Petugas', exact: true }).click();
    await tapDigits(page, PIN);
    await page.getByRole('button', { name: 'Masuk petugas' }).last().click();
    await page.getByRole('heading', { name: 'Panel petugas' }).waitFor({ timeout: 10_000 });
    const row = page.locator('li.decision').filter({ hasText: 'Daftar sendiri, periksa KTP' }).first();
    await row.waitFor();
    await row.getByRole('button', { name: 'Ubah keputusan' }).click();
    await row.getByLabel('Diizinkan').check();
    await row.getByLabel('Identitas dicek petugas').check();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await row.getByRole('button', { name: 'Simpan perubahan' }).click();
    await expect.poll(() => row.innerText(), { timeout: 10_000 }).toMatch(/Diubah menjadi Diizinkan: Identitas dicek petugas/);
    await page.getByRole('button', { name: 'Kunci' }).click();

    // 5. the override reaches the server, which verifies the registration (audited) and tells every kiosk
    await eventually(async () => (await city.server.store.getRegistrationByRid(rid))?.verified === true, 30_000, 'verified on the server');
    const audit = (await city.server.store.listAudit({ limit: 100 })).filter((a) => a.action === 'registration.verify');
    expect(audit.map((a) => [a.actorKind, a.target])).toEqual([['device', `registration:${rid}`]]);
    await eventually(() => kiosk.composed.store.getRegistration(nikHash)?.verified === true, 30_000, 'verified on the kiosk after its sync');

    // 6. next visit: the resident checks in by themself
    page = await open(kiosk.url, gateClipFile);
    const kind = await resultOf(page);
    expect(`${kind} ${(await lastDecision())?.reason}`, why()).toBe('ADMIT CLEARED');
  }, 300_000);

  it('erasure at /saya/: after its next sync the kiosk no longer recognises the NIK', async () => {
    expect(kiosk.composed.store.getRegistration(nikHash)).not.toBeNull();
    const page = await open(`${city.server.url}/saya/`, residentClip, PHONE);
    await page.getByLabel('NIK', { exact: true }).fill(NIK);
    await page.getByRole('button', { name: 'Periksa wajah' }).click();
    await page.locator('#mine').waitFor({ state: 'visible', timeout: 150_000 }).catch(async (e: unknown) => {
      throw new Error(`no data: ${await page.locator('#error').innerText().catch(() => '')} ${String(e)}`);
    });
    // the visits of the last 14 days, with the place, include the two at the kiosk (uploaded by its agent)
    await expect.poll(async () => (await page.locator('#visits tr').allInnerTexts()).filter((t) => t.includes('Botani Square')).length).toBeGreaterThanOrEqual(1);
    expect(await page.locator('#d-status').innerText()).toBe('terverifikasi');
    await page.getByRole('checkbox', { name: 'Ya, hapus data saya' }).check();
    await page.getByRole('button', { name: 'Hapus', exact: true }).click();
    await page.getByText('Data Anda telah dihapus.').waitFor({ timeout: 30_000 });

    // the tombstone in the registrations feed: the kiosk drops the person at its next sync
    await eventually(() => kiosk.composed.store.getRegistration(nikHash) === null, 30_000, 'the registration gone from the kiosk');
    const gate = await open(kiosk.url, null);
    await gate.getByRole('heading', { name: 'Pindai QR atau masukkan NIK' }).waitFor({ timeout: 15_000 });
    await tapDigits(gate, NIK);
    await gate.getByRole('button', { name: 'Kirim', exact: true }).click();
    expect(await resultOf(gate, 30_000)).toBe('REFER');
    expect((await lastDecision())?.reason).toBe('NOT_REGISTERED');
  }, 300_000);
});
