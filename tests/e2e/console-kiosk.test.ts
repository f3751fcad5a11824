// The city console and a real kiosk together: real Chromium with two pages, the kiosk's (the real
// renderer build in the browser host, the real store, face engine and sync agent, a fake camera playing
// the fixture clip of a live face) and the console's (the real console build), against one real city
// server. Visitors type their NIK on the gate keypad and pass the face check, as at a venue.
//   - a CONFIRMED visitor denied at the kiosk appears on the Dinkes alert page without a reload;
//   - a risk list with bad lines is refused line by line with nothing applied; a good one is previewed and
//     published, the kiosk pulls it and denies the visitor it admitted a minute before;
//   - a venue manager lowers the venue's capacity share; the kiosk applies the signed policy at its next
//     sync (its diagnostics show the version), and turns away the visitor it admitted before;
//   - the manager sets a minimum age (issue 11): the kiosk's diagnostics list the rule in words, and a
//     visitor whose NIK says they are younger is turned away at the keypad, the screen saying why.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireFixtures } from '../helpers/fixtures';
import { seedConsole } from '../helpers/console';
import type { ConsoleSeed } from '../helpers/console';
import { startTestCityServer } from '../../sync/server/testing';
import type { TestCityServer } from '../../sync/server/testing';
import { artifactsDir, consoleErrorsOf, launchKioskBrowser, screenshot, seriousAxeViolations, visibleText, type KioskBrowser } from './support/browser';
import { videoFrames, videoStillJpeg, writeY4m } from './support/clip';
import { ensureConsoleBuilt } from './support/console-build';
import { saveReadmeScreenshot } from './support/readme-shots';
import { BUDI, blinkClip, SITI, type Person } from './support/people';
import { eventually, recentDecisions, startKiosk, type Kiosk } from './support/stack';

const fixtures = requireFixtures('the console + kiosk e2e');
const d = fixtures ? describe : describe.skip;
const PIN = '482915';
/** a third person with the clip's face, on no list */
const RUDI: Person = { nik: '3271010307880006', name: 'Rudi Hartono' };
const until = () => new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);

