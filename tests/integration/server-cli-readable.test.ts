// What an operator reads at the admin CLI (issue 15 items 3 and 8): times in WIB, a trace summary a
// person can read, line counts that match the file, and a typo'd NIK refused before the face engine loads.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { adminCli } from '../helpers/admin-cli';
import { afterAll, describe, expect, it } from 'vitest';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jejak-cli-wib-'));

const cli = adminCli(dataDir);

const WIB = /\b\d{1,2} (Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Sep|Okt|Nov|Des) \d{4} \d{2}\.\d{2} WIB\b/;
const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('admin CLI output a person reads', () => {
  it('enrolment code expiry is in WIB, not raw UTC', async () => {
    expect((await cli('create-venue', '--name', 'Pasar Bogor', '--address', 'Jl. Suryakencana', '--capacity', '400')).code).toBe(0);
    expect((await cli('create-gate', '--venue', 'pasar-bogor', '--name', 'Pintu Utama')).code).toBe(0);
    const r = await cli('enrolment-code', '--gate', 'pasar-bogor-pintu-utama');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`expires ${WIB.source}`));
    expect(r.stdout).not.toMatch(ISO);
  });

  it('import-risk counts the lines the file has (7, not 8 for the newline at the end)', async () => {
    const csv = path.join(dataDir, 'dinkes.csv');
    const rows = ['3271014501900001,SUSPECT,2026-12-31', '3271010101850002,CONFIRMED,2026-12-20', '3271015203880003,CLOSE_CONTACT,2026-12-15',
      '3271014404920004,SUSPECT,2026-12-31', '3271010607790005,CONFIRMED,2026-12-31', '3271011108830006,SUSPECT,2026-12-31'];
    writeFileSync(csv, `nik,status,valid_until\n${rows.join('\n')}\n`);
    const r = await cli('import-risk', '--file', csv);
    expect(r.stdout).toContain('6 entries');
    expect(r.stderr).toContain('checked 7/7 lines');
  });

  it('republish-risk publishes the same list as the next version (the README\'s upgrade step)', async () => {
    const r = await cli('republish-risk');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('risk list version 2 published again: 6 entries (same as version 1)');
  });

  it('register-person refuses a bad NIK before loading the face engine', async () => {
    const selfie = path.join(dataDir, 'not-read.jpg');
    writeFileSync(selfie, 'x');
    const r = await cli('register-person', '--nik', '3271011508850', '--name', 'Budi', '--selfie', selfie);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/NIK/);
    expect(r.stderr).not.toContain('loading the face engine');
  });

  it('trace prints a readable summary by default, JSON (ISO) on request, and refuses an impossible date', async () => {
    const text = await cli('trace', '--nik', '3271014501900001', '--from', '2026-11-20', '--to', '2026-12-04 08:00');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Contact trace of person');
    expect(text.stdout).toContain('20 Nov 2026 00.00 – 4 Des 2026 08.00 WIB');
    expect(text.stdout).toContain('0 visits at 0 venues; 0 contacts (0 people)');
    expect(text.stdout).not.toMatch(ISO);
    const json = await cli('trace', '--nik', '3271014501900001', '--from', '2026-11-20', '--to', '2026-12-04 08:00', '--format', 'json');
    expect(JSON.parse(json.stdout).window).toEqual({ from: '2026-11-19T17:00:00.000Z', to: '2026-12-04T01:00:00.000Z' });
    const bad = await cli('trace', '--nik', '3271014501900001', '--from', '2026-02-30');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--from must be a date like');
  });
});
