// Mass provisioning CLI against the real city server: a CSV of tablets, one with a wrong code. The good
// ones end up enrolled in their own data folder; the bad one is reported with its reason; exit code 1.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileKeyStore, openKioskStore } from '../../electron/store/index';
import { parseArgs, parseCodesCsv } from '../../electron/app/provision-cli';
import { startTestCityServer, type TestCityServer } from '../../sync/server/testing';

let city: TestCityServer;
let dir: string;

beforeAll(async () => {
  city = await startTestCityServer('sqlite');
  dir = mkdtempSync(path.join(os.tmpdir(), 'jejak-provision-'));
});
afterAll(async () => {
  await city.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('provision-cli', () => {
  it('reads codes.csv and refuses a malformed one with the line number', () => {
    expect(parseCodesCsv('name,code\ngate-a,ABCD-EFGH-JKMN\n\n# comment\ngate-b , WXYZ-WXYZ-WXYZ\n')).toEqual([
      { name: 'gate-a', code: 'ABCD-EFGH-JKMN', line: 2 },
      { name: 'gate-b', code: 'WXYZ-WXYZ-WXYZ', line: 5 },
    ]);
    expect(parseCodesCsv('gate-a,ABCD,extra')).toBe('line 1: expected "name,code"');
    expect(parseCodesCsv('../evil,ABCD')).toMatch(/^line 1: name must be/);
    expect(parseArgs(['--code', 'X'])).toMatch(/--server is required/);
    expect(parseArgs(['--server', 'http://x', '--batch', 'f.csv'])).toMatch(/usage/);
  });

  it('enrols a batch of tablets, each into its own data folder, and reports the one that failed', async () => {
    const [a, b] = [await city.newEnrolmentCode(), await city.newEnrolmentCode()];
    {
      const csv = path.join(dir, 'codes.csv');
      writeFileSync(csv, `name,code\ngate-1,${a}\ngate-2,WRNG-CODE-0000\ngate-3,${b}\n`);
      // async spawn: the city server runs in this process and must keep answering
      const out = await new Promise<{ status: number | null; stdout: string }>((resolve) => {
        const p = spawn(process.execPath, ['--import', 'tsx', 'electron/app/provision-cli.ts', '--server', city.url, '--batch', csv, '--out-dir', path.join(dir, 'out'), '--json'], {
          cwd: path.resolve(__dirname, '../..'),
        });
        let stdout = '';
        p.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
        p.on('close', (status) => resolve({ status, stdout }));
      });
      expect(out.status).toBe(1);
      expect(out.stdout).toMatch(/\[2\/3\] gate-2: GAGAL\/FAILED BAD_CODE — Kode pendaftaran salah/);
      const summary = JSON.parse(out.stdout.trim().split('\n').pop()!) as { ok: number; failed: number; devices: { name: string; ok: boolean; deviceId?: string; error?: string }[] };
      expect(summary).toMatchObject({ ok: 2, failed: 1 });
      for (const name of ['gate-1', 'gate-3']) {
        const d = path.join(dir, 'out', name);
        const store = openKioskStore({ path: path.join(d, 'kiosk.db'), keyStore: new FileKeyStore(path.join(d, 'data.key')), clock: { now: () => new Date() } });
        const cfg = store.getDeviceConfig();
        store.close();
        expect(cfg?.deviceId).toBe(summary.devices.find((x) => x.name === name)?.deviceId);
        expect(cfg?.gateId).toBe(city.gateId);
      }
    }
  });
});
