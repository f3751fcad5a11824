// Schema migrations: each step tested by migrating to N-1, writing rows, migrating to N, reading them back.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileKeyStore, LATEST_SCHEMA_VERSION, openKioskStore, StoreError } from '../../electron/store/index';
import { migrate, schemaVersion } from '../../electron/store/migrate';
import { MIGRATIONS } from '../../electron/store/migrations/index';
import { applyPragmas } from '../../electron/store/open-db';
import { FieldCipher } from '../../electron/store/field-cipher';
import { nameAad } from '../../electron/store/registrations';
import { ManualClock, openTestStore, tempDir } from '../helpers/store';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function freshDb(): Database.Database {
  const tmp = tempDir();
  const db = new Database(path.join(tmp.dir, 'k.db'));
  applyPragmas(db);
  cleanups.push(() => {
    db.close();
    tmp.cleanup();
  });
  return db;
}

const tables = (db: Database.Database): string[] =>
  (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe('migration list', () => {
  it('is numbered 1..N in order, one file per step', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(Array.from({ length: MIGRATIONS.length }, (_, i) => i + 1));
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });
});

describe('0001-initial', () => {
  it('creates STRICT tables from an empty file and sets user_version 1', () => {
    const db = freshDb();
    expect(schemaVersion(db)).toBe(0);
    expect(migrate(db, 1)).toEqual([1]);
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).toEqual(expect.arrayContaining(['device_config', 'risk_entries', 'risk_list_meta', 'registrations', 'face_templates', 'visits', 'visit_outbox', 'alert_outbox', 'local_alerts', 'dead_letter', 'audit_log', 'meta', 'sync_state']));
    expect(tables(db)).not.toContain('pending_registrations');
    // every table is STRICT: a text in an INTEGER column is refused, not coerced
    const strict = db.prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'").all() as { name: string; strict: number }[];
    expect(strict.length).toBeGreaterThan(10);
    for (const t of strict) expect(t, t.name).toMatchObject({ strict: 1 });
    const risk = db.prepare("SELECT wr FROM pragma_table_list WHERE name = 'risk_entries'").get() as { wr: number };
    expect(risk.wr).toBe(1); // WITHOUT ROWID
    expect(() => db.prepare("INSERT INTO risk_entries VALUES (zeroblob(32), 'one', NULL)").run()).toThrow(/cannot store TEXT value in INTEGER column/);
  });

  it('a failing step leaves the previous version and no half-made tables', () => {
    const db = freshDb();
    const broken = [{ version: 1, name: 'broken', up: (d: Database.Database) => { d.exec('CREATE TABLE a (x INTEGER) STRICT'); throw new Error('boom'); } }];
    expect(() => migrate(db, 1, broken)).toThrow('boom');
    expect(schemaVersion(db)).toBe(0);
    expect(tables(db)).toEqual([]);
  });
});

describe('0002-local-registrations', () => {
  it('keeps the rows written under version 1 and adds the pending registrations table', () => {
    const db = freshDb();
    migrate(db, 1);
    const nik = Buffer.alloc(32, 7);
    db.prepare("INSERT INTO registrations VALUES (?, 'reg-1', x'01', 'server', 1)").run(nik);
    db.prepare("INSERT INTO face_templates VALUES ('t1', ?, 'arcface', 'registration', 'server', x'02', 1)").run(nik);
    db.prepare("INSERT INTO visits (id, device_time, clock_offset_ms, clock_status, venue_id, gate_id, direction, outcome, reason) VALUES ('v1', 5, 0, 'ok', 'ven', 'g', 'entry', 'ADMIT', 'ADMIT')").run();
    db.prepare("INSERT INTO visit_outbox (visit_id, seq, payload, enqueued_at) VALUES ('v1', 1, '{}', 5)").run();

    expect(migrate(db, 2)).toEqual([2]);
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT registration_id FROM registrations').all()).toEqual([{ registration_id: 'reg-1' }]);
    expect(db.prepare('SELECT template_id FROM face_templates').all()).toEqual([{ template_id: 't1' }]);
    expect(db.prepare('SELECT visit_id FROM visit_outbox').all()).toEqual([{ visit_id: 'v1' }]);
    db.prepare("INSERT INTO pending_registrations VALUES ('p1', ?, x'01', x'01', 'm', x'01', x'01', 1, 1, 0)").run(nik);
    expect(db.prepare('SELECT count(*) AS n FROM pending_registrations').get()).toEqual({ n: 1 });
  });
});

