// Personal data at rest (issue 10 item 3): the kiosk database, its WAL/SHM, the city server's data dir
// and `issue-qr --out` are owner-only; and a visitor's QR pass plus the raw kiosk database file (no data
// key) must not lead to the visitor's health status or visits.
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/fixtures';
import { openTestStore, tempDir } from '../helpers/store';
import { startTestCityServer } from '../../sync/server/testing';
import type { TemplateExtractor } from '../../sync/server/templates';
import { issueCredential } from '../../sync/protocol/qr-credential';
import { generateEd25519KeyPair } from '../../sync/protocol/crypto';
import { readScan } from '../../sync/protocol/scan';

const run = promisify(execFile);
const modeOf = (f: string) => statSync(f).mode & 0o777;
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

const fakeExtractor: TemplateExtractor = {
  async enrolFromImage() {
    return { ok: true, template: { model: 'fake-v1', vector: Buffer.from(new Float32Array(128).fill(0.1).buffer).toString('base64') } };
  },
  async close() {},
};

describe.skipIf(process.platform === 'win32')('file modes', () => {
  it('kiosk: the database folder is 0700 and kiosk.db, -wal and -shm are 0600, also when an older install left them open', () => {
    const t = openTestStore();
    cleanups.push(t.cleanup);
    t.store.recordVisit({ direction: 'entry', outcome: 'ADMIT', reason: 'OK', nikHash: t.store.hashNik('3271014501900001'), identity: 'NIK' });
    expect(existsSync(`${t.dbPath}-wal`)).toBe(true);
    expect(existsSync(`${t.dbPath}-shm`)).toBe(true);
    expect(modeOf(t.dir)).toBe(0o700);
    for (const f of [t.dbPath, `${t.dbPath}-wal`, `${t.dbPath}-shm`]) expect(modeOf(f), path.basename(f)).toBe(0o600);
    // an older version's 0644 files in a 0755 folder are narrowed on the next open
    t.store.close();
    chmodSync(t.dir, 0o755);
    for (const f of [t.dbPath, `${t.dbPath}-wal`, `${t.dbPath}-shm`]) if (existsSync(f)) chmodSync(f, 0o644);
    const again = t.reopen();
    again.recordVisit({ direction: 'entry', outcome: 'ADMIT', reason: 'OK', nikHash: again.hashNik('3271014501900001'), identity: 'NIK' });
    expect(modeOf(t.dir)).toBe(0o700);
    for (const f of [t.dbPath, `${t.dbPath}-wal`, `${t.dbPath}-shm`]) expect(modeOf(f), path.basename(f)).toBe(0o600);
  });

  it('city server: the data dir is 0700 and every file in it 0600; issue-qr --out writes the pass 0600, also over an old file', async () => {
    const tmp = tempDir('jejak-city-modes-');
    cleanups.push(tmp.cleanup);
    chmodSync(tmp.dir, 0o755);
    writeFileSync(path.join(tmp.dir, 'notes.txt'), 'left by an operator', { mode: 0o644 });
    const s = await startTestCityServer('sqlite', { dataDir: tmp.dir, templateExtractor: fakeExtractor });
    let closed = false;
    cleanups.push(async () => {
      if (!closed) await s.destroy();
    });
    await s.admin.registerPerson({ nik: '3271014501900001', name: 'Dewi Lestari', selfie: Buffer.alloc(64, 1) });
    expect(modeOf(tmp.dir)).toBe(0o700);
    const files = readdirSync(tmp.dir);
    expect(files).toEqual(expect.arrayContaining(['city.db', 'city.db-wal', 'city.db-shm', 'city-keys.json', 'notes.txt']));
    for (const f of files) expect(modeOf(path.join(tmp.dir, f)), f).toBe(0o600);
    await s.destroy();
    closed = true;

    const out = tempDir('jejak-pass-');
    cleanups.push(out.cleanup);
    const pass = path.join(out.dir, 'pass.svg');
    writeFileSync(pass, 'old', { mode: 0o644 });
    chmodSync(pass, 0o644);
    await run(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), [path.join(repoRoot, 'sync/server/cli.ts'), 'issue-qr', '--nik', '3271014501900001', '--out', pass], {
      cwd: repoRoot, env: { ...process.env, JEJAK_SERVER_DATA: tmp.dir, JEJAK_SERVER_PG_URL: '' }, timeout: 120_000,
    });
    expect(readFileSync(pass, 'utf8')).toContain('<svg');
    expect(modeOf(pass)).toBe(0o600);
  });
});

