// Personal data at rest: sealed with AES-256-GCM under the device data key, which lives outside the DB.
import Database from 'better-sqlite3';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../electron/store/field-cipher';
import { FileKeyStore, openKioskStore, SafeStorageKeyStore, StoreError } from '../../electron/store/index';
import type { SafeStorageLike } from '../../electron/store/index';
import { ManualClock, openTestStore, tempDir } from '../helpers/store';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

/**
 * A small real safeStorage: AES-256-GCM under a "keychain" secret held in memory, with the same
 * string-in / Buffer-out shape as Electron's. Not a mock: it really encrypts and really fails on a
 * different keychain secret.
 */
class InMemoryKeychainSafeStorage implements SafeStorageLike {
  constructor(
    private readonly secret: Buffer = randomBytes(32),
    private readonly available = true,
  ) {}
  isEncryptionAvailable(): boolean {
    return this.available;
  }
  encryptString(plainText: string): Buffer {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.secret, iv);
    const body = Buffer.concat([c.update(plainText, 'utf8'), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]);
  }
  decryptString(encrypted: Buffer): string {
    const d = createDecipheriv('aes-256-gcm', this.secret, encrypted.subarray(0, 12));
    d.setAuthTag(encrypted.subarray(12, 28));
    return Buffer.concat([d.update(encrypted.subarray(28)), d.final()]).toString('utf8');
  }
}

function expectStoreError(fn: () => unknown, code: string): StoreError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe(code);
    return err as StoreError;
  }
  throw new Error(`expected StoreError ${code}`);
}

describe('FieldCipher', () => {
  const cipher = new FieldCipher(randomBytes(32));

  it('round-trips text and vectors, with a fresh IV each time', () => {
    const a = cipher.sealText('Siti Aminah', 'registrations.display_name:x');
    const b = cipher.sealText('Siti Aminah', 'registrations.display_name:x');
    expect(a.equals(b)).toBe(false);
    expect(a.subarray(1, 13).equals(b.subarray(1, 13))).toBe(false);
    expect(cipher.openText(a, 'registrations.display_name:x')).toBe('Siti Aminah');
    const v = new Float32Array([0.25, -1.5, 3e-7]);
    expect(Array.from(cipher.openVector(cipher.sealVector(v, 't:1'), 't:1'))).toEqual(Array.from(v));
  });

  it('refuses a value moved to another row or column (AAD binding) and any flipped bit', () => {
    const sealed = cipher.sealText('Budi', 'registrations.display_name:aaa');
    expectStoreError(() => cipher.openText(sealed, 'registrations.display_name:bbb'), 'DECRYPT_FAILED');
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 1]! ^= 1;
    expectStoreError(() => cipher.openText(flipped, 'registrations.display_name:aaa'), 'DECRYPT_FAILED');
    expectStoreError(() => new FieldCipher(randomBytes(32)).openText(sealed, 'registrations.display_name:aaa'), 'DECRYPT_FAILED');
  });
});

describe('FileKeyStore', () => {
  it('creates a 0600 key file once and returns the same key after', () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const file = path.join(tmp.dir, 'keys', 'data.key');
    const key = new FileKeyStore(file).loadOrCreateKey();
    expect(key.length).toBe(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(new FileKeyStore(file).loadOrCreateKey().equals(key)).toBe(true);
  });

  it('refuses a key file others can read', () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const file = path.join(tmp.dir, 'data.key');
    new FileKeyStore(file).loadOrCreateKey();
    chmodSync(file, 0o644);
    expectStoreError(() => new FileKeyStore(file).loadOrCreateKey(), 'KEY_FILE_INSECURE');
  });

  it('refuses a key file that does not hold 32 bytes', () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const file = path.join(tmp.dir, 'data.key');
    writeFileSync(file, 'c2hvcnQ=\n', { mode: 0o600 });
    expectStoreError(() => new FileKeyStore(file).loadOrCreateKey(), 'DATA_KEY_UNAVAILABLE');
  });
});

describe('SafeStorageKeyStore', () => {
  it('keeps only the wrapped key on disk and unwraps it on the next start', () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const keychain = new InMemoryKeychainSafeStorage();
    const file = path.join(tmp.dir, 'data.key.wrapped');
    const key = new SafeStorageKeyStore(keychain, file).loadOrCreateKey();
    const onDisk = readFileSync(file);
    expect(onDisk.includes(key)).toBe(false);
    expect(onDisk.includes(Buffer.from(key.toString('base64')))).toBe(false);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(new SafeStorageKeyStore(keychain, file).loadOrCreateKey().equals(key)).toBe(true);
    // another machine's keychain cannot unwrap it
    expectStoreError(() => new SafeStorageKeyStore(new InMemoryKeychainSafeStorage(), file).loadOrCreateKey(), 'DATA_KEY_UNAVAILABLE');
  });

  it('refuses to run when the OS cannot encrypt, instead of keeping the key in clear', () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const file = path.join(tmp.dir, 'data.key.wrapped');
    expectStoreError(() => new SafeStorageKeyStore(new InMemoryKeychainSafeStorage(randomBytes(32), false), file).loadOrCreateKey(), 'DATA_KEY_UNAVAILABLE');
    expect(existsSync(file)).toBe(false);
  });

  it('opens a working store', () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const keychain = new InMemoryKeychainSafeStorage();
    const opts = { path: path.join(tmp.dir, 'kiosk.db'), keyStore: new SafeStorageKeyStore(keychain, path.join(tmp.dir, 'k.wrapped')), clock: new ManualClock() };
    const s = openKioskStore(opts);
    expect(s.openInfo.keyStoreKind).toBe('safeStorage');
    s.raiseAlert({ code: 'CLOCK_OFF', severity: 'info', message: { id: 'x', en: 'x' } });
    s.close();
    const again = openKioskStore(opts);
    expect(again.listAlerts()).toHaveLength(1);
    again.close();
  });
});