describe('0003-visit-identity', () => {
  it('keeps the visits written under version 2 (identity unknown) and records QR / NIK / NONE from then on', () => {
    const db = freshDb();
    migrate(db, 2);
    db.prepare("INSERT INTO visits (id, device_time, clock_offset_ms, clock_status, venue_id, gate_id, direction, outcome, reason, nik_hash) VALUES ('v1', 5, 0, 'ok', 'ven', 'g', 'entry', 'ADMIT', 'CLEARED', zeroblob(32))").run();
    db.prepare("INSERT INTO visit_outbox (visit_id, seq, payload, enqueued_at) VALUES ('v1', 1, '{}', 5)").run();

    expect(migrate(db, 3)).toEqual([3]);
    expect(schemaVersion(db)).toBe(3);
    expect(db.prepare('SELECT id, identity FROM visits').all()).toEqual([{ id: 'v1', identity: null }]);
    expect(db.prepare('SELECT visit_id FROM visit_outbox').all()).toEqual([{ visit_id: 'v1' }]);
    const insert = db.prepare("INSERT INTO visits (id, device_time, clock_offset_ms, clock_status, venue_id, gate_id, direction, outcome, reason, identity) VALUES (?, 6, 0, 'ok', 'ven', 'g', 'entry', 'ADMIT', 'CLEARED', ?)");
    insert.run('v2', 'NIK');
    expect(() => insert.run('v3', 'KTP')).toThrow(/CHECK constraint/);
  });
});

describe('0005-checkout-outbox', () => {
  it('keeps the visits and outbox written under version 4 and adds an empty check-out queue', () => {
    const db = freshDb();
    migrate(db, 4);
    db.prepare("INSERT INTO visits (id, device_time, clock_offset_ms, clock_status, venue_id, gate_id, direction, outcome, reason, identity, checked_out_at, checked_out_by, acked_at) VALUES ('v1', 5, 0, 'ok', 'ven', 'g', 'entry', 'ADMIT', 'CLEARED', 'QR', 9, 'staff', 7)").run();
    db.prepare("INSERT INTO visits (id, device_time, clock_offset_ms, clock_status, venue_id, gate_id, direction, outcome, reason) VALUES ('v2', 6, 0, 'ok', 'ven', 'g', 'entry', 'ADMIT', 'CLEARED')").run();
    db.prepare("INSERT INTO visit_outbox (visit_id, seq, payload, enqueued_at) VALUES ('v2', 1, '{}', 6)").run();

    expect(migrate(db, 5)).toEqual([5]);
    expect(schemaVersion(db)).toBe(5);
    expect(db.prepare('SELECT id, identity, checked_out_at, acked_at FROM visits ORDER BY id').all()).toEqual([
      { id: 'v1', identity: 'QR', checked_out_at: 9, acked_at: 7 },
      { id: 'v2', identity: null, checked_out_at: null, acked_at: null },
    ]);
    expect(db.prepare('SELECT visit_id FROM visit_outbox').all()).toEqual([{ visit_id: 'v2' }]);
    expect(db.prepare('SELECT count(*) AS n FROM checkout_outbox').get()).toEqual({ n: 0 });
    db.prepare("INSERT INTO checkout_outbox (visit_id, checked_out_at, enqueued_at) VALUES ('v1', 9, 9)").run();
    expect(() => db.prepare("INSERT INTO checkout_outbox (visit_id, checked_out_at, enqueued_at) VALUES ('v1', 10, 10)").run()).toThrow(/UNIQUE|PRIMARY KEY/);
  });
});

describe('0006-risk-list-confirmed', () => {
  it('keeps the live list written under version 5, not yet confirmed, and records a confirmation time', () => {
    const db = freshDb();
    migrate(db, 5);
    db.prepare("INSERT INTO risk_list_meta (id, list_id, version, issued_at, expires_at, entry_count, digest, applied_at) VALUES (1, 'bogor', 7, 1, 2, 1, 'd', 3)").run();
    db.prepare('INSERT INTO risk_entries VALUES (zeroblob(32), 1, NULL)').run();

    expect(migrate(db, 6)).toEqual([6]);
    expect(schemaVersion(db)).toBe(6);
    expect(db.prepare('SELECT version, applied_at, confirmed_at FROM risk_list_meta').all()).toEqual([{ version: 7, applied_at: 3, confirmed_at: null }]);
    expect(db.prepare('SELECT count(*) AS n FROM risk_entries').get()).toEqual({ n: 1 });
    db.prepare('UPDATE risk_list_meta SET confirmed_at = 9 WHERE id = 1').run();
    expect(db.prepare('SELECT confirmed_at FROM risk_list_meta').get()).toEqual({ confirmed_at: 9 });
  });
});