describe('a QR pass and the raw kiosk database', () => {
  it('no query on the file, without the data key, finds the pass holder\'s registration, risk status or visits', () => {
    const t = openTestStore();
    cleanups.push(t.cleanup);
    const city = generateEd25519KeyPair();
    const nik = '3271014501900001';
    const rid = 'r_5f3a9c2e71d04b88';
    const name = 'Budi Santoso';
    const nikHash = t.store.hashNik(nik);
    t.store.upsertRegistrations([{ nikHash, registrationId: rid, displayName: name, templates: [{ modelId: 'fake-v1', source: 'registration', vector: new Float32Array(16).fill(0.25) }] }]);
    t.store.applyRiskSnapshot({ listId: 'bogor-dinkes', version: 3, issuedAt: '2026-11-29T00:00:00Z', expiresAt: '2026-12-29T00:00:00Z', count: 1, digest: 'd' }, [{ nikHash, status: 'CONFIRMED', validUntil: null }]);
    // as the gate records a QR visit (scan-flow passes the credential's rid)
    t.store.recordVisit({ direction: 'entry', outcome: 'DENY', reason: 'RISK_CONFIRMED', nikHash, identity: 'QR', registrationId: rid, riskListVersion: 3 });
    expect(t.store.getRegistration(nikHash)?.registrationId).toBe(rid);
    t.store.close();

    // What the attacker holds: the pass (rid, NIK, name, signed) and the file.
    const token = issueCredential({ nik, name, rid, iat: 1_764_000_000, exp: 1_864_000_000 }, { keyId: 'k1', privateKey: city.privateKey });
    const read = readScan(token, { keys: { k1: city.publicKey }, now: new Date(1_765_000_000_000) });
    expect(read.ok).toBe(true);
    const fromPass = [rid, nik, name, 'Budi'];

    const raw = new Database(t.dbPath, { readonly: true });
    try {
      // the query of the report: registrations JOIN risk_entries by the pass's id
      expect(raw.prepare('SELECT e.status FROM registrations r JOIN risk_entries e ON e.nik_hash = r.nik_hash WHERE r.registration_id = ?').all(rid)).toEqual([]);
      expect(raw.prepare('SELECT id FROM visits WHERE registration_id = ?').all(rid)).toEqual([]);
      // and none of the pass's values is stored anywhere, in any form a query could match (text, blob, JSON)
      const tables = (raw.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((r) => r.name);
      expect(tables).toEqual(expect.arrayContaining(['registrations', 'visits', 'visit_outbox', 'audit_log', 'risk_entries']));
      for (const table of tables) {
        for (const row of raw.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]) {
          for (const [col, v] of Object.entries(row)) {
            const text = Buffer.isBuffer(v) ? `${v.toString('utf8')} ${v.toString('hex')}` : String(v);
            for (const secret of fromPass) expect(text.includes(secret) || text.includes(Buffer.from(secret).toString('hex')), `${table}.${col} holds ${secret}`).toBe(false);
          }
        }
      }
    } finally {
      raw.close();
    }
    for (const f of [t.dbPath, `${t.dbPath}-wal`]) if (existsSync(f)) for (const secret of fromPass) expect(readFileSync(f).includes(secret), `${path.basename(f)} holds ${secret}`).toBe(false);
  });
});
