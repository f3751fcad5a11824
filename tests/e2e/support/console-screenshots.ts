// Screenshots of the venue pages, a venue manager's overview and the city admin's accounts for the README (`npx tsx tests/e2e/support/console-screenshots.ts`):
// a real city server with demo data, real Chromium, PNGs written small (palette) next to the console.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import sharp from 'sharp';
import { chromium } from 'playwright-core';
import { CHROMIUM } from './browser';
import { ensureConsoleBuilt } from './console-build';
import { seedConsole } from '../../helpers/console';
import { repoRoot } from '../../helpers/fixtures';
import { DeviceClient, enrolDevice } from '../../../sync/server/device-client';
import { startTestCityServer } from '../../../sync/server/testing';

const OUT = path.join(repoRoot, 'sync', 'server', 'console', 'screenshots');
const uuidV7 = (ms: number) => {
  const hex = ms.toString(16).padStart(12, '0');
  const r = randomUUID().replace(/-/g, '');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${r.slice(13, 16)}-${((parseInt(r[16]!, 16) & 0x3) | 0x8).toString(16)}${r.slice(17, 20)}-${r.slice(20, 32)}`;
};

await ensureConsoleBuilt();
const s = await startTestCityServer('sqlite', { config: { consoleScryptN: 1024 } });
const seed = await seedConsole(s);
const gate = await s.admin.createGate({ venueId: seed.managedVenueId, name: 'Pintu Lobi' });
const kiosk = await enrolDevice(s.url, (await s.admin.createEnrolmentCode(gate.id)).code, 'kios-lobi');
const device = new DeviceClient(s.url, kiosk);
const day = Date.parse(`${new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10)}T00:00:00+07:00`);
const visits = [];
for (let h = 7; h < 22; h++) {
  const n = Math.round(12 * Math.exp(-((h - 12.5) ** 2) / 10)) + 2;
  for (let i = 0; i < n; i++) {
    const t = day + h * 3600_000 + i * 60_000;
    if (t > Date.now()) break;
    const outcome = i % 11 === 3 ? 'DENY' : i % 9 === 5 ? 'REFER' : 'ADMIT';
    const at = new Date(t).toISOString();
    visits.push({ id: uuidV7(t), venueId: seed.managedVenueId, gateId: gate.id, occurredAt: at, deviceTime: at, clockOffsetMs: 0, clockSuspect: false, identity: 'NONE', nikHash: null, outcome, reason: outcome === 'ADMIT' ? 'CLEARED' : outcome === 'DENY' ? 'VENUE_FULL' : 'NO_IDENTITY', override: null, faceDistance: null, livenessScore: null, riskListVersion: null, checkedOutAt: null });
  }
}
for (let i = 0; i < visits.length; i += 400) await device.request('POST', '/v1/visits', { visits: visits.slice(i, i + 400) });
await device.request('POST', '/v1/heartbeat', { appVersion: '0.1.0', queueDepth: 0, deadLetterCount: 0, riskListVersion: null, riskListAgeSeconds: null, lastSyncAt: new Date().toISOString(), clockOffsetMs: 0, deviceTime: new Date().toISOString(), policyVersion: 0 });

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(`${s.url}/console/`);
await page.getByLabel('Nama pengguna').fill('manager');
await page.getByLabel('Kata sandi').fill(seed.password);
await page.getByRole('button', { name: 'Masuk' }).click();
await page.getByRole('heading', { name: 'Tempat & kios', level: 2 }).waitFor();
await page.goto(`${s.url}/console/venue/${seed.managedVenueId}`);
await page.getByRole('img', { name: /Grafik/ }).waitFor();
await page.getByLabel('Kapasitas yang diizinkan (% dari normal)').fill('50');
await page.getByRole('button', { name: 'Terbitkan versi baru' }).click();
await page.getByRole('status').filter({ hasText: 'Versi 1' }).waitFor();
const shot = async (name: string, opts: { fullPage?: boolean } = {}) => {
  const png = await page.screenshot({ fullPage: opts.fullPage ?? false });
  await sharp(png).resize({ width: 960 }).png({ palette: true, colors: 64, compressionLevel: 9 }).toFile(path.join(OUT, `${name}.png`));
};
await page.evaluate(() => scrollTo(0, 0));
await shot('venue-chart-policy');
await page.getByRole('button', { name: /Buat kode pendaftaran/ }).click();
await page.getByTestId('enrolment-code').scrollIntoViewIfNeeded();
await shot('venue-kiosks-enrolment');
// the venue manager's home (occupancy, kiosks), then the city admin's accounts page
await page.goto(`${s.url}/console/overview`);
await page.getByRole('heading', { name: 'Tempat & kios', level: 2 }).waitFor();
await page.locator('main .cards').waitFor();
await shot('overview-venue-manager');
await page.getByRole('button', { name: 'Keluar' }).click();
await page.getByLabel('Nama pengguna').fill('admin');
await page.getByLabel('Kata sandi').fill(seed.password);
await page.getByRole('button', { name: 'Masuk' }).click();
await page.getByRole('heading', { name: 'Akun baru', level: 3 }).waitFor();
await shot('accounts-city-admin', { fullPage: true });
await browser.close();
await s.destroy();
console.log(`screenshots in ${OUT}`);
