// The gate end to end, as a visitor and a guard meet it: real Chromium with a fake camera playing a
// generated clip, the real renderer build, the real browser host and kiosk (store, face engine, sync
// agent), and a real city server on 127.0.0.1. Scenarios run in order on one city and one kiosk.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireFixtures } from '../helpers/fixtures';
import { artifactsDir, consoleErrorsOf, foreignRequestsOf, launchKioskBrowser, pageHeight, LANDSCAPE, PORTRAIT, screenshot, seriousAxeViolations, visibleText, type KioskBrowser } from './support/browser';
import { emptyFrames, gateClip, photoFrames, qrFrame, videoFrames, writeY4m } from './support/clip';
import { MEDICAL_WORDS } from './support/medical-words';
import { ANDI, BUDI, blinkClip, DEWI, expiredQr, forgedQr, qrOf, registerPeople, SITI } from './support/people';
import { saveReadmeScreenshot } from './support/readme-shots';
import { eventually, provisionKiosk, recentDecisions, startCity, startKiosk, type City, type Kiosk } from './support/stack';

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

/** Waits for the full-screen result and returns its kind (ADMIT, DENY, REFER, CHECKOUT). */
async function resultOf(page: Page, timeoutMs = 60_000): Promise<string> {
  await waitForScreen(page, 'main.result', timeoutMs);
  return (await page.locator('main.result').getAttribute('data-kind')) ?? '';
}

async function expectAccessible(page: Page, screen: string): Promise<void> {
  const findings = await seriousAxeViolations(page);
  expect(findings, `${screen}: ${JSON.stringify(findings, null, 1)}`).toEqual([]);
}

async function tapDigits(page: Page, digits: string): Promise<void> {
  for (const digit of digits) await page.getByRole('button', { name: new RegExp(`^(Angka|Digit) ${digit}$`) }).click();
}

async function openStaffPanel(page: Page, checkAccessibility = false): Promise<void> {
  await page.getByRole('button', { name: 'Petugas', exact: true }).click();
  await tapDigits(page, PIN);
  if (checkAccessibility) await expectAccessible(page, 'staff PIN pad');
  await page.getByRole('button', { name: 'Masuk petugas' }).last().click();
  await page.getByRole('heading', { name: 'Panel petugas' }).waitFor({ timeout: 10_000 });
}

/** The page fits its screen and `control` is fully on it (a message that appeared pushed nothing off). */
async function expectOnScreen(page: Page, control: ReturnType<Page['locator']>, what: string): Promise<void> {
  const viewport = page.viewportSize()!;
  expect(await pageHeight(page), `${what}: page height`).toBeLessThanOrEqual(viewport.height);
  const box = await control.boundingBox();
  expect(box, `${what}: control visible`).not.toBeNull();
  expect(box!.y + box!.height, `${what}: control bottom`).toBeLessThanOrEqual(viewport.height);
}

async function errorShown(page: Page, timeoutMs = 15_000): Promise<{ code: string; text: string }> {
  const el = page.locator('.gate-keypad .notice-error');
  await expect.poll(() => el.innerText(), { timeout: timeoutMs }).not.toBe('');
  return { code: (await el.getAttribute('data-code')) ?? '', text: await el.innerText() };
}

