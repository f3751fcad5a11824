// What a store failure looks like at the kiosk: the store's known errors reach the screens (and staff) with
// their own code and both languages, not as a bare INTERNAL; a staff override is all or nothing.
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { hashPin } from '../../electron/kiosk/pin';
import { fileSettings } from '../../electron/kiosk/settings-file';
import { sealName } from '../../sync/protocol/api/registration-name';
import { ok, openTestKiosk, provisionOffline, type TestKiosk } from './kiosk-fixture';

const kiosks: TestKiosk[] = [];
afterEach(async () => {
  for (const k of kiosks.splice(0)) await k.cleanup();
});

async function kiosk(policy: Record<string, unknown> = {}): Promise<TestKiosk> {
  // no face engine: every identified visitor is decided at once and recorded
  const t = await openTestKiosk({ engine: 'none' });
  kiosks.push(t);
  provisionOffline(t, { policy });
  fileSettings(path.join(t.dir, 'kiosk-settings.json')).save({ adminPinHash: hashPin(PIN), staffPinHash: null, cameraId: null, gateName: 'Pintu Utara' });
  return t;
}

const PIN = '482915';
const NIK = '3271011508850001';

const dbOf = (t: TestKiosk): Database.Database => (t.kiosk.store as unknown as { ctx: { db: Database.Database } }).ctx.db;

describe('store failures at the kiosk', () => {
  it('a full disk during recordVisit reaches the caller as STORAGE_FULL, in both languages', async () => {
    const t = await kiosk();
    const db = dbOf(t);
    // cap the file at its current size on the store's own connection: the next growth fails like a full disk
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    let answer: Awaited<ReturnType<TestKiosk['service']['api']['submitScan']>> | null = null;
    for (let i = 0; i < 300; i++) {
      answer = await t.service.api.submitScan({ text: `327101150885${String(i + 1).padStart(4, "0")}`, source: 'keypad' });
      if (!answer.ok) break;
    }
    db.pragma('max_page_count = 1073741823');
    expect(answer).toEqual({
      ok: false,
      error: { code: 'STORAGE_FULL', message: { id: expect.stringMatching(/penyimpanan kios penuh/), en: expect.stringMatching(/storage is full/) } },
    });
  });

  it('a staff override is one transaction: a failure in the middle leaves nothing written', async () => {
    // no face check required, a current (empty) risk list: a registered visitor is admitted without the engine
    const t = await kiosk({ requireFace: false, requireLiveness: false });
    const { store } = t.kiosk;
    const now = t.clock.now().toISOString();
    store.applyRiskSnapshot({ listId: 'bogor', version: 1, issuedAt: now, expiresAt: new Date(t.clock.ms + 7 * 86_400_000).toISOString(), count: 0, digest: 'd' }, []);
    store.upsertRegistrations([{ nikHash: store.hashNik(NIK), registrationId: 'reg-budi', displayName: sealName(store.getDeviceConfig()!.nikHashKey, NIK, 'Budi Santoso'), templates: [] }]);
    const scan = await ok(t.service.api.submitScan({ text: NIK, source: 'keypad' }));
    if (scan.next !== 'result') throw new Error('expected a result without a face check');
    expect(scan.result.outcome).toBe('ADMIT');
    const visitId = scan.result.visitId!;
    const { token } = await ok(t.service.api.staffUnlock({ pin: PIN }));

    const db = dbOf(t);
    const counts = () => ({
      visits: (db.prepare('SELECT count(*) AS n FROM visits').get() as { n: number }).n,
      outbox: store.outboxDepth(),
      checkouts: store.checkoutOutboxDepth(),
      audit: store.listAudit({ limit: 1000 }).length,
      occupancy: store.occupancy().current,
      checkedOut: store.getVisit(visitId)!.checkedOutAt,
    });
    const before = counts();
    // the last of the override's writes (its audit entry) fails
    db.exec(`CREATE TEMP TRIGGER fail_override_audit BEFORE INSERT ON audit_log WHEN NEW.action = 'decision.override'
             BEGIN SELECT RAISE(ABORT, 'disk error in the middle of an override'); END`);
    const failed = await t.service.api.override({ token, visitId, outcome: 'DENY', reason: 'WRONG_PERSON' });
    expect(failed.ok).toBe(false);
    expect(counts()).toEqual(before);
    expect(before).toMatchObject({ occupancy: 1, checkedOut: null });

    db.exec('DROP TRIGGER fail_override_audit');
    const done = await ok(t.service.api.override({ token, visitId, outcome: 'DENY', reason: 'WRONG_PERSON' }));
    expect(done.overridden).toMatchObject({ outcome: 'DENY' });
    expect(counts()).toMatchObject({ visits: before.visits + 1, occupancy: 0 });
    expect(store.listAudit({ limit: 3 }).map((a) => a.action).sort()).toEqual(['decision.override', 'visit.check-out', 'visit.override']);
    expect(store.verifyAuditChain().ok).toBe(true);
  });
});
