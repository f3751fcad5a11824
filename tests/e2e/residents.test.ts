// Residents' pages end to end in real Chromium with a fake camera, against a real city server with the
// real face engine. One server and one browser for the file: Chromium opens its fake-camera file each
// time a page starts the camera, so each step puts its clip (made here from the fixture video and
// photos, in a temp dir) at the same path. /daftar/: a bad NIK is refused in the page in both languages;
// a camera selfie gives the pass (QR, PNG and PDF, "not verified yet"); a dark selfie and two faces get
// the face engine's guidance in both languages with nothing stored; the same face under a second NIK is
// held for review with the very answer a stranger's face under a registered NIK gets (no enumeration),
// and both are in the review queue. /saya/: a still photo of the registered person fails the liveness
// check in both languages with no session; NIK + live face shows the data and erasing deletes it.
// axe: no serious or critical violations in each state. README screenshots (no face in them).
import { copyFileSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, requireFixtures } from '../helpers/fixtures';
import { ensureResidentsBuilt } from '../helpers/residents-build';
import { consoleErrorsOf, foreignRequestsOf, launchCameraBrowser, openCameraPage, screenshot, seriousAxeViolations } from './support/browser';
import { defaultClipSize, photoFrames, videoFrames, videoStillJpeg, writeY4m, type RgbFrame } from './support/clip';
import { saveReadmeScreenshot } from './support/readme-shots';
import { startCity, type City } from './support/stack';

const fixtures = requireFixtures('the residents e2e suite');
const d = fixtures ? describe : describe.skip;
const NIK = '3271014501900001';
const NIK_SECOND = '3271010202850003';
const NIK_DARK = '3271010303800004';
const NIK_TWO = '3271010404820005';
const PHONE = { width: 412, height: 860 };
const SHOTS = path.join(repoRoot, 'sync', 'server', 'residents', 'screenshots');

type ClipName = 'blink' | 'dark' | 'two' | 'stranger' | 'still';