d('city console with a real kiosk (Chromium: kiosk page + console page)', () => {
  let s: TestCityServer;
  let seed: ConsoleSeed;
  let kiosk: Kiosk;
  let kb: KioskBrowser;
  let gate: Page;
  let dinkes: Page;
  const consoleErrors: string[] = [];

  /** A console page in its own browser context (own cookies), logged in as `username`. */
  async function consolePage(username: string): Promise<Page> {
    const context = await kb.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) consoleErrors.push(`${username}: ${m.text()}`);
    });
    page.on('pageerror', (e) => consoleErrors.push(`${username}: ${String(e)}`));
    await page.goto(`${s.url}/console/`);
    await page.getByLabel('Nama pengguna').fill(username);
    await page.getByLabel('Kata sandi').fill(seed.password);
    await page.getByRole('button', { name: 'Masuk' }).click();
    return page;
  }

  const why = () => JSON.stringify(kiosk.events.filter((e) => e.level !== 'info' || e.event.startsWith('face')).slice(-6));

  /** The visitor types their NIK on the gate keypad and looks at the camera; returns "OUTCOME REASON". */
  async function visit(p: Person): Promise<string> {
    await gate.locator('.gate-idle').waitFor({ timeout: 20_000 });
    for (const digit of p.nik) await gate.getByRole('button', { name: new RegExp(`^(Angka|Digit) ${digit}$`) }).click();
    await gate.getByRole('button', { name: 'Kirim', exact: true }).click();
    await gate.locator('.face-check').waitFor({ timeout: 15_000 });
    try {
      await gate.locator('main.result').waitFor({ timeout: 60_000 });
    } catch {
      await screenshot(gate, `console-kiosk-no-result-${Date.now()}`).catch(() => undefined);
      throw new Error(`no result for ${p.name}; the screen shows: ${(await visibleText(gate)).replace(/\s+/g, ' ').slice(0, 300)}; ${why()}`);
    }
    const kind = (await gate.locator('main.result').getAttribute('data-kind')) ?? '';
    const last = (await recentDecisions(kiosk, PIN))[0];
    await gate.locator('main.result').waitFor({ state: 'detached', timeout: 15_000 });
    return `${kind} ${last?.reason}`;
  }

  beforeAll(async () => {
    await ensureConsoleBuilt();
    s = await startTestCityServer('sqlite', { config: { consoleScryptN: 1024 } });
    seed = await seedConsole(s);
    // the kiosk stands at the hotel's lobby (the manager's venue), sized so one policy step fills it
    await s.store.updateVenue(seed.managedVenueId, { capacity: 3 });
    const lobby = await s.admin.createGate({ venueId: seed.managedVenueId, name: 'Pintu Lobi' });
    const selfie = await videoStillJpeg(blinkClip(fixtures!), 0.4);
    // one clip's face for all three: past the duplicate check on purpose
    for (const p of [BUDI, SITI, RUDI]) await s.admin.registerPerson({ ...p, selfie, allowDuplicateFace: true });
    const first = await s.admin.importRiskCsv(`nik,status,valid_until\n${SITI.nik},CONFIRMED,${until()}\n`);
    if (!first.ok) throw new Error(JSON.stringify(first.errors));

    // result screens of 2 s keep the file short; every other rule comes from the city
    kiosk = await startKiosk({ policy: { resultSeconds: 2 } });
    const { code } = await s.admin.createEnrolmentCode(lobby.id);
    const enrolled = await kiosk.composed.service.api.provision({ serverUrl: s.url, code, adminPin: PIN, cameraId: null });
    if (!enrolled.ok) throw new Error(`provision: ${enrolled.error.code}`);
    await eventually(async () => {
      const st = await kiosk.composed.service.api.getState({});
      return st.ok && st.value.sync.riskListVersion === 1;
    }, 20_000, 'risk list version 1 on the kiosk');

    // the visitor at the camera: 0–4.5 s of the clip (natural blinks); the camera loops it
    const clip = await writeY4m(path.join(artifactsDir, 'clips', 'console-kiosk-face.y4m'), await videoFrames(blinkClip(fixtures!), 0, 4.5));
    kb = await launchKioskBrowser(kiosk.url, { clip });
    gate = kb.page;
    dinkes = await consolePage('dinkes');
    await dinkes.getByRole('heading', { name: 'Peringatan prioritas', level: 2 }).waitFor();
  }, 300_000);

  afterAll(async () => {
    await kb?.close();
    await kiosk?.close();
    await s?.destroy();
  });

  it('a CONFIRMED visitor denied at the kiosk appears on the Dinkes alert page without a reload', async () => {
    await dinkes.getByText('Tersambung langsung').waitFor();
    await dinkes.getByText('Belum ada peringatan').waitFor();
    await dinkes.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    expect(await visit(SITI), why()).toBe('DENY RISK_CONFIRMED');
    // the public screen named no reason; the alert travels kiosk → city → console
    const visitId = (await recentDecisions(kiosk, PIN))[0]!.visitId;
    const alert = await eventually(async () => (await s.store.listAlerts(0, 10)).find((a) => a.visitId === visitId), 20_000, 'the alert on the server');
    const row = dinkes.locator(`tr[data-alert-id="${alert.id}"]`);
    // no timed assertion here (tests never time): the 2 s bound is the console bench's alert_fanout_p95_ms
    await row.waitFor();
    expect(await dinkes.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    const text = await row.innerText();
    expect(text).toContain('Hotel Salak');
    expect(text).toContain('Pintu Lobi');
    expect(text).toContain('TERKONFIRMASI');
    // no NIK, NIK hash or name of the visitor on the page
    const html = await dinkes.content();
    for (const x of [SITI.nik, SITI.name, alert.nikHash]) expect(html).not.toContain(x);
    expect(await seriousAxeViolations(dinkes)).toEqual([]);
  });

  it('refuses a risk list with bad lines (each listed, nothing applied), publishes a good one; the kiosk pulls it and denies whom it admitted', async () => {
    expect(await visit(BUDI), why()).toBe('ADMIT CLEARED');

    await dinkes.getByRole('link', { name: 'Daftar risiko' }).click();
    await dinkes.getByRole('heading', { name: 'Daftar risiko', level: 2 }).waitFor();
    await expect.poll(() => dinkes.getByTestId('risk-status').innerText()).toMatch(/Versi\s+1/);
    const bad = [
      'nik,status,valid_until',
      `${SITI.nik},CONFIRMED,${until()}`,
      `${BUDI.nik},CONFIRMED,${until()}`,
      `12345,CONFIRMED,${until()}`,
      `${RUDI.nik},POSITIVE,${until()}`,
      `3271016204950004,SUSPECT,31-12-2030`,
    ].join('\n');
    await dinkes.getByLabel('Berkas CSV').setInputFiles({ name: 'dinkes-salah.csv', mimeType: 'text/csv', buffer: Buffer.from(`${bad}\n`) });
    const errors = dinkes.getByTestId('risk-errors');
    await errors.waitFor();
    const lines = await errors.locator('tbody tr').allInnerTexts();
    expect(lines.map((l) => l.split(/\s/)[0])).toEqual(['4', '5', '6']);
    expect(lines[1]).toMatch(/Status harus CONFIRMED, SUSPECT atau CLOSE_CONTACT/);
    expect(await dinkes.getByRole('alert').first().innerText()).toContain('Tidak ada yang diubah');
    expect(await dinkes.getByRole('button', { name: 'Terbitkan' }).count()).toBe(0);
    expect(await seriousAxeViolations(dinkes)).toEqual([]);
    expect((await s.store.latestRiskVersion(s.config.riskListId))?.version).toBe(1);

    const good = `nik,status,valid_until\r\n${SITI.nik},CONFIRMED,${until()}\r\n${BUDI.nik},CONFIRMED,${until()}\r\n`;
    await dinkes.getByLabel('Berkas CSV').setInputFiles({ name: 'dinkes-2.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await dinkes.getByTestId('risk-preview').waitFor();
    // one added (Budi), Siti unchanged, none removed
    expect(await dinkes.getByTestId('risk-preview').locator('tbody').innerText()).toMatch(/\+1\s+~0\s+−0\s+1\s+2/);
    await saveReadmeScreenshot(dinkes, 'console-dinkes-risk-preview');
    await dinkes.getByRole('button', { name: 'Terbitkan' }).click();
    await dinkes.getByText('Diterbitkan sebagai versi 2').waitFor();
    expect(await seriousAxeViolations(dinkes)).toEqual([]);

    // the kiosk pulls the signed version 2 at its next sync, and its next decision uses it
    await eventually(async () => {
      const st = await kiosk.composed.service.api.getState({});
      return st.ok && st.value.sync.riskListVersion === 2;
    }, 20_000, 'risk list version 2 on the kiosk');
    expect(await visit(BUDI), why()).toBe('DENY RISK_CONFIRMED');
    // the console counts the kiosk on version 2 once it reported it
    await expect.poll(async () => {
      await dinkes.reload();
      return dinkes.getByTestId('risk-status').innerText();
    }, { timeout: 15_000, interval: 1000 }).toMatch(/Versi\s+2[\s\S]*1 \/ 1/);
  });

  it("a venue manager's stricter capacity share reaches the kiosk at its next sync and turns away the visitor it admitted before", async () => {
    expect(await visit(RUDI), why()).toBe('ADMIT CLEARED'); // 2 inside (Budi, Rudi) of 3

    const manager = await consolePage('manager');
    await manager.getByRole('link', { name: /Kelola tempat.*Hotel Salak/ }).click();
    await manager.getByRole('heading', { name: 'Hotel Salak', level: 2 }).waitFor();
    await manager.getByLabel('Kapasitas yang diizinkan (% dari normal)').fill('50');
    await manager.getByRole('button', { name: 'Terbitkan versi baru' }).click();
    await expect.poll(() => manager.getByRole('status').filter({ hasText: 'Versi 1 diterbitkan' }).count()).toBe(1);

    // the kiosk's diagnostics show the city's version 1 with the new share once the agent applied it
    await gate.getByRole('button', { name: 'Petugas', exact: true }).click();
    for (const digit of PIN) await gate.getByRole('button', { name: new RegExp(`^(Angka|Digit) ${digit}$`) }).click();
    await gate.getByRole('button', { name: 'Masuk petugas' }).last().click();
    await gate.getByRole('heading', { name: 'Panel petugas' }).waitFor({ timeout: 10_000 });
    await gate.getByRole('button', { name: 'Diagnostik' }).click();
    await expect.poll(() => gate.locator('.diag-row[data-key="policy"] dd').innerText(), { timeout: 20_000 }).toMatch(/^versi 1 dari kota/);
    expect(await gate.locator('.diag-row[data-key="policy-values"] dd').innerText()).toContain('capacityPercent: 50');
    await gate.getByRole('button', { name: 'Kembali' }).first().click();
    await gate.getByRole('button', { name: 'Kunci' }).click();

    // 50 % of 3 places is 1, and 2 are inside: the next visitor is turned away as "venue full"
    expect(await visit(RUDI), why()).toBe('DENY VENUE_FULL');
    // the console shows the kiosk on the version in force
    await expect.poll(async () => {
      await manager.reload();
      const table = manager.getByRole('table', { name: 'Versi aturan di kios' });
      await table.waitFor({ timeout: 10_000 });
      return table.innerText();
    }, { timeout: 20_000, interval: 1000 }).toMatch(/v1 \(terbaru\)/);
    await manager.context().close();
    expect(consoleErrorsOf(gate)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('a minimum age set in the console turns away a younger visitor at the keypad, without a face check, and the screen says why', async () => {
    const manager = await consolePage('manager');
    await manager.getByRole('link', { name: /Kelola tempat.*Hotel Salak/ }).click();
    await manager.getByRole('heading', { name: 'Hotel Salak', level: 2 }).waitFor();
    await manager.getByLabel('Umur minimum pengunjung (tahun, dari NIK)').fill('40');
    await manager.getByRole('button', { name: 'Terbitkan versi baru' }).click();
    await expect.poll(() => manager.getByRole('status').filter({ hasText: 'Versi 2 diterbitkan' }).count()).toBe(1);
    await manager.context().close();

    await gate.getByRole('button', { name: 'Petugas', exact: true }).click();
    for (const digit of PIN) await gate.getByRole('button', { name: new RegExp(`^(Angka|Digit) ${digit}$`) }).click();
    await gate.getByRole('button', { name: 'Masuk petugas' }).last().click();
    await gate.getByRole('heading', { name: 'Panel petugas' }).waitFor({ timeout: 10_000 });
    await gate.getByRole('button', { name: 'Diagnostik' }).click();
    await expect.poll(() => gate.locator('.diag-row[data-key="policy-minAge"] dd').innerText().catch(() => ''), { timeout: 20_000 }).toBe('40 tahun');
    expect(await gate.locator('.diag-row[data-key="policy-minAge"] dt').innerText()).toBe('Umur minimum pengunjung (tahun, dari NIK)');
    expect(await gate.locator('.diag-row[data-key="policy-openingHours"] dd').innerText()).toBe('tidak dibatasi (buka kapan saja)');
    await gate.getByRole('button', { name: 'Kembali' }).first().click();
    await gate.getByRole('button', { name: 'Kunci' }).click();

    // Rudi's NIK (3271010307880006: born 3 July 1988) says 38: turned away at once
    await gate.locator('.gate-idle').waitFor({ timeout: 20_000 });
    for (const digit of RUDI.nik) await gate.getByRole('button', { name: new RegExp(`^(Angka|Digit) ${digit}$`) }).click();
    await gate.getByRole('button', { name: 'Kirim', exact: true }).click();
    const result = gate.locator('main.result');
    await result.waitFor({ timeout: 15_000 });
    expect(await result.getAttribute('data-kind')).toBe('DENY');
    expect(await gate.locator('.result-reason').innerText()).toBe('Maaf, pengunjung di bawah 40 tahun belum boleh masuk');
    expect(await gate.locator('.result-reason-other').innerText()).toBe('Sorry, visitors under 40 may not enter');
    await result.waitFor({ state: 'detached', timeout: 15_000 });
    expect((await recentDecisions(kiosk, PIN))[0]?.reason).toBe('AGE_BELOW_MIN');
    expect(consoleErrorsOf(gate)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