describe('0007-keyed-registration-ids', () => {
  it('rewrites the registration ids written under version 6: keyed where matched, sealed where read, keyed in the outbox', () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const file = path.join(tmp.dir, 'kiosk.db');
    const keyStore = new FileKeyStore(path.join(tmp.dir, 'data.key'));
    const cipher = new FieldCipher(keyStore.loadOrCreateKey());
    const db = new Database(file);
    applyPragmas(db);
    migrate(db, 6);
    const nik = Buffer.alloc(32, 7);
    db.prepare("INSERT INTO registrations VALUES (?, 'r_0123456789abcdef', ?, 'server', 1)").run(nik, cipher.sealText('Budi', nameAad(nik.toString('hex'))));
    db.prepare("INSERT INTO visits (id, device_time, clock_offset_ms, clock_status, venue_id, gate_id, direction, outcome, reason, nik_hash, identity, registration_id) VALUES ('v1', 5, 0, 'ok', 'ven', 'g', 'entry', 'ADMIT', 'ADMIT', ?, 'QR', 'r_0123456789abcdef')").run(nik);
    db.prepare("INSERT INTO visit_outbox (visit_id, seq, payload, enqueued_at) VALUES ('v1', 1, ?, 5)").run(JSON.stringify({ id: 'v1', registrationId: 'r_0123456789abcdef', identity: 'QR' }));
    // without the data key the step cannot run (and leaves version 6)
    expect(() => migrate(db, 7)).toThrow(/needs the key/);
    expect(schemaVersion(db)).toBe(6);

    expect(migrate(db, 7, MIGRATIONS, { cipher })).toEqual([7]);
    const reg = db.prepare('SELECT registration_id, registration_id_enc FROM registrations').get() as { registration_id: string; registration_id_enc: Buffer };
    expect(reg.registration_id).toBe(cipher.keyedId('r_0123456789abcdef', 'registrations.registration_id'));
    expect(db.prepare('SELECT registration_id FROM visits').get()).toEqual({ registration_id: null });
    const payload = JSON.parse((db.prepare('SELECT payload FROM visit_outbox').get() as { payload: string }).payload) as { registrationId: string };
    expect(payload.registrationId).toBe(reg.registration_id);
    db.close();
    expect(readFileSync(file).includes('r_0123456789abcdef')).toBe(false);
    // the store reads the ids back through the key
    const store = openKioskStore({ path: file, keyStore, clock: new ManualClock() });
    cleanups.unshift(() => store.close());
    expect(store.getRegistration(nik.toString('hex'))).toMatchObject({ registrationId: 'r_0123456789abcdef', displayName: 'Budi' });
    expect(store.getVisit('v1')).toMatchObject({ registrationId: 'r_0123456789abcdef', identity: 'QR' });
  });
});

describe('opening', () => {
  it('sets WAL, synchronous=FULL and foreign keys on every open', () => {
    const t = openTestStore();
    cleanups.push(t.cleanup);
    t.store.close();
    const store = t.reopen();
    expect(store.openInfo.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(store.storageInfo()).toMatchObject({ journalMode: 'wal', synchronous: 2, foreignKeys: true, schemaVersion: LATEST_SCHEMA_VERSION });
    // foreign keys are really enforced on the store's connection: an outbox row for no visit is refused
    const raw = new Database(t.dbPath);
    raw.pragma('foreign_keys = ON');
    expect(() => raw.prepare("INSERT INTO visit_outbox (visit_id, seq, payload, enqueued_at) VALUES ('nope', 1, '{}', 1)").run()).toThrow(/FOREIGN KEY/);
    raw.close();
  });

  it('refuses a database written by newer code, with a clear error, and leaves the file as it was', () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const file = path.join(tmp.dir, 'kiosk.db');
    const keyStore = new FileKeyStore(path.join(tmp.dir, 'data.key'));
    openKioskStore({ path: file, keyStore, clock: new ManualClock() }).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();
    let caught: unknown;
    try {
      openKioskStore({ path: file, keyStore, clock: new ManualClock() });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(StoreError);
    expect((caught as StoreError).code).toBe('DB_NEWER_THAN_CODE');
    expect((caught as StoreError).message).toMatch(/newer app version/);
    expect((caught as StoreError).bilingual.id).toMatch(/versi aplikasi yang lebih baru/);
    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 1);
    after.close();
  });
});