d('residents: /daftar/ and /saya/ (Chromium + fake camera + city server)', () => {
  let city: City;
  let tmp: string;
  let camera: string;
  const clips = {} as Record<ClipName, string>;
  let browser: Browser;
  let context: BrowserContext | null = null;
  let rid = '';

  /** what the server holds: live registrations and open reviews (a refused attempt must change neither) */
  const stored = async () => ({
    registrations: (await city.server.store.listAllRegistrations(0, 1000)).filter((r) => !r.revoked).map((r) => `${r.rid}@${r.updatedAt}`),
    reviews: (await city.server.store.listRegistrationReviews()).map((r) => r.id),
  });
  /** the camera plays `name` from the next time a page starts it */
  const useClip = (name: ClipName) => {
    copyFileSync(clips[name], `${camera}.tmp`);
    renameSync(`${camera}.tmp`, camera);
  };
  const open = async (pathname: '/daftar/' | '/saya/', clip: ClipName): Promise<Page> => {
    useClip(clip);
    await context?.close();
    const p = await openCameraPage(browser, `${city.server.url}${pathname}`, PHONE);
    context = p.context;
    return p.page;
  };
  /** fills /daftar/, takes the selfie from the camera and sends it; returns the HTTP status of the answer */
  const registerFromCamera = async (page: Page, nik: string): Promise<number> => {
    await page.getByLabel('NIK (16 digit, sesuai KTP)').fill(nik);
    await page.getByLabel('Nama lengkap').fill('Dewi Lestari');
    await page.locator('#nik').blur();
    await page.getByRole('checkbox', { name: 'Saya sudah membaca dan menyetujui' }).check();
    await page.getByRole('button', { name: 'Gunakan kamera' }).click();
    await page.locator('#video').waitFor({ state: 'visible' });
    await page.waitForTimeout(1500);
    await page.getByRole('button', { name: 'Ambil foto' }).click();
    await page.locator('#preview').waitFor({ state: 'visible' });
    const answer = page.waitForResponse((r) => r.url().endsWith('/v1/residents/registrations'), { timeout: 90_000 });
    await page.getByRole('button', { name: 'Daftar', exact: true }).click();
    return (await answer).status();
  };
  /** the error a resident sees, in Bahasa Indonesia and after the switch in English (switched back after) */
  const errorInBoth = async (page: Page): Promise<{ code: string | null; id: string; en: string }> => {
    const el = page.locator('#error');
    await el.waitFor({ state: 'visible', timeout: 90_000 });
    const id = await el.innerText();
    await page.getByRole('button', { name: 'English' }).click();
    const en = await el.innerText();
    await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
    return { code: await el.getAttribute('data-code'), id, en };
  };

  beforeAll(async () => {
    await ensureResidentsBuilt();
    city = await startCity();
    tmp = mkdtempSync(path.join(os.tmpdir(), 'jejak-e2e-residents-'));
    camera = path.join(tmp, 'camera.y4m');
    const video = path.join(fixtures!, 'video', 'liveportrait_d13_talking_blinks.mp4');
    const blink = await videoFrames(video, 0, 6);
    clips.blink = await writeY4m(path.join(tmp, 'blink.y4m'), blink);
    // a dim room: the same person at a quarter of the light (the face still found, its luma under the gate's 40)
    clips.dark = await writeY4m(path.join(tmp, 'dark.y4m'), blink.slice(0, 45).map((f) => Buffer.from(f.map((x) => Math.round(x * 0.25)))));
    // two people side by side (the clip's person twice, each half the width)
    const { width, height } = defaultClipSize;
    const two: RgbFrame[] = [];
    for (const f of blink.slice(0, 30)) {
      const half = await sharp(f, { raw: { width, height, channels: 3 } }).resize({ width: width / 2, height: height / 2 }).png().toBuffer();
      two.push(await sharp({ create: { width, height, channels: 3, background: { r: 96, g: 104, b: 112 } } })
        .composite([{ input: half, left: 0, top: height / 4 }, { input: half, left: width / 2, top: height / 4 }]).removeAlpha().raw().toBuffer());
    }
    clips.two = await writeY4m(path.join(tmp, 'two.y4m'), two);
    // another person (a fixture photo): a stranger trying to take over the registered NIK
    clips.stranger = await writeY4m(path.join(tmp, 'stranger.y4m'), await photoFrames(path.join(fixtures!, 'faces', 'Adrien_Brody', 'Adrien_Brody_0001.jpg'), 30));
    // a photo of the registered person held to the camera at /saya/
    const stillFile = path.join(tmp, 'still.jpg');
    await sharp(await videoStillJpeg(video, 0.4)).toFile(stillFile);
    clips.still = await writeY4m(path.join(tmp, 'still.y4m'), await photoFrames(stillFile, 30, defaultClipSize, 440));
    useClip('blink');
    browser = await launchCameraBrowser(camera);
  }, 240_000);
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail' && context) {
      const page = context.pages()[0];
      if (page) await screenshot(page, `residents-failed-${task.name.slice(0, 24).replace(/\W+/g, '-')}`).catch(() => undefined);
    }
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await city?.destroy();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('registers from the camera and shows the pass; a bad NIK is refused in both languages', async () => {
    const page = await open('/daftar/', 'blink');
    await page.getByRole('heading', { name: 'Daftar Jejak' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveReadmeScreenshot(page, 'daftar-form', SHOTS);
    const before = await stored();
    await page.getByLabel('NIK (16 digit, sesuai KTP)').fill('3271019999990001');
    await page.getByLabel('Nama lengkap').fill('Dewi Lestari');
    await page.getByRole('button', { name: 'Daftar', exact: true }).click();
    await expect.poll(() => page.locator('#nik-error').innerText()).toBe('Tanggal lahir pada NIK tidak mungkin');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('#nik-error').innerText()).toBe('The birth date in the NIK is impossible');
    await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(await stored()).toEqual(before);

    expect(await registerFromCamera(page, NIK)).toBe(201);
    await page.getByRole('heading', { name: 'Pass Anda' }).waitFor({ timeout: 30_000 }).catch(async (e: unknown) => {
      throw new Error(`no pass: ${await page.locator('#error').innerText().catch(() => '')} ${consoleErrorsOf(page).join(' | ')} ${String(e)}`);
    });
    expect(await page.locator('#pass-status').innerText()).toContain('Belum diverifikasi');
    expect(await page.locator('#dl-png').getAttribute('download')).toMatch(/^jejak-pass-r_[0-9a-f]{16}\.png$/);
    expect(await page.locator('#dl-pdf').getAttribute('download')).toMatch(/\.pdf$/);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveReadmeScreenshot(page, 'daftar-pass', SHOTS);
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.locator('#pass-status').innerText()).toContain('Not verified yet');
    expect(foreignRequestsOf(page)).toEqual([]);
    // React under the strict CSP: nothing refused (no inline script or style)
    expect(consoleErrorsOf(page).filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    rid = (await page.locator('#pass').getAttribute('data-rid'))!;
    expect((await city.server.store.getRegistrationByRid(rid))?.verified).toBe(false);
  }, 240_000);

  it('a dark selfie and two faces get the face engine’s guidance in both languages, and nothing is stored', async () => {
    for (const [clip, nik, want] of [
      ['dark', NIK_DARK, { code: 'selfie_too_dark', id: 'Terlalu gelap. Cari tempat yang lebih terang.', en: 'Too dark. Move to a brighter spot.' }],
      ['two', NIK_TWO, { code: 'selfie_multiple_faces', id: 'Satu orang saja di depan kamera.', en: 'One person at a time.' }],
    ] as const) {
      const before = await stored();
      const page = await open('/daftar/', clip);
      expect(await registerFromCamera(page, nik)).toBe(422);
      expect(await errorInBoth(page)).toEqual(want);
      expect(await page.locator('#pass').count()).toBe(0);
      expect(await seriousAxeViolations(page)).toEqual([]);
      expect(await stored()).toEqual(before);
    }
  }, 240_000);

  it('the same face under a second NIK is held for review with the same answer as a stranger under a registered NIK', async () => {
    const before = await stored();
    const answers: string[] = [];
    for (const [clip, nik] of [['blink', NIK_SECOND], ['stranger', NIK]] as const) {
      const page = await open('/daftar/', clip);
      expect(await registerFromCamera(page, nik)).toBe(202);
      await page.locator('#review').waitFor({ timeout: 30_000 });
      expect(await page.locator('#pass').count()).toBe(0);
      expect(await seriousAxeViolations(page)).toEqual([]);
      answers.push(await page.locator('main').innerText());
      if (clip === 'blink') await saveReadmeScreenshot(page, 'daftar-review', SHOTS);
    }
    expect(answers[0]).toContain('Pendaftaran Anda perlu diperiksa petugas');
    // no enumeration: whether the NIK was registered or the face was, the resident reads the same words
    expect(answers[1]).toBe(answers[0]);
    const held = await city.server.store.listRegistrationReviews();
    expect(held.map((r) => [r.reason, r.matchedRid])).toEqual([['duplicate_face', rid], ['reregistration_mismatch', rid]]);
    // nothing registered for the second NIK, and the registered NIK keeps its face
    expect((await stored()).registrations).toEqual(before.registrations);
  }, 240_000);

  it('/saya/: a photo held to the camera fails the liveness check in both languages, with no session', async () => {
    const page = await open('/saya/', 'still');
    await page.getByLabel('NIK', { exact: true }).fill(NIK);
    const answer = page.waitForResponse((r) => r.url().endsWith('/v1/residents/session'), { timeout: 150_000 });
    await page.getByRole('button', { name: 'Periksa wajah' }).click();
    expect((await answer).status()).toBe(422);
    expect(await errorInBoth(page)).toEqual({
      code: 'liveness_failed', id: 'Wajah tidak dapat dipastikan hadir langsung. Gunakan kamera, bukan foto.', en: 'Could not confirm a live face. Use the camera, not a photo.',
    });
    expect(await page.locator('#mine').count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    const audit = await city.server.store.listAudit({ limit: 1000 });
    expect(audit.at(-1)?.action).toBe('resident.prove.fail');
  }, 240_000);

  it('/saya/: NIK + live face shows the data, and erasing it deletes the registration', async () => {
    const page = await open('/saya/', 'blink');
    await page.getByLabel('NIK', { exact: true }).fill(NIK);
    await page.getByRole('button', { name: 'Periksa wajah' }).click();
    await page.locator('#mine').waitFor({ state: 'visible', timeout: 150_000 }).catch(async (e: unknown) => {
      throw new Error(`no data: ${await page.locator('#error').innerText().catch(() => '')} ${consoleErrorsOf(page).join(' | ')} ${String(e)}`);
    });
    expect(await page.locator('#d-name').inputValue()).toBe('Dewi Lestari');
    expect(await page.locator('#d-status').innerText()).toBe('belum diverifikasi');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveReadmeScreenshot(page, 'saya-data', SHOTS);
    await page.getByRole('checkbox', { name: 'Ya, hapus data saya' }).check();
    await page.getByRole('button', { name: 'Hapus', exact: true }).click();
    await page.getByText('Data Anda telah dihapus.').waitFor({ timeout: 30_000 });
    const live = (await city.server.store.listAllRegistrations(0, 100)).filter((r) => !r.revoked);
    expect(live).toEqual([]);
  }, 300_000);
});