d('gate end to end (Chromium + fake camera + browser host + city server)', () => {
  let city: City;
  let kiosk: Kiosk;
  let kb: KioskBrowser | null = null;
  let liveFace: Buffer[];
  let selfie: Buffer;

  const open = async (clip: string | null, viewport: { width: number; height: number } = LANDSCAPE) => {
    await kb?.close();
    kb = await launchKioskBrowser(kiosk.url, { clip, viewport });
    return kb.page;
  };
  const lastDecision = async () => (await recentDecisions(kiosk, PIN))[0];
  const why = () => JSON.stringify(kiosk.events.filter((e) => e.level !== 'info' || e.event.startsWith('face')).slice(-6));

  beforeAll(async () => {
    city = await startCity();
    ({ selfie } = await registerPeople(city, fixtures!));
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
    await saveReadmeScreenshot(page, 'setup');

    await page.getByLabel('Alamat server').fill(city.server.url);
    await page.getByLabel('Kode pendaftaran perangkat').fill('WRONG-CODE-1');
    await page.getByLabel('PIN admin (4–8 angka)').fill(PIN);
    await page.getByLabel('Ulangi PIN admin').fill(PIN);
    await page.getByRole('button', { name: 'Hubungkan' }).click();
    const error = page.locator('.notice-error');
    await expect.poll(() => error.innerText(), { timeout: 15_000 }).not.toBe('');
    await expectAccessible(page, 'setup with error');
    await screenshot(page, 'setup-error');

    const { code } = await city.server.admin.createEnrolmentCode(city.entryGateId);
    await page.getByLabel('Kode pendaftaran perangkat').fill(code);
    await page.getByRole('button', { name: 'Hubungkan' }).click();
    await page.getByRole('heading', { name: 'Pindai QR atau masukkan NIK' }).waitFor({ timeout: 20_000 });
    expect(await visibleText(page)).toContain('Botani Square');
    await expectAccessible(page, 'idle');
    // the risk list arrives from the server before any visitor is judged
    await eventually(async () => {
      const s = await kiosk.composed.service.api.getState({});
      return s.ok && s.value.sync.riskListVersion !== null;
    }, 20_000, 'the risk list on the kiosk');
    // once the list is on the kiosk the top bar carries no risk-list warning
    await expect.poll(() => visibleText(page), { timeout: 10_000 }).not.toMatch(/Daftar risiko/);
    await saveReadmeScreenshot(page, 'idle');
  });

  it('a registered person with a valid QR and their live face is admitted, and the visit reaches the server', async () => {
    const clip = await gateClip(path.join(clipsDir, 'budi.y4m'), await qrOf(city, BUDI), liveFace);
    const before = new Set(await city.server.store.visitIds());
    const page = await open(clip);
    await waitForScreen(page, '.face-check', 30_000);
    const greeting = await page.locator('.face-check h1').innerText();
    expect(greeting).toBe('Halo, Budi'); // first name only, never the NIK
    await expectAccessible(page, 'face check');
    await screenshot(page, 'face-check-live');
    const kind = await resultOf(page);
    const last = await lastDecision();
    expect(`${kind} ${last?.reason}`, why()).toBe('ADMIT CLEARED');
    expect(await visibleText(page)).toContain('Silakan masuk');
    expect(await visibleText(page)).toMatch(/Pengunjung di dalam: 1 \/ 250/);
    await expectAccessible(page, 'result admit');
    await saveReadmeScreenshot(page, 'result-admit');
    const added = await eventually(async () => (await city.server.store.visitIds()).filter((id) => !before.has(id)), 20_000, 'the visit on the server');
    expect(added).toEqual([last!.visitId]);
    expect(consoleErrorsOf(page)).toEqual([]);
    expect(foreignRequestsOf(page)).toEqual([]); // the QR decoder's wasm came from the kiosk, not a CDN
  });

  it("a valid QR shown with someone else's face is not admitted", async () => {
    const clip = await gateClip(path.join(clipsDir, 'andi-qr-budi-face.y4m'), await qrOf(city, ANDI), liveFace);
    const page = await open(clip);
    const kind = await resultOf(page);
    const last = await lastDecision();
    expect(`${kind} ${last?.reason}`, why()).toBe('DENY FACE_MISMATCH');
    const text = await visibleText(page);
    expect(text).toContain('Mohon temui petugas');
    expect(text).not.toMatch(MEDICAL_WORDS);
  });

  it('a person on the risk list is denied; the public screen names no reason, staff see it, the server gets the alert', async () => {
    const alertsBefore = (await city.server.admin.alerts()).length;
    const clip = await gateClip(path.join(clipsDir, 'siti.y4m'), await qrOf(city, SITI), liveFace);
    const page = await open(clip);
    const kind = await resultOf(page);
    expect(kind, why()).toBe('DENY');
    const text = await visibleText(page);
    expect(text).toContain('Mohon temui petugas');
    expect(text).toContain('Please see the officer');
    expect(text).not.toMatch(MEDICAL_WORDS);
    expect(await page.locator('main.result').getAttribute('style')).toContain('rgb(161, 21, 26)');
    await expectAccessible(page, 'result deny');
    await saveReadmeScreenshot(page, 'result-deny');

    await page.locator('main.result').waitFor({ state: 'detached', timeout: 15_000 });
    await openStaffPanel(page, true);
    const first = page.locator('li.decision').first();
    await expect.poll(() => first.innerText(), { timeout: 10_000 }).toMatch(/COVID-19/);
    const row = await first.innerText();
    expect(row).toContain(SITI.name);
    // the guard tells the visitor apart by the masked NIK and the gate, reads plain words, no codes or face distance
    expect(row).toContain(`${SITI.nik.slice(0, 4)} **** **** ${SITI.nik.slice(12)}`);
    expect(row).not.toContain(SITI.nik);
    expect(row).toContain('Pintu Utama');
    expect(row).toContain('Terkonfirmasi COVID-19');
    expect(row).not.toMatch(/RISK_CONFIRMED|[A-Z]+_[A-Z]+|jarak|distance/);
    // times in WIB as Bogor writes them ("9 Des 2026 23.59 WIB"), the decision's own and the risk entry's end; never ISO
    expect(await first.locator('.decision-time').innerText()).toMatch(/^\d{1,2} (Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Sep|Okt|Nov|Des) \d{4} \d{2}\.\d{2} WIB$/);
    expect(row).toMatch(/berlaku s\.d\. (\d{1,2} \w{3} \d{4}( \d{2}\.\d{2} WIB)?|tanpa batas waktu)/);
    expect(row).not.toMatch(/\d{4}-\d{2}-\d{2}|T\d{2}:\d{2}/);
    await expectAccessible(page, 'staff panel');
    await saveReadmeScreenshot(page, 'staff-panel');
    const alerts = await eventually(async () => {
      const all = await city.server.admin.alerts();
      return all.length > alertsBefore ? all : null;
    }, 15_000, 'the DENY alert on the server');
    expect(alerts.length).toBe(alertsBefore + 1);
  });

  it('staff override a decision with a reason; it is written to the audit log', async () => {
    const page = await open(null);
    await waitForScreen(page, '.gate-idle', 15_000);
    // a wrong PIN says how many tries are left, and the message pushes nothing off the screen
    await page.getByRole('button', { name: 'Petugas', exact: true }).click();
    await tapDigits(page, '000000');
    await page.getByRole('button', { name: 'Masuk petugas' }).last().click();
    await expect.poll(() => page.locator('.notice-error').innerText(), { timeout: 10_000 }).toMatch(/^PIN salah\. Sisa 4 kali percobaan/);
    await expectOnScreen(page, page.getByRole('button', { name: 'Kembali' }), 'PIN pad with a wrong PIN');
    await page.getByRole('button', { name: 'Kembali' }).click();
    await openStaffPanel(page);
    const first = page.locator('li.decision').first();
    const original = await first.getAttribute('data-visit-id');
    await first.getByRole('button', { name: 'Ubah keputusan' }).click();
    // nothing is chosen for the guard: the new outcome is picked on purpose
    for (const o of ['Diizinkan', 'Ditolak', 'Dirujuk ke petugas']) expect(await first.getByLabel(o).isChecked()).toBe(false);
    const save = first.getByRole('button', { name: 'Simpan perubahan' });
    // a reason code is picked; the short note is typed on the on-screen keyboard (the tablet has no other)
    await first.getByLabel('Surat keterangan kesehatan ditunjukkan').check();
    const noteLabel = 'Catatan singkat (tanpa NIK atau nomor telepon)';
    await first.getByLabel(noteLabel, { exact: true }).click();
    const keyboard = first.getByRole('group', { name: `Papan ketik untuk: ${noteLabel}` });
    for (const k of ['b', 'e', 'b', 'a', 's']) await keyboard.getByRole('button', { name: k, exact: true }).click();
    expect(await first.getByLabel(noteLabel, { exact: true }).inputValue()).toBe('bebas');
    expect(await save.isDisabled()).toBe(true); // a reason but no outcome chosen: no override
    await first.getByLabel('Diizinkan').check();
    // a NIK in the note: the form says so and does not save (issue 10 item 5)
    await first.getByLabel(noteLabel, { exact: true }).fill('KTP 3271011508850009');
    expect(await save.isDisabled()).toBe(true);
    await first.getByLabel(noteLabel, { exact: true }).fill('bebas isolasi diperiksa');
    await expectAccessible(page, 'override form');
    await save.click();
    // the original decision shows the override; the override itself is a new record on top
    await expect.poll(() => page.locator(`li.decision[data-visit-id="${original}"]`).innerText(), { timeout: 10_000 }).toMatch(/Diubah menjadi Diizinkan: Surat keterangan kesehatan ditunjukkan: bebas isolasi/);
    expect(await page.locator('li.decision').first().innerText()).toMatch(/Diubah petugas/);
    const audit = kiosk.composed.store.listAudit({ limit: 20 }).filter((a) => a.action === 'decision.override');
    expect(audit.length).toBe(1);
    expect(audit[0]!.target).toBe(original);
    expect(audit[0]!.detail).toMatchObject({ to: 'ADMIT', reason: 'HEALTH_DOCUMENT_SHOWN' });
    expect(JSON.stringify(audit[0]!.detail)).not.toContain('isolasi');
    expect(kiosk.composed.store.verifyAuditChain().ok).toBe(true);
    await screenshot(page, 'staff-override');

    // check-out by staff frees a place
    const inside = async () => {
      const st = await kiosk.composed.service.api.getState({});
      return st.ok && st.value.venue ? st.value.venue.occupancy : -1;
    };
    const before = await inside();
    await page.locator('li.decision').filter({ hasText: BUDI.name }).first().getByRole('button', { name: 'Catat keluar' }).click();
    await expect.poll(() => page.locator('.staff-body > .notice-info').innerText(), { timeout: 10_000 }).toMatch(/^Tercatat keluar\. Di dalam: \d+$/);
    await expectOnScreen(page, page.getByRole('button', { name: 'Kunci' }), 'staff panel with a message');
    expect(await inside()).toBe(before - 1);
    expect(kiosk.composed.store.listAudit({ limit: 5 }).some((a) => a.action === 'visit.checkout')).toBe(true);

    // a guard who walks away: the panel locks itself and the staff reasons leave the screen
    await page.clock.install();
    await page.getByRole('heading', { name: 'Panel petugas' }).click(); // a touch (restarts the idle timer on the fake clock)
    await page.clock.fastForward(60_000);
    expect(await visibleText(page)).toContain('Panel petugas');
    await page.clock.fastForward(31_000);
    await waitForScreen(page, '.gate-idle', 5_000);
    expect(await visibleText(page)).not.toMatch(MEDICAL_WORDS);
  });

  it('a still photo held up to the camera never passes liveness: DENY at the deadline, staff told why', async () => {
    const still = await photoFrames(await writeStill(selfie), 60);
    const clip = await gateClip(path.join(clipsDir, 'budi-photo.y4m'), await qrOf(city, BUDI), still);
    const page = await open(clip);
    await waitForScreen(page, '.face-check', 30_000);
    await expect.poll(() => page.locator('.challenge').innerText().catch(() => ''), { timeout: 10_000 }).toMatch(/Kedipkan mata/);
    // one prompt at a time, and a bar that does not near full while no blink was seen
    for (let i = 0; i < 8; i++) {
      expect(await page.locator('.face-prompt').count()).toBe(1);
      expect(Number(await page.getByRole('progressbar').getAttribute('aria-valuenow'))).toBeLessThanOrEqual(50);
      await page.waitForTimeout(250);
    }
    const kind = await resultOf(page, 60_000);
    const last = await lastDecision();
    // the photo never blinks or moves: at the deadline the engine's liveness verdict decides (not a bare timeout)
    expect(`${kind} ${last?.reason}`, why()).toBe('DENY LIVENESS_FAILED');
    expect(await visibleText(page)).not.toMatch(MEDICAL_WORDS);
  });

  it('a forged QR, an expired QR and a bad NIK each get a clear bilingual error and record nothing', async () => {
    const before = (await recentDecisions(kiosk, PIN)).length;
    const budiQr = await qrOf(city, BUDI);
    const forgedClip = await writeY4m(path.join(clipsDir, 'forged.y4m'), [...(await gateFramesOnlyQr(forgedQr(budiQr)))]);
    const page = await open(forgedClip);
    const forged = await errorShown(page, 20_000);
    expect(forged.code).toMatch(/^QR_(BAD_SIGNATURE|MALFORMED)$/);
    await expectAccessible(page, 'idle with QR error');
    await screenshot(page, 'error-forged-qr');
    // the rest without the forged card in front of the camera (it would be read again every few seconds)
    const empty = await writeY4m(path.join(clipsDir, 'empty.y4m'), await emptyFrames(30));
    const page2 = await open(empty);
    await waitForScreen(page2, '.gate-idle', 15_000);
    await expectErrors(page2, city);
    expect((await recentDecisions(kiosk, PIN)).length).toBe(before);
  });

  async function expectErrors(page: Page, city: City): Promise<void> {
    // an expired pass typed by a USB scanner
    const { rid } = await city.server.admin.issueQr(BUDI.nik);
    await page.keyboard.type(expiredQr(city, { ...BUDI, rid }));
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await errorShown(page)).code, { timeout: 10_000 }).toBe('QR_EXPIRED');

    // a NIK with an impossible birth date (day 32), on the keypad, in both languages
    await page.getByRole('button', { name: 'Hapus semua' }).click();
    await tapDigits(page, '3271013213850001');
    await page.getByRole('button', { name: 'Kirim', exact: true }).click();
    const idError = await errorShown(page);
    expect(idError.code).toBe('NIK_BIRTH_DATE');
    await expectOnScreen(page, page.getByRole('button', { name: 'Kirim', exact: true }), 'gate with a NIK error');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { name: 'Scan QR or enter NIK' }).waitFor();
    await page.getByRole('button', { name: 'Clear all' }).click();
    await tapDigits(page, '327101');
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    const enError = await errorShown(page);
    expect(enError.code).toBe('NIK_LENGTH');
    expect(enError.text).toMatch(/16 digits/);
    await expectAccessible(page, 'idle with NIK error (English)');
    await saveReadmeScreenshot(page, 'idle-nik-error-en');
  }

  it('a USB scanner typing the QR gives the same result as the camera', async () => {
    const faceOnly = await writeY4m(path.join(clipsDir, 'face-only.y4m'), liveFace);
    const page = await open(faceOnly);
    await waitForScreen(page, '.gate-idle', 15_000);
    await page.keyboard.type(await qrOf(city, BUDI));
    await page.keyboard.press('Enter');
    await waitForScreen(page, '.face-check', 15_000);
    const kind = await resultOf(page);
    expect(`${kind} ${(await lastDecision())?.reason}`, why()).toBe('ADMIT CLEARED');
  });

  it('staff register a visitor on the spot (NIK, name, consent, selfie); the visitor can then pass with the NIK', async () => {
    const faceOnly = await writeY4m(path.join(clipsDir, 'face-only.y4m'), liveFace);
    const page = await open(faceOnly);
    await waitForScreen(page, '.gate-idle', 15_000);
    await openStaffPanel(page);
    await page.getByRole('tab', { name: 'Daftarkan pengunjung' }).click();
    // NIK and name on the on-screen keyboards (digits for the NIK, letters for the name)
    await page.getByLabel('NIK (16 digit)', { exact: true }).click();
    const digits = page.getByRole('group', { name: 'Papan ketik untuk: NIK (16 digit)' });
    for (const k of DEWI.nik.slice(0, 4)) await digits.getByRole('button', { name: k, exact: true }).click();
    expect(await page.getByLabel('NIK (16 digit)', { exact: true }).inputValue()).toBe(DEWI.nik.slice(0, 4));
    await page.getByLabel('NIK (16 digit)', { exact: true }).fill(DEWI.nik);
    await page.getByLabel('Nama lengkap', { exact: true }).click();
    const letters = page.getByRole('group', { name: 'Papan ketik untuk: Nama lengkap' });
    await letters.getByRole('button', { name: 'Huruf besar' }).click();
    for (const k of ['D', 'e', 'w', 'i']) await letters.getByRole('button', { name: k, exact: true }).click();
    expect(await page.getByLabel('Nama lengkap', { exact: true }).inputValue()).toBe('Dewi');
    await page.getByLabel('Nama lengkap', { exact: true }).fill(DEWI.name);
    await page.getByRole('button', { name: 'Daftarkan', exact: true }).click();
    await expect.poll(() => page.locator('.register-form .notice-error').getAttribute('data-code'), { timeout: 5_000 }).toBe('CONSENT_REQUIRED');
    await expectOnScreen(page, page.getByRole('button', { name: 'Kunci' }), 'registration with an error');
    await page.getByLabel(/Pengunjung setuju/).check();
    await page.getByRole('button', { name: 'Ambil foto' }).click();
    await page.getByRole('img', { name: 'Foto diambil' }).waitFor();
    await expectAccessible(page, 'registration');
    await screenshot(page, 'staff-register');
    await page.getByRole('button', { name: 'Daftarkan', exact: true }).click();
    await expect.poll(() => page.locator('.register-form .notice-info').innerText(), { timeout: 20_000 }).toMatch(/Terdaftar/);
    await page.getByRole('button', { name: 'Kunci' }).click();

    await waitForScreen(page, '.gate-idle', 10_000);
    await tapDigits(page, DEWI.nik);
    await page.getByRole('button', { name: 'Kirim', exact: true }).click();
    await waitForScreen(page, '.face-check', 15_000);
    const kind = await resultOf(page);
    expect(`${kind} ${(await lastDecision())?.reason}`, why()).toBe('ADMIT CLEARED');
  });

  it('with the server stopped the gate keeps deciding, the queue grows and diagnostics say offline; back online the queue drains', async () => {
    const clip = await gateClip(path.join(clipsDir, 'budi.y4m'), await qrOf(city, BUDI), liveFace);
    await city.stop();
    const page = await open(clip);
    const kind = await resultOf(page);
    const offlineVisit = (await lastDecision())!;
    expect(`${kind} ${offlineVisit.reason}`, why()).toBe('ADMIT CLEARED');
    await page.locator('main.result').waitFor({ state: 'detached', timeout: 15_000 });
    await expect.poll(() => visibleText(page), { timeout: 20_000 }).toContain('Luring — keputusan tetap berjalan');

    await openStaffPanel(page);
    await page.getByRole('button', { name: 'Diagnostik' }).click();
    const sync = page.locator('.diag-row[data-key="sync"] dd');
    const queue = page.locator('.diag-row[data-key="queue"] dd');
    await expect.poll(() => sync.innerText(), { timeout: 15_000 }).toBe('Luring');
    expect(Number(await queue.innerText())).toBeGreaterThanOrEqual(1);
    await expectAccessible(page, 'diagnostics');
    await saveReadmeScreenshot(page, 'diagnostics-offline');

    // the exported log carries no personal data
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Ekspor log' }).click();
    const file = await (await download).path();
    const logText = readFileSync(file, 'utf8');
    expect(logText.length).toBeGreaterThan(100);
    for (const p of [BUDI, SITI, ANDI, DEWI]) {
      expect(logText).not.toContain(p.nik);
      expect(logText).not.toContain(p.name);
    }

    await city.restart();
    await expect.poll(() => sync.innerText(), { timeout: 30_000 }).toBe('Daring');
    await expect.poll(() => queue.innerText(), { timeout: 30_000 }).toBe('0');
    expect(await city.server.store.visitIds()).toContain(offlineVisit.visitId);
  });

  it('portrait tablet: the gate fits the screen; a face check that never sees a face ends in REFER', async () => {
    // QR, then an empty scene: nobody steps up to the camera
    const qr = (await gateFramesOnlyQr(await qrOf(city, BUDI))).slice(0, 15);
    const clip = await writeY4m(path.join(clipsDir, 'nobody.y4m'), [...qr, ...(await emptyFrames(150))]);
    const page = await open(clip, PORTRAIT);
    await waitForScreen(page, '.face-check', 30_000);
    expect(await pageHeight(page)).toBeLessThanOrEqual(PORTRAIT.height);
    // nobody in view: the screen says so (not "blink" at nobody), and shows no progress
    await expect.poll(() => page.locator('.face-prompt').getAttribute('data-code'), { timeout: 10_000 }).toBe('NO_FACE');
    expect(await page.locator('.face-prompt').count()).toBe(1);
    expect(await visibleText(page)).not.toMatch(/Kedipkan/);
    expect(await page.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('0');
    await expectAccessible(page, 'face check (portrait)');
    await saveReadmeScreenshot(page, 'face-check-portrait');
    const kind = await resultOf(page, 60_000);
    expect(`${kind} ${(await lastDecision())?.reason}`, why()).toBe('REFER FACE_TIMEOUT');
    await saveReadmeScreenshot(page, 'result-refer-portrait');
    await page.locator('main.result').waitFor({ state: 'detached', timeout: 15_000 });
    await waitForScreen(page, '.gate-idle', 5_000);
    expect(await pageHeight(page)).toBeLessThanOrEqual(PORTRAIT.height);
  });

  it('a QR left in front of the camera is not read again until it has left the frame', async () => {
    // its own kiosk with a short face check, so the code outlasts the check, the result and 8 s of idle gate
    const shortKiosk = await startKiosk({ policy: { faceTimeoutSeconds: 5, resultSeconds: 2 } });
    try {
      await provisionKiosk(shortKiosk, city, 'entry', PIN);
      // 5 frames/s keeps the clip small: the code in view for 28 s, then 3 s without it (the clip loops)
      const size = { width: 640, height: 480, fps: 5 };
      const qr = await qrFrame(await qrOf(city, BUDI), size);
      const clip = await writeY4m(path.join(clipsDir, 'qr-left-in-view.y4m'), [...Array.from({ length: 28 * 5 }, () => qr), ...(await emptyFrames(3 * 5, size))], size);
      await kb?.close();
      kb = await launchKioskBrowser(shortKiosk.url, { clip, viewport: LANDSCAPE });
      const page = kb.page;
      await waitForScreen(page, '.face-check', 30_000);
      expect(await resultOf(page, 30_000)).toBe('REFER');
      expect((await recentDecisions(shortKiosk, PIN)).map((d) => d.reason)).toEqual(['FACE_TIMEOUT']);
      await waitForScreen(page, '.gate-idle', 10_000);
      // the same code is still in every frame: the gate stays idle (it used to start a new check after 6 s)
      const idleSince = Date.now();
      while (Date.now() - idleSince < 8000) {
        expect(await page.locator('.face-check').count()).toBe(0);
        await page.waitForTimeout(250);
      }
      expect((await recentDecisions(shortKiosk, PIN)).length).toBe(1);
      // once the code has left the frame and is shown again, it is a new visit
      await waitForScreen(page, '.face-check', 30_000);
    } finally {
      await kb?.close();
      kb = null;
      await shortKiosk.close();
    }
  });

  it('an exit gate checks the visitor out with the same QR (no face check) and uploads the check-out', async () => {
    const exitKiosk = await startKiosk();
    try {
      await provisionKiosk(exitKiosk, city, 'exit', PIN);
      // the exit gate needs Budi's open visit from the entry gate: it learns it through the server
      const clip = await writeY4m(path.join(clipsDir, 'exit.y4m'), [...(await gateFramesOnlyQr(await qrOf(city, BUDI))), ...(await emptyFrames(45))]);
      await kb?.close();
      kb = await launchKioskBrowser(exitKiosk.url, { clip, viewport: LANDSCAPE });
      const page = kb.page;
      const kind = await resultOf(page, 30_000);
      expect(kind, JSON.stringify(exitKiosk.events.slice(-6))).toBe('CHECKOUT');
      expect(await visibleText(page)).toContain('Terima kasih, Anda sudah keluar');
      expect(await visibleText(page)).not.toContain('Silakan masuk');
      // the check-out record travels to the city like any visit
      const exitVisits = exitKiosk.composed.store;
      await eventually(() => exitVisits.outboxDepth() === 0, 20_000, 'the check-out record uploaded');
      await expectAccessible(page, 'result checkout');
      await saveReadmeScreenshot(page, 'result-checkout');
    } finally {
      await kb?.close();
      kb = null;
      await exitKiosk.close();
    }
  });
});

/** Two seconds of the same QR code, nothing else in view. */
async function gateFramesOnlyQr(text: string): Promise<Buffer[]> {
  const f = await qrFrame(text);
  return Array.from({ length: 30 }, () => f);
}

/** The registration selfie as a file, for a "photo held up to the camera" clip. */
async function writeStill(jpeg: Buffer): Promise<string> {
  mkdirSync(clipsDir, { recursive: true });
  const file = path.join(clipsDir, 'still.jpg');
  writeFileSync(file, jpeg);
  return file;
}
