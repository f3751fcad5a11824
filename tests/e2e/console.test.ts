// The city console in real Chromium against a real city server: login (wrong password, lockout, TOTP),
// each role's home page with only its jurisdiction's venues, the city admin making an account, a venue,
// an agency and an API key,
// the login form again when the session ends, a 403 for a page outside the role, the
// English switch, the strict CSP (no violation logged), and axe: no serious or critical violation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, seriousAxeViolations } from './support/browser';
import { ensureConsoleBuilt } from './support/console-build';
import { consoleLogin, seedConsole } from '../helpers/console';
import { CLI_ACTOR } from '../../sync/server/console/audit';
import { totpCode } from '../../sync/server/console/totp';
import type { ConsoleSeed } from '../helpers/console';
import { startTestCityServer } from '../../sync/server/testing';
import type { TestCityServer } from '../../sync/server/testing';
import type { ConsoleRole } from '../../sync/protocol/console/roles';

describe('city console in Chromium', () => {
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

  async function open(path = '/console/'): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 40[13]/.test(m.text())) errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${s.url}${path}`);
    return { page, errors, close: () => context.close() };
  }
  async function login(page: Page, username: string, password: string): Promise<void> {
    await page.getByLabel('Nama pengguna').fill(username);
    await page.getByLabel('Kata sandi').fill(password);
    await page.getByRole('button', { name: 'Masuk' }).click();
  }

  it('serves the login page with a strict CSP and no accessibility problem', async () => {
    const r = await fetch(`${s.url}/console/`);
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const { page, errors, close } = await open();
    await page.getByRole('heading', { name: 'Masuk' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });

  it('says the password is wrong, then locks the account after 5 failures', async () => {
    const { page, close } = await open();
    await login(page, 'disperindag', 'bukan kata sandinya');
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('salah');
    for (let i = 0; i < 4; i++) {
      await page.getByRole('button', { name: 'Masuk' }).click();
      await page.waitForTimeout(50);
    }
    await page.getByLabel('Kata sandi').fill(seed.password);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('Terlalu banyak percobaan gagal');
    await close();
  });

  it('asks for the authenticator code of an account with TOTP, refuses a wrong one and opens with the right one', async () => {
    await s.accounts.createUser({ username: 'dinkes-totp', displayName: 'dinkes-totp', role: 'health', agencyId: 'dinkes', venueIds: [], password: seed.password }, CLI_ACTOR);
    const h = await consoleLogin(s.url, 'dinkes-totp', seed.password);
    const setup = await fetch(`${s.url}/v1/console/me/totp`, { method: 'POST', headers: { cookie: h.cookie, 'x-csrf-token': h.csrf, 'content-type': 'application/json' }, body: '{}' });
    const { secret } = (await setup.json()) as { secret: string };
    const { page, errors, close } = await open();
    await login(page, 'dinkes-totp', seed.password);
    const field = page.getByLabel('Kode autentikator (6 digit)');
    await field.waitFor();
    expect(await page.getByRole('alert').innerText()).toContain('Masukkan kode 6 digit');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await field.fill(totpCode(secret, Date.now() - 10 * 60_000));
    await page.getByRole('button', { name: 'Masuk' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('kata sandi atau kode salah');
    expect(await page.getByRole('heading', { name: 'Peringatan prioritas' }).count()).toBe(0);
    await field.fill(totpCode(secret, Date.now()));
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('heading', { name: 'Peringatan prioritas', level: 2 }).waitFor();
    expect(errors).toEqual([]);
    await close();
  });

  it("shows the city admin's venue register without accessibility problems", async () => {
    const { page, errors, close } = await open();
    await login(page, 'admin', seed.password);
    await page.getByRole('heading', { name: 'Akun', level: 2 }).waitFor();
    await page.getByRole('link', { name: 'Tempat', exact: true }).click();
    await page.getByRole('heading', { name: 'Tempat', level: 2 }).waitFor();
    await expect.poll(() => page.locator('main').innerText()).toContain('Pasar Kebon Kembang');
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });

  it('lets the city admin create an account (its password, shown once, logs in), change its role, disable it, and add and categorise a venue; all audited', async () => {
    const { page, errors, close } = await open();
    await login(page, 'admin', seed.password);
    await page.getByRole('heading', { name: 'Akun baru', level: 3 }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    const accounts = (await s.store.listConsoleUsers()).length;
    // a health account without its agency, then a name already taken: each refused with its reason, nothing made
    await page.getByLabel('Nama pengguna').fill('dinkes');
    await page.getByLabel('Nama tampilan').fill('Orang Lain');
    await page.getByLabel('Peran').selectOption('health');
    await page.getByRole('button', { name: 'Buat akun' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toBe('Peran ini harus terikat pada instansi');
    await page.getByLabel('Instansi').selectOption('dinkes');
    await page.getByRole('button', { name: 'Buat akun' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('Nama pengguna sudah dipakai');
    expect((await s.store.listConsoleUsers()).length).toBe(accounts);

    await page.getByLabel('Nama pengguna').fill('tika.dinkes');
    await page.getByLabel('Nama tampilan').fill('Tika Rahayu');
    await page.getByRole('button', { name: 'Buat akun' }).click();
    const password = await page.getByTestId('one-time-password').innerText();
    expect(password.length).toBeGreaterThanOrEqual(12);
    await consoleLogin(s.url, 'tika.dinkes', password);
    const row = page.locator('tr[data-username="tika.dinkes"]');
    expect(await row.innerText()).toContain('Kesehatan (Dinkes)');
    expect(await seriousAxeViolations(page)).toEqual([]);
    // her role and agency change; the city's last admin cannot lose its role (refused, nothing changed)
    const editor = (username: string) => page.locator('section', { has: page.getByRole('heading', { name: `Ubah akun: ${username}` }) });
    await row.getByRole('button', { name: 'Ubah tika.dinkes' }).click();
    await editor('tika.dinkes').getByLabel('Peran').selectOption('auditor');
    await editor('tika.dinkes').getByLabel('Instansi').selectOption('inspektorat');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await editor('tika.dinkes').getByRole('button', { name: 'Simpan' }).click();
    await expect.poll(() => row.innerText()).toContain('Auditor (hanya baca)');
    expect(await s.store.getConsoleUserByName('tika.dinkes')).toMatchObject({ role: 'auditor', agencyId: 'inspektorat' });
    await page.locator('tr[data-username="admin"]').getByRole('button', { name: 'Ubah admin' }).click();
    await editor('admin').getByLabel('Peran').selectOption('auditor');
    await editor('admin').getByLabel('Instansi').selectOption('inspektorat');
    await editor('admin').getByRole('button', { name: 'Simpan' }).click();
    await expect.poll(() => editor('admin').getByRole('alert').innerText()).toContain('Admin kota terakhir');
    expect((await s.store.getConsoleUserByName('admin'))?.role).toBe('city-admin');
    await editor('admin').getByRole('button', { name: 'Batal' }).click();
    await row.getByRole('button', { name: 'Nonaktifkan tika.dinkes' }).click();
    await expect.poll(() => row.innerText()).toContain('(nonaktif)');
    await expect(consoleLogin(s.url, 'tika.dinkes', password)).rejects.toThrow(/401/);

    await page.getByRole('link', { name: 'Tempat', exact: true }).click();
    await page.getByRole('heading', { name: 'Tempat baru', level: 3 }).waitFor();
    await page.getByLabel('Nama', { exact: true }).fill('Warung Kopi Sukasari');
    await page.getByLabel('Alamat', { exact: true }).fill('Jl. Sukasari III');
    await page.getByLabel('Kapasitas', { exact: true }).fill('40');
    await page.getByLabel('Kategori', { exact: true }).selectOption('restaurant');
    await page.getByRole('button', { name: 'Tambah tempat' }).click();
    await expect.poll(() => page.getByRole('status').innerText()).toContain('Tempat ditambahkan: Warung Kopi Sukasari');
    const warung = (await s.store.listVenues()).find((v) => v.name === 'Warung Kopi Sukasari')!;
    expect(warung).toMatchObject({ category: 'restaurant', capacity: 40 });
    await page.getByLabel('Kategori Warung Kopi Sukasari').selectOption('entertainment');
    await page.getByRole('button', { name: 'Simpan Warung Kopi Sukasari' }).click();
    await expect.poll(async () => (await s.store.getVenue(warung.id))?.category).toBe('entertainment');
    expect(await page.getByLabel('Kategori Warung Kopi Sukasari').inputValue()).toBe('entertainment');
    expect(await seriousAxeViolations(page)).toEqual([]);
    const audited = (await s.store.listAudit({ limit: 10_000 })).filter((e) => e.actorName === 'admin' && /^(user|venue)\./.test(e.action)).map((e) => [e.action, e.target]);
    expect(audited).toEqual([
      ['user.create', expect.stringMatching(/^user:/)], ['user.update', expect.stringMatching(/^user:/)], ['user.update', expect.stringMatching(/^user:/)],
      ['venue.create', `venue:${warung.id}`], ['venue.update', `venue:${warung.id}`],
    ]);
    // the two refusals above are the browser's only 4xx lines
    expect(errors.filter((e) => !/status of (400|409)/.test(e))).toEqual([]);
    await close();
  });

  it('lets the city admin add an agency and change what it covers, and make an API key (token shown once) that works until revoked; all audited', async () => {
    const { page, errors, close } = await open();
    await login(page, 'admin', seed.password);
    await page.getByRole('link', { name: 'Instansi', exact: true }).click();
    await page.getByRole('heading', { name: 'Instansi baru', level: 3 }).waitFor();
    await page.getByLabel('ID instansi').fill('satpol-pp');
    await page.getByLabel('Nama instansi').fill('Satuan Polisi Pamong Praja');
    await page.getByRole('button', { name: 'Tambah instansi' }).click();
    await expect.poll(() => page.getByRole('status').innerText()).toContain('Instansi ditambahkan: Satuan Polisi Pamong Praja');
    const row = page.locator('tr[data-agency-id="satpol-pp"]');
    await row.getByLabel('Hiburan').check();
    await row.getByRole('button', { name: 'Simpan Satuan Polisi Pamong Praja' }).click();
    await expect.poll(async () => (await s.store.getAgency('satpol-pp'))?.categories).toEqual(['entertainment']);
    expect(await row.getByLabel('Hiburan').isChecked()).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Kunci API' }).click();
    await page.getByRole('heading', { name: 'Kunci API baru', level: 3 }).waitFor();
    await page.getByLabel('Nama kunci').fill('laporan-harian');
    await page.getByLabel('Peran').selectOption('auditor');
    await page.getByLabel('Instansi').selectOption('inspektorat');
    await page.getByRole('button', { name: 'Buat kunci' }).click();
    const token = await page.getByTestId('one-time-token').innerText();
    const asScript = () => fetch(`${s.url}/v1/console/overview`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await asScript()).toBe(200);
    expect(await seriousAxeViolations(page)).toEqual([]);
    page.once('dialog', (d) => void d.accept());
    await page.locator('tr[data-key-name="laporan-harian"]').getByRole('button', { name: 'Cabut laporan-harian' }).click();
    await expect.poll(() => page.locator('tr[data-key-name="laporan-harian"]').innerText()).toContain('dicabut');
    expect(await asScript()).toBe(401);
    expect(await page.content()).not.toContain(token.split('_').at(-1));
    const audited = (await s.store.listAudit({ limit: 10_000 })).filter((e) => e.actorName === 'admin' && /^(agency|api_key)\./.test(e.action)).map((e) => e.action);
    expect(audited).toEqual(['agency.create', 'agency.update', 'api_key.create', 'api_key.revoke']);
    expect(errors).toEqual([]);
    await close();
  });

  it('goes back to the login form, saying why, when the session ends while a page is open; logging in again returns to the page', async () => {
    const { page, errors, close } = await open();
    await login(page, 'auditor', seed.password);
    await page.getByRole('heading', { name: 'Log audit', level: 2 }).waitFor();
    // the session ends on the server (idle past its limit, or a city admin changed the account)
    await s.store.deleteUserSessions(seed.userIds.auditor);
    await page.getByRole('link', { name: 'Akun' }).click();
    await page.getByRole('status').filter({ hasText: 'Sesi berakhir; silakan masuk lagi' }).waitFor();
    expect(await page.getByRole('navigation').count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await login(page, 'auditor', seed.password);
    await page.getByRole('heading', { name: 'Akun', level: 2 }).waitFor();
    expect(await page.getByText('Sesi berakhir').count()).toBe(0);
    expect(errors).toEqual([]);
    await close();
  });

  const homes: Array<{ role: ConsoleRole; heading: string; shows: string[]; hides: string[] }> = [
    { role: 'city-admin', heading: 'Akun', shows: ['dinkes', 'manager'], hides: [] },
    // Dinkes opens on its live alert feed (console-dinkes.test.ts covers it and Dinkes' city-wide venues page)
    { role: 'health', heading: 'Peringatan prioritas', shows: ['Belum ada peringatan'], hides: [] },
    { role: 'sector', heading: 'Tempat & kios', shows: ['Pasar Bogor', 'Pasar Kebon Kembang'], hides: ['Botani Square', 'Hotel Salak'] },
    { role: 'venue-manager', heading: 'Tempat & kios', shows: ['Hotel Salak', 'Tidak ada kios yang berfungsi'], hides: ['Pasar Bogor', 'Botani Square'] },
    { role: 'auditor', heading: 'Log audit', shows: ['Rantai hash utuh', 'login.ok'], hides: [] },
  ];
  it.each(homes)("opens $role's home page with only its data, without accessibility problems", async ({ role, heading, shows, hides }) => {
    const { page, errors, close } = await open();
    await login(page, seed.usernames[role], seed.password);
    await page.getByRole('heading', { name: heading, level: 2 }).waitFor();
    await page.locator('main table, main .cards, main p').first().waitFor();
    await expect.poll(() => page.locator('main').innerText()).toContain(shows[0]!);
    const text = await page.locator('main').innerText();
    for (const x of shows) expect(text, role).toContain(x);
    for (const x of hides) expect(text, role).not.toContain(x);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await close();
  });

  it('shows access denied for a page outside the role (the server answers 403), and switches to English', async () => {
    const { page, close } = await open();
    await login(page, 'ppj', seed.password);
    await page.getByRole('heading', { name: 'Tempat & kios', level: 2 }).waitFor();
    await expect(page.getByRole('link', { name: 'Akun' }).count()).resolves.toBe(0);
    await page.goto(`${s.url}/console/users`);
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('Akses ditolak');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('Access denied');
    await page.getByRole('link', { name: 'Venues & kiosks' }).click();
    await page.getByRole('heading', { name: 'Venues & kiosks', level: 2 }).waitFor();
    await close();
  });
});
