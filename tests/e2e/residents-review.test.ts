// The console's review page for residents' registrations (issue 12) in real Chromium against a real city
// server with the real face engine: residents register over the API with a selfie (one is registered,
// two more register the same face under other NIKs and are held as duplicate_face); Dinkes sees the held
// ones and the unverified one with the NIK's region only (no name, no full NIK), a too-short reason is
// refused in both languages with nothing decided, reject registers nothing, approve registers the face
// verified, verify marks the self-registration verified; each decision is in the audit log. A role that
// may not see the queue has no menu entry and gets the server's 403 as "access denied". axe: no serious
// or critical violations in each state.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { RESIDENT_CONSENT_VERSION } from '../../sync/protocol/api/residents';
import { nikHash } from '../../sync/protocol/crypto';
import { startTestCityServer, type TestCityServer } from '../../sync/server/testing';
import { seedConsole, type ConsoleSeed } from '../helpers/console';
import { repoRoot, requireFixtures } from '../helpers/fixtures';
import { CHROMIUM, seriousAxeViolations } from './support/browser';
import { videoStillJpeg } from './support/clip';
import { ensureConsoleBuilt } from './support/console-build';
import { saveReadmeScreenshot } from './support/readme-shots';

const fixtures = requireFixtures('the review page e2e');
const d = fixtures ? describe : describe.skip;
const NIK_A = '3271014501900001';
const NIK_B = '3271010202850003';
const NIK_C = '3271010303800004';
const SHOTS = path.join(repoRoot, 'sync', 'server', 'console', 'screenshots');

