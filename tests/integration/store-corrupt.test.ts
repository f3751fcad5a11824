// A corrupt or unreadable database file must not stop the gate: it is moved aside (never deleted, with
// its -wal/-shm), a fresh database is created, an alert is raised, and the kiosk keeps working.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync, openSync, readdirSync, readFileSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileKeyStore, openKioskStore } from '../../electron/store/index';
import { demoDeviceConfig, ManualClock, tempDir } from '../helpers/store';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function setup() {
  const tmp = tempDir();
  cleanups.push(tmp.cleanup);
  const clock = new ManualClock('2026-11-29T09:15:30.000Z');
  const file = path.join(tmp.dir, 'kiosk.db');
  const open = () => openKioskStore({ path: file, keyStore: new FileKeyStore(path.join(tmp.dir, 'data.key')), clock });
  return { dir: tmp.dir, file, clock, open };
}

function assertWorking(store: ReturnType<typeof openKioskStore>): void {
  store.saveDeviceConfig(demoDeviceConfig());
  const { id } = store.recordVisit({ direction: 'entry', outcome: 'ADMIT', reason: 'ADMIT', nikHash: store.hashNik('3271014101900001') });
  expect(store.nextOutboxBatch(10).map((o) => o.id)).toEqual([id]);
  expect(store.integrityCheck().ok).toBe(true);
}

describe('corrupt database at start', () => {
  it('garbage bytes: moved aside with its -wal and -shm, fresh DB, alert raised, store works', () => {
    const { file, open } = setup();
    const garbage = randomBytes(64 * 1024);
    writeFileSync(file, garbage);
    const wal = randomBytes(4096);
    writeFileSync(`${file}-wal`, wal);
    writeFileSync(`${file}-shm`, randomBytes(32768));

    const store = open();
    cleanups.push(() => store.close());
    const moved = store.openInfo.movedAside;
    expect(moved).not.toBeNull();
    expect(path.basename(moved!.path)).toBe('kiosk.db.corrupt-20261129T091530Z');
    // never deleted: the exact bytes are kept for IT staff
    expect(readFileSync(moved!.path).equals(garbage)).toBe(true);
    expect(readFileSync(`${moved!.path}-wal`).equals(wal)).toBe(true);
    expect(existsSync(`${moved!.path}-shm`)).toBe(true);

    const alerts = store.listAlerts({ unresolvedOnly: true });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ code: 'STORE_CORRUPT_MOVED_ASIDE', severity: 'critical' });
    expect(alerts[0]!.message.id).toContain('kiosk.db.corrupt-20261129T091530Z');
    expect(store.listAudit()[0]).toMatchObject({ actor: 'system', action: 'store.recovered' });
    assertWorking(store);
  });

  it('a real database with a damaged page: quick_check fails, file moved aside, store works', () => {
    const { dir, file, open, clock } = setup();
    const first = open();
    first.saveDeviceConfig(demoDeviceConfig());
    for (let i = 0; i < 300; i++) first.recordVisit({ direction: 'entry', outcome: 'ADMIT', reason: 'ADMIT', nikHash: randomBytes(32).toString('hex') });
    first.close();
    // overwrite the middle of the file (inside the visits B-tree) with garbage
    const size = statSync(file).size;
    const fd = openSync(file, 'r+');
    writeSync(fd, randomBytes(4096), 0, 4096, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);

    clock.advanceMinutes(1);
    const store = open();
    cleanups.push(() => store.close());
    expect(store.openInfo.movedAside).not.toBeNull();
    expect(store.listAlerts()[0]!.code).toBe('STORE_CORRUPT_MOVED_ASIDE');
    expect(readdirSync(dir).filter((f) => /\.corrupt-[0-9TZ]+$/.test(f))).toHaveLength(1);
    // the fresh DB starts unenrolled and empty
    expect(store.getDeviceConfig()).toBeNull();
    expect(store.outboxDepth()).toBe(0);
    assertWorking(store);
  });

  it('two corruptions in the same second keep both moved-aside files', () => {
    const { dir, file, open } = setup();
    writeFileSync(file, randomBytes(8192));
    open().close();
    writeFileSync(file, randomBytes(8192));
    const s = open();
    cleanups.push(() => s.close());
    expect(readdirSync(dir).filter((f) => /\.corrupt-[0-9TZ]+(-\d+)?$/.test(f))).toHaveLength(2);
  });

  it('a healthy database is opened as is', () => {
    const { dir, open } = setup();
    const a = open();
    a.saveDeviceConfig(demoDeviceConfig());
    a.close();
    const b = open();
    cleanups.push(() => b.close());
    expect(b.openInfo.movedAside).toBeNull();
    expect(b.getDeviceConfig()).not.toBeNull();
    expect(b.listAlerts()).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.includes('.corrupt-'))).toEqual([]);
    // sanity: raw SQLite agrees the file is fine
    const raw = new Database(path.join(dir, 'kiosk.db'), { readonly: true });
    expect(raw.pragma('quick_check', { simple: true })).toBe('ok');
    raw.close();
  });
});