describe('data key check', () => {
  it('refuses to open the database with a different key, and changes nothing', () => {
    const t = openTestStore();
    cleanups.push(t.cleanup);
    t.store.close();
    const before = readFileSync(t.dbPath);
    const otherKey = path.join(t.dir, 'other.key');
    expectStoreError(() => openKioskStore({ path: t.dbPath, keyStore: new FileKeyStore(otherKey), clock: t.clock }), 'DATA_KEY_MISMATCH');
    expect(readFileSync(t.dbPath).equals(before)).toBe(true);
  });
});

describe('no personal data in clear on disk', () => {
  const people = [
    { nik: '3271014508900002', name: 'Siti Nurhaliza Aminah' },
    { nik: '3271010203850001', name: 'Budi Santoso Wijaya' },
    { nik: '3201026610950003', name: 'Dewi Lestari Ayuningtyas' },
  ];
  const needles = (p: { nik: string; name: string }): Buffer[] => [
    Buffer.from(p.nik, 'utf8'),
    Buffer.from(p.nik, 'utf16le'),
    Buffer.from(p.name, 'utf8'),
    Buffer.from(p.name, 'utf16le'),
    Buffer.from(p.name.split(' ')[0]!, 'utf8'),
  ];

  function scan(files: string[]): string[] {
    const hits: string[] = [];
    for (const f of files) {
      if (!existsSync(f)) continue;
      const bytes = readFileSync(f);
      for (const p of people) for (const n of needles(p)) if (bytes.includes(n)) hits.push(`${path.basename(f)}: ${n.toString(n.length === p.nik.length * 2 || n.length === p.name.length * 2 ? 'utf16le' : 'utf8')}`);
    }
    return hits;
  }

  it('NIKs, names, templates and keys written through the API are not readable in the DB or WAL bytes', () => {
    const t = openTestStore();
    cleanups.push(t.cleanup);
    const s = t.store;
    const cfg = s.getDeviceConfig()!;
    const template = new Float32Array(512).map((_, i) => Math.sin(i));
    for (const [i, p] of people.entries()) {
      const h = s.hashNik(p.nik);
      if (i === 0) {
        // on-the-spot registration: the NIK itself is kept until uploaded
        s.queueLocalRegistration({ nik: p.nik, displayName: p.name, template: { modelId: 'arcface-r100', vector: template }, selfieJpeg: Buffer.from(`JPEG of ${p.name}`), consentAt: '2026-11-29T08:00:00Z', actor: 'staff-7' });
      } else {
        s.upsertRegistrations([{ nikHash: h, registrationId: `reg-${i}`, displayName: p.name, templates: [{ modelId: 'arcface-r100', vector: template, source: 'registration' }] }]);
      }
      s.recordVisit({ direction: 'entry', outcome: 'ADMIT', reason: 'ADMIT', nikHash: h, registrationId: `reg-${i}`, faceDistance: 0.31, livenessScore: 0.97, riskListVersion: 3 });
      expect(s.getRegistration(h)!.displayName).toBe(p.name);
    }
    expect(s.nextPendingRegistrations(10)[0]!.nik).toBe(people[0]!.nik);

    const files = [t.dbPath, `${t.dbPath}-wal`];
    // while open, most of it still sits in the WAL
    const snapshotDir = tempDir();
    cleanups.push(snapshotDir.cleanup);
    const copies = files.filter(existsSync).map((f) => {
      const c = path.join(snapshotDir.dir, path.basename(f));
      copyFileSync(f, c);
      return c;
    });
    expect(statSync(`${t.dbPath}-wal`).size).toBeGreaterThan(0);
    expect(scan(copies)).toEqual([]);

    s.close();
    expect(scan(files)).toEqual([]);
    // the sealed secrets of the device config are not in clear either
    const raw = readFileSync(t.dbPath);
    expect(raw.includes(Buffer.from(cfg.nikHashKey))).toBe(false);
    expect(raw.includes(Buffer.from(cfg.devicePrivateKey))).toBe(false);
    expect(raw.includes(Buffer.from(template.buffer))).toBe(false);
    // control: the scanner does find what is stored in clear (the venue id), so zero hits means something
    expect(raw.includes(Buffer.from(cfg.venueId))).toBe(true);

    // the data is still all there for the app
    const again = t.reopen();
    expect(again.getRegistration(again.hashNik(people[1]!.nik))!.displayName).toBe(people[1]!.name);
    expect(again.getDeviceConfig()!.devicePrivateKey).toBe(cfg.devicePrivateKey);
  });

  it('a sealed name copied onto another person by raw SQL does not decrypt as theirs', () => {
    const t = openTestStore();
    cleanups.push(t.cleanup);
    const s = t.store;
    const [a, b] = [s.hashNik(people[1]!.nik), s.hashNik(people[2]!.nik)];
    s.upsertRegistrations([
      { nikHash: a, registrationId: 'r-a', displayName: people[1]!.name, templates: [] },
      { nikHash: b, registrationId: 'r-b', displayName: people[2]!.name, templates: [] },
    ]);
    s.close();
    const raw = new Database(t.dbPath);
    raw.prepare('UPDATE registrations SET display_name_enc = (SELECT display_name_enc FROM registrations WHERE nik_hash = ?) WHERE nik_hash = ?').run(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
    raw.close();
    const again = t.reopen();
    expect(again.getRegistration(a)!.displayName).toBe(people[1]!.name);
    expectStoreError(() => again.getRegistration(b), 'DECRYPT_FAILED');
  });
});