d("console review page for residents' registrations (Chromium + city server + face engine)", () => {
  let s: TestCityServer;
  let seed: ConsoleSeed;
  let browser: Browser;
  let ridA = '';

  const register = async (nik: string, selfie: string) => {
    const r = await fetch(`${s.url}/v1/residents/registrations`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ nik, name: 'Dewi Lestari', consent: { given: true, textVersion: RESIDENT_CONSENT_VERSION }, selfie }),
    });
    return { status: r.status, body: (await r.json()) as { status: string; rid?: string } };
  };

  beforeAll(async () => {
    await ensureConsoleBuilt();
    s = await startTestCityServer('sqlite', { config: { consoleScryptN: 1024 } });
    seed = await seedConsole(s);
    const video = path.join(fixtures!, 'video', 'liveportrait_d13_talking_blinks.mp4');
    const selfie = (await videoStillJpeg(video, 0.4)).toString('base64');
    const a = await register(NIK_A, selfie);
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    ridA = a.body.rid!;
    // the same face under two other NIKs: held, and the resident is told to see an officer
    for (const nik of [NIK_B, NIK_C]) expect((await register(nik, selfie)).status).toBe(202);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await s?.destroy();
  });

  async function loggedIn(username: string): Promise<{ page: Page; close: () => Promise<void> }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${s.url}/console/`);
    await page.getByLabel('Nama pengguna').fill(username);
    await page.getByLabel('Kata sandi').fill(seed.password);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('navigation').waitFor();
    return { page, close: () => context.close() };
  }

  it('Dinkes sees the held and unverified registrations without name or full NIK, and decides them with a reason', async () => {
    const { page, close } = await loggedIn('dinkes');
    try {
      await page.getByRole('link', { name: 'Tinjauan pendaftaran' }).click();
      await page.getByRole('heading', { name: 'Tinjauan pendaftaran warga', level: 2 }).waitFor();
      const held = page.getByTestId('held').locator('tbody tr');
      await expect.poll(() => held.count()).toBe(2);
      const text = await page.locator('main').innerText();
      expect(text).toContain('Wajah sama dengan pendaftaran NIK lain');
      expect(text).toContain('3271 •••• •••• ••••');
      // personal data stays out: no name, no full NIK, no NIK hash
      for (const secret of ['Dewi', NIK_A, NIK_B, NIK_C, nikHash(s.keys.nikHashKey, NIK_B).slice(0, 12)]) expect(text).not.toContain(secret);
      expect(await page.getByTestId('unverified').locator('tbody tr').count()).toBe(1);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await saveReadmeScreenshot(page, 'reviews-queue', SHOTS);

      // a reason too short: refused in the page, in both languages, nothing decided
      const first = held.first();
      await first.getByLabel('Alasan keputusan').fill('ok');
      await first.getByRole('button', { name: 'Tolak' }).click();
      await expect.poll(() => page.locator('#review-error').innerText()).toContain('Tulis alasan minimal 5 huruf');
      await page.getByRole('button', { name: 'English' }).click();
      expect(await page.locator('#review-error').innerText()).toContain('Write a reason of at least 5 characters');
      expect(await page.locator('main').innerText()).toContain('Same face as a registration under another NIK');
      expect(await seriousAxeViolations(page)).toEqual([]);
      expect((await s.store.listRegistrationReviews()).length).toBe(2);
      await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();

      // reject: nothing registered for that NIK
      const rejectedId = await first.getAttribute('data-review');
      await first.getByLabel('Alasan keputusan').fill('KTP dilihat, orang berbeda dari pemilik wajah');
      await first.getByRole('button', { name: 'Tolak' }).click();
      await page.getByText('Ditolak: tidak ada yang didaftarkan.').waitFor();
      await expect.poll(() => held.count()).toBe(1);
      const rejected = (await s.store.listRegistrationReviews(true)).find((r) => r.id === rejectedId)!;
      expect(rejected.resolution).toBe('rejected');
      const rejectedNik = rejected.nikHash;
      expect(await s.store.getRegistrationByNikHash(rejectedNik)).toBeNull();

      // approve: the held face becomes a verified registration of its NIK
      const second = held.first();
      const approvedId = await second.getAttribute('data-review');
      await second.getByLabel('Alasan keputusan').fill('Kembar identik, KTP keduanya dilihat');
      await second.getByRole('button', { name: 'Setujui' }).click();
      await page.getByText('Disetujui: warga kini terdaftar dan terverifikasi.').waitFor();
      await page.getByText('Tidak ada pendaftaran tertahan.').waitFor();
      const approved = (await s.store.listRegistrationReviews(true)).find((r) => r.id === approvedId)!;
      expect(approved.resolution).toBe('approved');
      expect((await s.store.getRegistrationByNikHash(approved.nikHash))?.verified).toBe(true);

      // verify the self-registration of NIK A (its KTP seen)
      const row = page.getByTestId('unverified').locator(`tr[data-rid="${ridA}"]`);
      await row.getByLabel('Alasan keputusan').fill('KTP asli dilihat di loket');
      await row.getByRole('button', { name: 'Verifikasi (KTP dilihat)' }).click();
      await page.getByText('Terverifikasi: semua kios mengikuti pada sinkron berikutnya.').waitFor();
      await page.getByText('Tidak ada pendaftaran yang menunggu verifikasi.').waitFor();
      expect((await s.store.getRegistrationByRid(ridA))?.verified).toBe(true);
      expect(await seriousAxeViolations(page)).toEqual([]);

      const audit = (await s.store.listAudit({ limit: 1000 })).filter((e) => e.action.startsWith('registration.'));
      expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['registration.review.list', 'registration.review.reject', 'registration.review.approve', 'registration.verify']));
      expect(audit.filter((e) => e.action !== 'registration.review.list').every((e) => e.actorRole === 'health')).toBe(true);
    } finally {
      await close();
    }
  }, 120_000);

  it('a role that may not see the queue has no menu entry and gets "access denied" (the server answers 403)', async () => {
    for (const username of ['admin', 'auditor']) {
      const { page, close } = await loggedIn(username);
      try {
        expect(await page.getByRole('link', { name: 'Tinjauan pendaftaran' }).count()).toBe(0);
        const answer = page.waitForResponse((r) => r.url().endsWith('/v1/console/registrations/reviews'));
        await page.goto(`${s.url}/console/reviews`);
        expect((await answer).status()).toBe(403);
        await page.getByText('Akses ditolak: peran Anda tidak boleh membuka halaman ini.').waitFor();
        expect(await page.locator('main').innerText()).not.toContain('3271 ••••');
        expect(await seriousAxeViolations(page)).toEqual([]);
      } finally {
        await close();
      }
    }
  }, 60_000);
});
