// Override reasons and personal data (issue 10 item 5): a reason like "KTP dicek: Budi Santoso
// 3271011508850009" was kept in clear in the kiosk's audit log, its visit row, its outbox and the
// server's visits.override_reason. Now the reason is a fixed code (sync/protocol/override-reasons.ts)
// with an optional short note; a note with a NIK-like digit run is refused at the kiosk and masked at
// the server; the note is sealed at rest on both (raw database bytes do not show it).
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from '../helpers/store';
import { postgresUrl } from '../helpers/postgres';
import { DeviceClient, enrolDevice } from '../../sync/server/device-client';
import { startTestCityServer } from '../../sync/server/testing';
import type { Backend, TestCityServer } from '../../sync/server/testing';
import { SQLITE_FILE } from '../../sync/server/server';
import { openOverrideNote } from '../../sync/server/override-note';
import { nikHash } from '../../sync/protocol/crypto';
import { hasNikLikeDigits, maskNikLikeDigits, OverrideNote } from '../../sync/protocol/override-reasons';
import { toWireVisit } from '../../sync/agent/wire';

const NOTE = 'Dikenali satpam, Budi Santoso';
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

/** Every byte an SQLite database keeps on disk: the file, its WAL and SHM. */
function rawKioskBytes(dbPath: string): string {
  return [dbPath, `${dbPath}-wal`, `${dbPath}-shm`].map((f) => {
    try {
      return readFileSync(f).toString('latin1');
    } catch {
      return '';
    }
  }).join('');
}

describe('override notes on the kiosk', () => {
  it('refuses a note with a NIK-like digit run and records nothing', () => {
    const t = openTestStore();
    cleanups.push(t.cleanup);
    for (const note of ['KTP dicek: Budi Santoso 3271011508850009', 'telp 0812-3456-7890', 'lahir 15.08.1985 ok']) {
      expect(() => t.store.recordVisit({ direction: 'entry', outcome: 'ADMIT', reason: 'STAFF_OVERRIDE', nikHash: null, override: { by: 'staff', reason: 'ID_CHECKED', note, originalOutcome: 'REFER', originalReason: 'FACE_MISMATCH' } }), note).toThrow(/NIK/);
    }
    expect(() => t.store.recordVisit({ direction: 'entry', outcome: 'ADMIT', reason: 'STAFF_OVERRIDE', nikHash: null, override: { by: 'staff', reason: 'KTP dicek Budi', note: null, originalOutcome: 'REFER', originalReason: 'X' } })).toThrow(/kode|codes/);
    expect(() => t.store.recordVisit({ direction: 'entry', outcome: 'ADMIT', reason: 'STAFF_OVERRIDE', nikHash: null, override: { by: 'staff', reason: 'OTHER', note: null, originalOutcome: 'REFER', originalReason: 'X' } })).toThrow(/OTHER/);
    expect(t.store.outboxDepth()).toBe(0);
    expect(t.store.listAudit()).toHaveLength(0);
  });

  it('keeps the note sealed in the visit row, the outbox and out of the audit log; the wire carries it', () => {
    const t = openTestStore();
    cleanups.push(t.cleanup);
    const original = t.store.recordVisit({ direction: 'entry', outcome: 'REFER', reason: 'FACE_MISMATCH', nikHash: t.store.hashNik('3271014501900001'), identity: 'NIK' });
    const rec = t.store.recordOverride({ visitId: original.id, outcome: 'ADMIT', reason: 'ID_CHECKED', note: NOTE, by: 'staff' })!;
    expect(t.store.getVisit(rec.id)!.override).toMatchObject({ reason: 'ID_CHECKED', note: NOTE });
    const item = t.store.nextOutboxBatch(10).find((i) => i.id === rec.id)!;
    expect(toWireVisit(item.visit).override).toEqual({ staffId: 'staff', reason: 'ID_CHECKED', note: NOTE });
    expect(JSON.stringify(t.store.listAudit())).not.toContain('Budi');
    t.store.close();
    // nowhere in the raw files (the database, WAL, SHM), not even in part
    const raw = rawKioskBytes(t.dbPath);
    expect(raw).toContain('ID_CHECKED');
    expect(raw).not.toContain('Budi Santoso');
    expect(raw).not.toContain('Dikenali');
    const db = new Database(t.dbPath, { readonly: true });
    cleanups.push(() => {
      db.close();
    });
    const rows = JSON.stringify([db.prepare('SELECT override_json FROM visits').all(), db.prepare('SELECT payload FROM visit_outbox').all(), db.prepare('SELECT * FROM audit_log').all()]);
    expect(rows).not.toContain('Budi');
  });

  it('a visit recorded with free text before the codes goes as OTHER with the text masked as its note', () => {
    expect(toWireVisit({
      id: uuidv7(), deviceTime: '2026-12-03T10:00:00.000Z', serverTime: null, clockOffsetMs: 0, clockStatus: 'ok', venueId: 'v', gateId: 'g', direction: 'entry',
      outcome: 'ADMIT', reason: 'STAFF_OVERRIDE', nikHash: null, identity: 'NONE', registrationId: null, faceDistance: null, livenessScore: null, riskListVersion: null,
      override: { by: 'staff', reason: 'KTP dicek: Budi 3271011508850009', originalOutcome: 'REFER', originalReason: 'X' },
    }).override).toEqual({ staffId: 'staff', reason: 'OTHER', note: 'KTP dicek: Budi [angka]' });
  });

  it('the note rule: 8+ digits in a run are a number to keep out, short numbers stay', () => {
    expect(hasNikLikeDigits('antre di pintu 2, jam 14.30')).toBe(false);
    expect(hasNikLikeDigits('3271 0115 0885 0009')).toBe(true);
    expect(maskNikLikeDigits('NIK 3271011508850009 / HP 081234567890')).toBe('NIK [angka] / HP [angka]');
    expect(OverrideNote.safeParse('x'.repeat(121)).success).toBe(false);
    expect(OverrideNote.safeParse('  Dikenali satpam  ').data).toBe('Dikenali satpam');
  });
});

