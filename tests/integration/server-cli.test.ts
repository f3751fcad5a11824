// The README's CLI flow, as an operator runs it: create venue → gate → enrolment code → register a
// person from a real LFW selfie (real face engine) → import a risk list → issue the QR pass, which a
// QR reader decodes to a credential the kiosk verifies. A poor selfie is refused with its reason.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { adminCli } from '../helpers/admin-cli';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { repoRoot, requireFixtures } from '../helpers/fixtures';
import { verifyCredential } from '../../sync/protocol/qr-credential';
import { openCity, openCityStore } from '../../sync/server/server';
import { openJson } from '../../sync/server/sealing';

const fixtures = requireFixtures('city server registration from a selfie');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jejak-cli-'));

const cli = adminCli(dataDir);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe.skipIf(!fixtures)('city server admin CLI', () => {
  it('runs the operator flow from the README and the QR pass decodes to a valid credential', async () => {
    const venue = await cli('create-venue', '--name', 'Pasar Bogor', '--address', 'Jl. Suryakencana', '--capacity', '400');
    expect(venue).toMatchObject({ code: 0, stdout: expect.stringContaining('venue created: pasar-bogor') });
    expect((await cli('create-gate', '--venue', 'pasar-bogor', '--name', 'Pintu Utama')).stdout).toContain('gate created: pasar-bogor-pintu-utama');
    const code = await cli('enrolment-code', '--gate', 'pasar-bogor-pintu-utama');
    expect(code.stdout).toMatch(/enrolment code: [0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/);

    const selfie = path.join(fixtures!, 'faces', 'Adrien_Brody', 'Adrien_Brody_0001.jpg');
    const reg = await cli('register-person', '--nik', '3271014501900001', '--name', 'Dewi Lestari', '--selfie', selfie);
    expect(reg.stderr).toContain('loading the face engine');
    expect(reg).toMatchObject({ code: 0, stdout: expect.stringMatching(/registered: r_[0-9a-f]{16} \(1 face template/) });

    const csv = path.join(dataDir, 'dinkes.csv');
    writeFileSync(csv, 'nik,status,valid_until\n3271014501900001,SUSPECT,2026-12-31\n3271010101850002,CONFIRMED,2026-12-20\n');
    const imp = await cli('import-risk', '--file', csv);
    expect(imp.stdout).toContain('risk list version 1 published: 2 entries');

    const png = path.join(dataDir, 'pass.png');
    const qr = await cli('issue-qr', '--nik', '3271014501900001', '--out', png);
    expect(qr.stdout).toContain(`written to ${png}`);
    await prepareZXingModule({ overrides: { wasmBinary: readFileSync(path.join(repoRoot, 'node_modules/zxing-wasm/dist/reader/zxing_reader.wasm')).buffer as ArrayBuffer }, fireImmediately: true });
    const [code1] = await readBarcodes(new Uint8Array(readFileSync(png)), { formats: ['QRCode'] });
    expect(code1?.text).toMatch(/^JJK1\./);

    const store = await openCityStore({ dataDir });
    try {
      const { keys } = openCity({ dataDir }, store);
      const pinned = Object.fromEntries(keys.publicKeys().map((k) => [k.keyId, k.publicKey]));
      expect(verifyCredential(code1!.text, { keys: pinned, now: new Date() })).toMatchObject({ ok: true, credential: { nik: '3271014501900001', name: 'Dewi Lestari' } });
      const regs = await store.listRegistrations('3271', 0, 10);
      expect(regs).toHaveLength(1);
      expect(openJson<Array<{ model: string }>>(keys.dataKey, regs[0]!.templates)[0]!.model).toMatch(/^faceplugin/);
      // Nothing personal in clear in the database file.
      const raw = readFileSync(path.join(dataDir, 'city.db'));
      expect(raw.includes('3271014501900001')).toBe(false);
      expect(raw.includes('Dewi Lestari')).toBe(false);
      // Templates are sealed too: not even the model name shows.
      expect(raw.includes('faceplugin')).toBe(false);
    } finally {
      await store.close();
    }

  });

  it('refuses a poor selfie with the face engine\'s reason and a bad command line with usage', async () => {
    const store = await openCityStore({ dataDir });
    const city = openCity({ dataDir }, store);
    try {
      const dark = await sharp({ create: { width: 250, height: 250, channels: 3, background: { r: 0, g: 0, b: 0 } } }).jpeg().toBuffer();
      await expect(city.admin.registerPerson({ nik: '3271010101850002', name: 'Gelap', selfie: dark })).rejects.toMatchObject({ code: 'SELFIE_NO_FACE', bilingual: { id: expect.stringContaining('Wajah tidak terlihat') } });
      await expect(city.admin.registerPerson({ nik: '3271010101850002', name: 'X', selfie: Buffer.from('not a photo') })).rejects.toMatchObject({ code: 'SELFIE_BAD_IMAGE' });
      expect(await store.getRegistrationByNikHash('0'.repeat(64))).toBeNull();
      expect(await store.listRegistrations('3271', 0, 10)).toHaveLength(1);
    } finally {
      await city.extractor().close();
      await store.close();
    }
    const bad = await cli('create-venue', '--name', 'X', '--address', 'Y', '--capacity', 'lots');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--capacity must be a whole number');
  });
});
