// Mass provisioning CLI against the real city server: a CSV of tablets, one with a wrong code. The good
// ones end up as complete data folders the kiosk app opens with the PIN set; the bad one is reported
// with its reason and leaves nothing behind; exit code 1.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeKiosk } from '../../electron/app/compose';
import { parseArgs, parseCodesCsv, provisionOne, readPins } from '../../electron/app/provision-cli';
import { FileKeyStore, openKioskStore } from '../../electron/store/index';
import { startTestCityServer, type TestCityServer } from '../../sync/server/testing';

let city: TestCityServer;
let dir: string;
const ADMIN_PIN = '482915';
const STAFF_PIN = '1357';

beforeAll(async () => {
  city = await startTestCityServer('sqlite');
  dir = mkdtempSync(path.join(os.tmpdir(), 'jejak-provision-'));
});
afterAll(async () => {
  await city.destroy();
  rmSync(dir, { recursive: true, force: true });
});

// async spawn: the city server runs in this process and must keep answering
function runCli(args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const { JEJAK_ADMIN_PIN: _a, JEJAK_STAFF_PIN: _s, ...rest } = process.env;
    const p = spawn(process.execPath, ['--import', 'tsx', 'electron/app/provision-cli.ts', ...args], { cwd: path.resolve(__dirname, '../..'), env: { ...rest, ...env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Opens a provisioned folder the way the app does (JEJAK_DATA_DIR + JEJAK_KEY_FILE) and tries PINs at the staff panel. */
async function openAsApp(dataDir: string) {
  const kiosk = await composeKiosk({ dataDir, keyStore: new FileKeyStore(path.join(dataDir, 'data.key')), appVersion: '0.0.0-test', engine: 'none' });
  return {
    kiosk,
    state: async () => {
      const s = await kiosk.service.api.getState({});
      if (!s.ok) throw new Error(s.error.code);
      return s.value;
    },
    unlock: async (pin: string) => {
      const r = await kiosk.service.api.staffUnlock({ pin });
      return r.ok ? 'unlocked' : r.error.code;
    },
  };
}

const entriesOf = (d: string) => (existsSync(d) ? readdirSync(d).sort() : null);

describe('provision-cli', () => {
  it('reads codes.csv and refuses a malformed one with the line number; checks the PINs before anything else', () => {
    expect(parseCodesCsv('name,code\ngate-a,ABCD-EFGH-JKMN\n\n# comment\ngate-b , WXYZ-WXYZ-WXYZ\n')).toEqual([
      { name: 'gate-a', code: 'ABCD-EFGH-JKMN', line: 2 },
      { name: 'gate-b', code: 'WXYZ-WXYZ-WXYZ', line: 5 },
    ]);
    expect(parseCodesCsv('gate-a,ABCD,extra')).toBe('line 1: expected "name,code"');
    expect(parseCodesCsv('../evil,ABCD')).toMatch(/^line 1: name must be/);
    expect(parseArgs(['--code', 'X'])).toMatch(/--server is required/);
    expect(parseArgs(['--server', 'http://x', '--batch', 'f.csv'])).toMatch(/usage/);
    expect(parseArgs(['--server', 'http://x', '--batch', 'f.csv', '--out-dir', 'o', '--name', 'n'])).toMatch(/--name is for one tablet/);
    expect(readPins({})).toMatch(/^JEJAK_ADMIN_PIN wajib diisi .* \/ JEJAK_ADMIN_PIN is required/);
    expect(readPins({ JEJAK_ADMIN_PIN: '12ab' })).toMatch(/4–8 angka/);
    expect(readPins({ JEJAK_ADMIN_PIN: ADMIN_PIN, JEJAK_STAFF_PIN: '123' })).toMatch(/JEJAK_STAFF_PIN must be 4–8 digits/);
    expect(readPins({ JEJAK_ADMIN_PIN: ADMIN_PIN, JEJAK_STAFF_PIN: STAFF_PIN })).toEqual({ adminPin: ADMIN_PIN, staffPin: STAFF_PIN });
  });

  it('enrols a batch into complete folders the app opens with the PINs set; the wrong code leaves no folder', async () => {
    const [a, b] = [await city.newEnrolmentCode(), await city.newEnrolmentCode()];
    const csv = path.join(dir, 'codes.csv');
    const out = path.join(dir, 'out');
    writeFileSync(csv, `name,code\ngate-1,${a}\ngate-2,WRNG-CODE-0000\ngate-3,${b}\n`);
    const run = await runCli(['--server', city.url, '--batch', csv, '--out-dir', out, '--json'], { JEJAK_ADMIN_PIN: ADMIN_PIN, JEJAK_STAFF_PIN: STAFF_PIN });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/\[1\/3\] gate-1: OK device .* admin PIN \+ staff PIN set/);
    expect(run.stdout).toMatch(/\[2\/3\] gate-2: GAGAL\/FAILED BAD_CODE — Kode pendaftaran salah.*\(nothing written\)/);
    expect(run.stdout).toMatch(/JEJAK_DATA_DIR=<folder> JEJAK_KEY_FILE=<folder>\/data\.key/);
    const summary = JSON.parse(run.stdout.trim().split('\n').pop()!) as { ok: number; failed: number; devices: { name: string; ok: boolean; deviceId?: string; error?: string }[] };
    expect(summary).toMatchObject({ ok: 2, failed: 1 });
    // no half-made gate-2, no temporary folders
    expect(entriesOf(out)).toEqual(['gate-1', 'gate-3']);
    for (const name of ['gate-1', 'gate-3']) {
      const d = path.join(out, name);
      expect(statSync(d).mode & 0o777).toBe(0o700);
      expect(statSync(path.join(d, 'data.key')).mode & 0o777).toBe(0o600);
      expect(statSync(path.join(d, 'kiosk-settings.json')).mode & 0o777).toBe(0o600);
      const app = await openAsApp(d);
      try {
        const state = await app.state();
        expect(state.provisioned).toBe(true);
        expect(app.kiosk.store.getDeviceConfig()?.deviceId).toBe(summary.devices.find((x) => x.name === name)?.deviceId);
        expect(app.kiosk.store.getDeviceConfig()?.gateId).toBe(city.gateId);
        expect(await app.unlock('000000')).toBe('PIN_WRONG');
        expect(await app.unlock(ADMIN_PIN)).toBe('unlocked');
        expect(await app.unlock(STAFF_PIN)).toBe('unlocked');
        expect(app.kiosk.store.listAudit({ limit: 10 }).map((e) => e.action)).toContain('device.provision');
      } finally {
        await app.kiosk.close();
      }
    }
  });

  it('refuses to start without an admin PIN, before spending the code', async () => {
    const code = await city.newEnrolmentCode();
    const data = path.join(dir, 'no-pin');
    const run = await runCli(['--server', city.url, '--code', code, '--data', data], {});
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/JEJAK_ADMIN_PIN wajib diisi/);
    expect(existsSync(data)).toBe(false);
    // the code is still good
    const r = await provisionOne(city.url, code, data, { adminPin: ADMIN_PIN });
    expect(r).toMatchObject({ ok: true, name: 'no-pin' });
  });

  it('a wrong code leaves nothing: no new folder (nor its parents), and an existing folder gets back only what it had', async () => {
    const deep = path.join(dir, 'fresh', 'nested', 'tablet-9');
    const r = await provisionOne(city.url, 'WRNG-CODE-0000', deep, { adminPin: ADMIN_PIN });
    expect(r).toMatchObject({ ok: false, error: 'BAD_CODE' });
    expect(existsSync(path.join(dir, 'fresh'))).toBe(false);

    const existing = path.join(dir, 'prepared-by-mdm');
    mkdirSync(existing);
    writeFileSync(path.join(existing, 'README.txt'), 'left by the MDM');
    expect(await provisionOne(city.url, 'WRNG-CODE-0000', existing, { adminPin: ADMIN_PIN })).toMatchObject({ ok: false, error: 'BAD_CODE' });
    expect(entriesOf(existing)).toEqual(['README.txt']);
  });

  it('an enrolled folder is refused without --force and left as it was; --force re-enrols it with the new PIN', async () => {
    const data = path.join(dir, 'gate-force');
    expect(await provisionOne(city.url, await city.newEnrolmentCode(), data, { adminPin: ADMIN_PIN, name: 'Pintu Utara 1' })).toMatchObject({ ok: true, name: 'Pintu Utara 1' });
    const deviceId = () => {
      const s = openKioskStore({ path: path.join(data, 'kiosk.db'), keyStore: new FileKeyStore(path.join(data, 'data.key')), clock: { now: () => new Date() } });
      try {
        return s.getDeviceConfig()?.deviceId;
      } finally {
        s.close();
      }
    };
    const first = deviceId();
    const before = entriesOf(data);
    expect(await provisionOne(city.url, await city.newEnrolmentCode(), data, { adminPin: '999999' })).toMatchObject({ ok: false, error: 'ALREADY_ENROLLED' });
    expect(entriesOf(data)).toEqual(before);
    expect(deviceId()).toBe(first);

    expect(await provisionOne(city.url, await city.newEnrolmentCode(), data, { adminPin: '999999', force: true })).toMatchObject({ ok: true });
    expect(deviceId()).not.toBe(first);
    const app = await openAsApp(data);
    try {
      expect(await app.unlock(ADMIN_PIN)).toBe('PIN_WRONG');
      expect(await app.unlock('999999')).toBe('unlocked');
    } finally {
      await app.kiosk.close();
    }
  });
});