const pgUrl = postgresUrl();
const backends: Backend[] = pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(backends)('override notes on the city server (%s)', (backend) => {
  let s: TestCityServer;
  let client: DeviceClient;
  let hashKey: string;
  let schema: string | null = null;
  beforeAll(async () => {
    s = await startTestCityServer(backend, { pgUrl: pgUrl ?? undefined, config: { rateLimitPerSecond: 10_000, rateLimitBurst: 10_000 } });
    const dev = await enrolDevice(s.url, await s.newEnrolmentCode());
    hashKey = dev.enrolment.nikHashKey;
    client = new DeviceClient(s.url, dev);
    if (backend === 'postgres') schema = (s.store as unknown as { schema: string }).schema;
  });
  afterAll(async () => {
    await s?.destroy();
  });

  it('stores the code in clear and the note masked and sealed', async () => {
    const v = {
      id: uuidv7(), venueId: s.venueId, gateId: s.gateId, occurredAt: new Date().toISOString(), deviceTime: new Date().toISOString(), clockOffsetMs: 0, clockSuspect: false,
      identity: 'NIK', nikHash: nikHash(hashKey, '3271014501900001'), outcome: 'ADMIT', reason: 'STAFF_OVERRIDE',
      // an older or careless kiosk let a NIK through: the server masks it before sealing
      override: { staffId: 'staff', reason: 'ID_CHECKED', note: 'Budi Santoso 3271011508850009' }, faceDistance: null, livenessScore: null, riskListVersion: 1, checkedOutAt: null,
    };
    const r = await client.call('visits', { body: { visits: [v] } });
    expect(r.body.results).toEqual([{ id: v.id, status: 'accepted' }]);
    let row: { override_reason: string; override_note: string };
    if (backend === 'sqlite') {
      await s.close();
      const db = new Database(path.join(s.dataDir, SQLITE_FILE), { readonly: true });
      row = db.prepare('SELECT override_reason, override_note FROM visits WHERE id = ?').get(v.id) as typeof row;
      db.close();
      const raw = rawKioskBytes(path.join(s.dataDir, SQLITE_FILE));
      expect(raw).not.toContain('Budi');
      expect(raw).not.toContain('3271011508850009');
    } else {
      const c = new pg.Client({ connectionString: pgUrl! });
      await c.connect();
      row = (await c.query(`SELECT override_reason, override_note FROM ${schema!}.visits WHERE id = $1`, [v.id])).rows[0] as typeof row;
      await c.end();
    }
    expect(row.override_reason).toBe('ID_CHECKED');
    expect(row.override_note).not.toContain('Budi');
    expect(openOverrideNote(row.override_note, s.keys.dataKey)).toBe('Budi Santoso [angka]');
  });
});
