// The Dinkes (health office) pages of the city console in real Chromium against a real city server:
// a priority alert raised by a kiosk's real store and sync agent (no screen or camera) appearing live on
// the alert page without reloading, with its venue and gate by name, acknowledging it and assigning it to
// an officer picked from the agency's own, no alert missed while the stream was away and the login form
// again when it is refused for an ended session (the 2 s bound is the console bench's alert_fanout_p95_ms, not a
// timed assertion here); a tracing case opened with a purpose, its visits and contacts, its CSV and PDF
// downloads and its close, all in the audit log, the auditor seeing only the summary; the English
// switch; axe: no serious or critical violation on each page. The flows that need a whole kiosk (a
// visitor denied at its screen raising the alert, the risk list CSV refused / published and then
// deciding the kiosk's next visitor, a venue policy change) are in console-kiosk.test.ts.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, seriousAxeViolations } from './support/browser';
import { ensureConsoleBuilt } from './support/console-build';
import { saveReadmeScreenshot } from './support/readme-shots';
import { seedConsole } from '../helpers/console';
import type { ConsoleSeed } from '../helpers/console';
import { FileKeyStore, openKioskStore } from '../../electron/store/index';
import { enrol } from '../../sync/agent/enrol';
import { SyncAgent } from '../../sync/agent/sync-agent';
import { DeviceClient, enrolDevice } from '../../sync/server/device-client';
import { nikHash } from '../../sync/protocol/crypto';
import { pdfText } from '../helpers/pdf-text';
import { CLI_ACTOR } from '../../sync/server/console/audit';
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
    // officers to pick from: one more of Dinkes, and one of the regency's health office who is not offered
    await s.accounts.createUser({ username: 'sari', displayName: 'Sari Wulandari', role: 'health', agencyId: 'dinkes', password: seed.password }, CLI_ACTOR);
    await s.store.createAgency({ id: 'dinkes-kab', name: 'Dinas Kesehatan Kabupaten Bogor', categories: [], createdAt: Date.now() });
    await s.accounts.createUser({ username: 'kab.officer', displayName: 'Petugas Kabupaten', role: 'health', agencyId: 'dinkes-kab', password: seed.password }, CLI_ACTOR);
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

  it("opens on the live alert feed; a kiosk's alert appears without reloading, names its gate, is acknowledged and assigned by picking an officer", async () => {
    const { page, errors, close } = await loggedIn();
    await page.getByRole('heading', { name: 'Peringatan prioritas', level: 2 }).waitFor();
    await page.getByText('Tersambung langsung').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    // a kiosk of Botani Square (its real store and sync agent) denies a CONFIRMED person and uploads the alert
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jejak-e2e-alert-'));
    const kiosk = openKioskStore({ path: path.join(dir, 'kiosk.db'), keyStore: new FileKeyStore(path.join(dir, 'data.key')), clock: { now: () => new Date() } });
    const agent = new SyncAgent({ store: kiosk, idlePollMs: 3_600_000 });
    let alertId: string;
    try {
      await enrol(kiosk, s.url, await s.newEnrolmentCode());
      const v = kiosk.recordVisit({ direction: 'entry', outcome: 'DENY', reason: 'RISK_CONFIRMED', nikHash: kiosk.hashNik('3271011508850001'), identity: 'NIK', riskListVersion: 1 });
      expect(v.alertQueued).toBe(true);
      expect((await agent.syncNow()).ok).toBe(true);
      alertId = (await s.store.listAlerts(0, 10)).find((a) => a.visitId === v.id)!.id;
    } finally {
      await agent.stop();
      kiosk.close();
      rmSync(dir, { recursive: true, force: true });
    }
    const alertNikHash = (await s.store.getAlert(alertId))!.nikHash;
    const row = page.locator(`tr[data-alert-id="${alertId}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain('Botani Square');
    expect(await row.innerText()).toContain('Pintu Utama');
    expect(await row.innerText()).not.toContain(s.gateId);
    expect(await row.innerText()).toContain('TERKONFIRMASI');
    expect(await page.content()).not.toContain(alertNikHash);

    await row.getByRole('button', { name: 'Tandai diterima' }).click();
    await expect.poll(() => row.innerText()).toContain('Diterima oleh dinkes');
    // the officers of Dinkes only (not the regency's, not a sector account), by name
    const pick = row.getByLabel('Tugaskan ke petugas');
    expect(await pick.locator('option').allInnerTexts()).toEqual(['— pilih petugas —', 'dinkes', 'Sari Wulandari (sari)']);
    await pick.selectOption('sari');
    await row.getByRole('button', { name: 'Tugaskan' }).click();
    await expect.poll(() => row.innerText()).toContain('Ditugaskan ke Sari Wulandari');
    expect(await pick.inputValue()).toBe('sari');
    await saveReadmeScreenshot(page, 'console-dinkes-alerts');
    // it is kept: a reload shows the same handling, and the audit log has it
    await page.reload();
    await expect.poll(() => page.locator(`tr[data-alert-id="${alertId}"]`).innerText()).toContain('Ditugaskan ke Sari Wulandari');
    expect((await s.store.listAudit({ limit: 10_000 })).filter((e) => e.action === 'alert.handle' && e.target === `alert:${alertId}`).map((e) => e.details))
      .toEqual([{ acknowledge: true, assignTo: null }, { acknowledge: false, assignTo: 'sari' }]);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Priority alerts', level: 2 }).waitFor();
    expect(await page.locator(`tr[data-alert-id="${alertId}"]`).innerText()).toContain('Acknowledged by dinkes');
    expect(await page.locator(`tr[data-alert-id="${alertId}"]`).innerText()).toContain('Assigned to Sari Wulandari');
    expect(await page.locator(`tr[data-alert-id="${alertId}"]`).getByLabel('Assign to officer').count()).toBe(1);
    expect(await seriousAxeViolations(page)).toEqual([]);
    // Dinkes sees every venue of the city on the venues page
    await page.getByRole('link', { name: 'Venues & kiosks' }).click();
    await expect.poll(() => page.locator('main').innerText()).toContain('Hotel Salak');
    expect(await page.locator('main').innerText()).toContain('Pasar Bogor');
    expect(errors).toEqual([]);
    await close();
  });

  it('misses no alert while its stream was away, and returns to the login form when the stream is refused for an ended session', async () => {
    const { page, errors, close } = await loggedIn();
    await page.getByText('Tersambung langsung').waitFor();
    // the stream's connection drops (a proxy, a server restart) and its reconnection is held until a
    // kiosk's alert has reached the server meanwhile
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/v1/console/alerts/stream', async (route) => {
      await held;
      await route.continue();
    });
    s.app.server.closeAllConnections();
    await page.getByText('Terputus, menyambung ulang…').waitFor();
    const client = new DeviceClient(s.url, await enrolDevice(s.url, await s.newEnrolmentCode()));
    const id = randomUUID();
    const up = await client.call('alerts', { body: { alerts: [{ id, visitId: randomUUID(), venueId: s.venueId, gateId: s.gateId, occurredAt: new Date().toISOString(), nikHash: 'd'.repeat(64), riskStatus: 'SUSPECT', outcome: 'DENY', riskListVersion: 1 }] } });
    expect(up.status).toBe(200);
    release();
    await page.getByText('Tersambung langsung').waitFor();
    await page.locator(`tr[data-alert-id="${id}"]`).waitFor();
    // the session ends meanwhile (idle, or a city admin changed the account): the stream's next
    // connection is refused, and the page says so instead of "reconnecting" for ever
    await s.store.deleteUserSessions(seed.userIds.dinkes);
    s.app.server.closeAllConnections();
    await page.getByRole('status').filter({ hasText: 'Sesi berakhir; silakan masuk lagi' }).waitFor();
    // the two dropped streams are the only failed loads
    expect(errors.filter((e) => !/ERR_INCOMPLETE_CHUNKED_ENCODING/.test(e))).toEqual([]);
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

  it('opens a tracing case with a purpose, shows visits and contacts, downloads CSV and PDF, closes it; all audited', async () => {
    const INDEX = '3271014501900001';
    const CONTACT = '3271010101850011';
    const dev = await enrolDevice(s.url, await s.newEnrolmentCode());
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    const visit = (nik: string, from: number, to: number) => ({
      id: uuidv7(), venueId: s.venueId, gateId: s.gateId, occurredAt: at(from), deviceTime: at(from), clockOffsetMs: 0, clockSuspect: false, identity: 'NIK',
      nikHash: nikHash(dev.enrolment.nikHashKey, nik), outcome: 'ADMIT', reason: 'OK', override: null, faceDistance: 0.3, livenessScore: 0.97, riskListVersion: null, checkedOutAt: at(to),
    });
    expect((await new DeviceClient(s.url, dev).call('visits', { body: { visits: [visit(INDEX, 300, 240), visit(CONTACT, 280, 200)] } })).status).toBe(200);

    const { page, errors, close } = await loggedIn();
    await page.getByRole('link', { name: 'Kasus penelusuran' }).click();
    await page.getByRole('heading', { name: 'Buka kasus baru' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByLabel('NIK (16 digit)').fill('3271');
    await page.getByLabel('Tujuan penelusuran').fill('Kasus positif PCR 2 Des, penelusuran kontak erat');
    await page.getByLabel('Rincian dasar hukum').fill('UU 6/2018 pasal 15');
    await page.getByRole('button', { name: 'Buka kasus' }).click();
    await expect.poll(() => page.getByRole('alert').first().innerText()).toContain('NIK tidak valid');
    expect(await s.store.listTracingCases(null)).toEqual([]);
    await page.getByLabel('NIK (16 digit)').fill(INDEX);
    await page.getByRole('button', { name: 'Buka kasus' }).click();
    const detail = page.getByTestId('case-detail');
    await detail.waitFor();
    expect(await detail.getByRole('heading').innerText()).toBe(`NIK ${INDEX}`);
    await expect.poll(() => page.getByTestId('case-visits').innerText()).toContain('Botani Square');
    expect(await page.getByTestId('case-visits').locator('caption').innerText()).toBe('Kunjungan (1)');
    expect(await page.getByTestId('case-contacts').locator('caption').innerText()).toBe('Kontak (1)');
    expect(await page.getByTestId('case-contacts').innerText()).toContain('40');
    await saveReadmeScreenshot(page, 'console-dinkes-case');
    expect(await seriousAxeViolations(page)).toEqual([]);

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Unduh CSV' }).click()]);
    expect(csv.suggestedFilename()).toMatch(/^jejak-kasus-[0-9a-f]{8}\.csv$/);
    expect(readFileSync((await csv.path())!, 'utf8').split('\r\n')[0]).toContain('"kind","visit_id"');
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Unduh PDF' }).click()]);
    expect(pdfText(readFileSync((await pdf.path())!))).toContain(INDEX);

    await page.getByLabel('Catatan penutupan').fill('Kontak sudah dihubungi');
    await page.getByRole('button', { name: 'Tutup kasus' }).click();
    await expect.poll(() => page.getByTestId('case-list').innerText()).toContain('ditutup');
    expect(await page.getByTestId('case-list').innerText()).not.toContain(INDEX);
    const actions = (await s.store.listAudit({ limit: 10_000 })).filter((e) => e.action.startsWith('case.')).map((e) => e.action);
    expect(actions).toEqual(['case.open', 'case.view', 'case.export', 'case.export', 'case.close']);
    expect(errors).toEqual([]);
    await close();

    // the auditor sees that the case exists, why and by whom, with the NIK masked, and cannot open it
    const a = await loggedIn('auditor');
    await a.page.getByRole('link', { name: 'Kasus penelusuran' }).click();
    await a.page.getByTestId('case-list').waitFor();
    const text = await a.page.getByTestId('case-list').innerText();
    expect(text).toContain('3271••••••••0001');
    expect(text).toContain('Kasus positif PCR');
    expect(text).not.toContain(INDEX);
    expect(await a.page.getByRole('button', { name: /Lihat/ }).count()).toBe(0);
    expect(await a.page.getByRole('heading', { name: 'Buka kasus baru' }).count()).toBe(0);
    expect(await seriousAxeViolations(a.page)).toEqual([]);
    await a.close();
  });
});
