// Visits, their outbox, priority alerts, occupancy, check-out and retention — with a clock the test moves.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskStore, VisitInput } from '../../electron/store/index';
import { CHECKOUT_NEXT_SQL, COUNT_UNACKED_BEFORE_SQL, LATEST_OPEN_BY_PERSON_SQL, OCCUPANCY_SQL, OLDEST_UNACKED_SQL, OUTBOX_NEXT_SQL, PURGE_ACKED_SQL } from '../../electron/store/visits';
import { priorityAlertStatus, VISIT_REASONS } from '../../sync/protocol/priority-alert';
import { openTestStore, codeOf } from '../helpers/store';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function setup(config = {}) {
  const t = openTestStore({ config });
  cleanups.push(t.cleanup);
  return t;
}
const person = (): string => randomBytes(32).toString('hex');
const admit = (nikHash: string | null, extra: Partial<VisitInput> = {}): VisitInput => ({ direction: 'entry', outcome: 'ADMIT', reason: 'ADMIT', nikHash, faceDistance: 0.3, livenessScore: 0.98, riskListVersion: 4, ...extra });
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('recordVisit', () => {
  it('writes the visit and its outbox row, with a UUIDv7 id and the device time', () => {
    const { store, clock } = setup();
    const h = person();
    const { id, alertQueued } = store.recordVisit(admit(h, { registrationId: 'reg-9' }));
    expect(id).toMatch(UUID_V7);
    expect(alertQueued).toBe(false);
    const v = store.getVisit(id)!;
    expect(v).toMatchObject({
      deviceTime: clock.now().toISOString(), gateId: 'gate-a', venueId: 'venue-botani', direction: 'entry', outcome: 'ADMIT',
      nikHash: h, registrationId: 'reg-9', faceDistance: 0.3, livenessScore: 0.98, riskListVersion: 4, ackedAt: null, checkedOutAt: null,
    });
    const [item] = store.nextOutboxBatch(10);
    expect(item!.id).toBe(id);
    expect(item!.visit).toMatchObject({ id, nikHash: h, outcome: 'ADMIT', deviceTime: v.deviceTime });
    expect(store.outboxDepth()).toBe(1);
  });

  it('ids sort by time (UUIDv7) and the outbox hands visits out oldest first', () => {
    const { store, clock } = setup();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(store.recordVisit(admit(person())).id);
      clock.advance(1000);
    }
    expect([...ids].sort()).toEqual(ids);
    expect(store.nextOutboxBatch(3).map((o) => o.id)).toEqual(ids.slice(0, 3));
  });

  it('ids made in the same millisecond still sort in recording order (monotonic UUIDv7)', () => {
    const { store } = setup();
    const ids = Array.from({ length: 50 }, () => store.recordVisit(admit(person())).id);
    expect(new Set(ids).size).toBe(50);
    expect([...ids].sort()).toEqual(ids);
    expect(store.nextOutboxBatch(100).map((o) => o.id)).toEqual(ids);
    expect(store.nextOutboxBatch(100).map((o) => o.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('marks the clock: unknown until measured, then server time = device time + offset, off beyond 60 s', () => {
    const { store, clock } = setup();
    expect(store.getVisit(store.recordVisit(admit(null)).id)).toMatchObject({ clockStatus: 'unknown', serverTime: null });
    store.saveClockOffset(1500);
    const ok = store.getVisit(store.recordVisit(admit(null)).id)!;
    expect(ok).toMatchObject({ clockStatus: 'ok', clockOffsetMs: 1500, serverTime: new Date(clock.now().getTime() + 1500).toISOString() });
    store.saveClockOffset(-86_400_000);
    expect(store.getVisit(store.recordVisit(admit(null)).id)).toMatchObject({ clockStatus: 'off', clockOffsetMs: -86_400_000 });
  });

  it('a risk denial (DENY RISK_CONFIRMED / RISK_SUSPECT) queues a priority alert in the same transaction', () => {
    const { store } = setup();
    const h = person();
    const deny = store.recordVisit({ direction: 'entry', outcome: 'DENY', reason: 'RISK_CONFIRMED', nikHash: h, riskListVersion: 7 });
    expect(deny.alertQueued).toBe(true);
    // a close contact or a DENY for another reason is not a priority alert
    expect(store.recordVisit({ direction: 'entry', outcome: 'DENY', reason: 'RISK_CLOSE_CONTACT', nikHash: person() }).alertQueued).toBe(false);
    expect(store.recordVisit({ direction: 'entry', outcome: 'DENY', reason: 'VENUE_FULL', nikHash: person() }).alertQueued).toBe(false);
    const alerts = store.nextAlertBatch();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.alert).toMatchObject({ kind: 'DENY_RISK', visitId: deny.id, nikHash: h, riskStatus: 'CONFIRMED', riskListVersion: 7, venueId: 'venue-botani' });
    expect(store.ackAlerts([alerts[0]!.id])).toBe(1);
    expect(store.alertOutboxDepth()).toBe(0);
    // the status itself is kept only with the alert, not as a field of the visit
    expect(store.getVisit(deny.id)).not.toHaveProperty('riskStatus');
  });

  it('every reason code × outcome: the store queues an alert exactly when the alert rule says so, with its status', () => {
    const { store } = setup();
    for (const reason of VISIT_REASONS) {
      for (const outcome of ['ADMIT', 'DENY', 'REFER'] as const) {
        const before = store.alertOutboxDepth();
        const r = store.recordVisit({ direction: 'entry', outcome, reason, nikHash: person(), identity: 'QR' });
        const expected = priorityAlertStatus({ outcome, reason });
        expect({ reason, outcome, queued: r.alertQueued }).toEqual({ reason, outcome, queued: expected !== null });
        expect(store.alertOutboxDepth()).toBe(before + (expected === null ? 0 : 1));
      }
    }
    expect(store.nextAlertBatch(100).map((a) => a.alert.riskStatus)).toEqual(['CONFIRMED', 'SUSPECT']);
    // without a NIK there is nobody to alert about
    expect(store.recordVisit({ direction: 'entry', outcome: 'DENY', reason: 'RISK_CONFIRMED', nikHash: null }).alertQueued).toBe(false);
  });

  it('an override is kept on the visit and written to the audit log atomically', () => {
    const { store } = setup();
    const { id } = store.recordVisit(admit(person(), { reason: 'STAFF_OVERRIDE', override: { by: 'staff-3', reason: 'ID_CHECKED', note: 'Petugas memeriksa KTP', originalOutcome: 'REFER', originalReason: 'FACE_MISMATCH' } }));
    expect(store.getVisit(id)!.override).toEqual({ by: 'staff-3', reason: 'ID_CHECKED', note: 'Petugas memeriksa KTP', originalOutcome: 'REFER', originalReason: 'FACE_MISMATCH' });
    expect(store.listAudit()[0]).toMatchObject({ actor: 'staff-3', action: 'visit.override', target: id });
    expect(store.verifyAuditChain().ok).toBe(true);
    expect(codeOf(() => store.recordVisit(admit(person(), { override: { by: 'staff-3', reason: ' ', originalOutcome: 'DENY', originalReason: 'X' } })))).toBe('BAD_INPUT');
  });

  it.each<[string, Partial<VisitInput>]>([
    ['outcome', { outcome: 'MAYBE' as never }],
    ['direction', { direction: 'sideways' as never }],
    ['reason', { reason: '' }],
    ['nikHash', { nikHash: '3271014101900001' }],
    ['faceDistance', { faceDistance: Number.NaN }],
    ['riskListVersion', { riskListVersion: 1.5 }],
  ])('a bad %s is refused and nothing is written', (_f, bad) => {
    const { store } = setup();
    expect(codeOf(() => store.recordVisit({ ...admit(person()), ...bad }))).toBe('BAD_INPUT');
    expect(store.outboxDepth()).toBe(0);
  });

  it('keeps how the visitor identified on the visit and in the frozen upload body', () => {
    const { store } = setup();
    const qr = store.recordVisit(admit(person(), { identity: 'QR', registrationId: 'reg-1' })).id;
    // a registered person who typed their NIK identified by NIK, not by QR
    const typed = store.recordVisit(admit(person(), { identity: 'NIK', registrationId: 'reg-2' })).id;
    const nobody = store.recordVisit(admit(null, { outcome: 'REFER', reason: 'NO_IDENTITY' })).id;
    const unknown = store.recordVisit(admit(person())).id;
    expect([qr, typed, nobody, unknown].map((id) => store.getVisit(id)!.identity)).toEqual(['QR', 'NIK', 'NONE', null]);
    expect(store.nextOutboxBatch(4).map((o) => o.visit.identity)).toEqual(['QR', 'NIK', 'NONE', null]);
  });

  it('refuses an identity that contradicts the NIK hash, and records nothing', () => {
    const { store } = setup();
    expect(codeOf(() => store.recordVisit(admit(person(), { identity: 'NONE' })))).toBe('BAD_INPUT');
    expect(codeOf(() => store.recordVisit(admit(null, { identity: 'QR' })))).toBe('BAD_INPUT');
    expect(codeOf(() => store.recordVisit(admit(person(), { identity: 'KTP' as never })))).toBe('BAD_INPUT');
    expect(store.outboxDepth()).toBe(0);
  });

  it('refuses to record before enrolment', () => {
    const t = openTestStore({ enrol: false });
    cleanups.push(t.cleanup);
    expect(codeOf(() => t.store.recordVisit(admit(null)))).toBe('NOT_ENROLLED');
  });
});

describe('outbox', () => {
  it('ack removes rows from the queue, marks the visits acknowledged, and ignores unknown ids', () => {
    const { store } = setup();
    const a = store.recordVisit(admit(person())).id;
    const b = store.recordVisit(admit(person())).id;
    expect(store.ackOutbox([a, 'not-a-visit'], '2026-11-29T08:00:05.000Z')).toBe(1);
    expect(store.nextOutboxBatch(10).map((o) => o.id)).toEqual([b]);
    expect(store.getVisit(a)!.ackedAt).toBe('2026-11-29T08:00:05.000Z');
    expect(store.getVisit(b)!.ackedAt).toBeNull();
    // acking twice (a duplicate answer after a retry) is harmless
    expect(store.ackOutbox([a], '2026-11-29T08:00:06.000Z')).toBe(0);
  });

  it('the upload body is frozen: a check-out after recording does not change what a retry sends', () => {
    const { store } = setup();
    const h = person();
    const { id } = store.recordVisit(admit(h));
    const before = store.nextOutboxBatch(1)[0]!.visit;
    store.checkOut({ visitId: id }, 'staff', 'staff-1');
    expect(store.nextOutboxBatch(1)[0]!.visit).toEqual(before);
  });

  it('dead-letter moves one visit aside with its reason, does not block the rest, and raises an alert', () => {
    const { store } = setup();
    const ids = [0, 1, 2].map(() => store.recordVisit(admit(person())).id);
    expect(store.deadLetter(ids[1]!, 'conflict: different body for the same id')).toBe(true);
    expect(store.deadLetter(ids[1]!, 'again')).toBe(false);
    expect(store.nextOutboxBatch(10).map((o) => o.id)).toEqual([ids[0], ids[2]]);
    const [dl] = store.listDeadLetters();
    expect(dl).toMatchObject({ kind: 'visit', refId: ids[1], reason: 'conflict: different body for the same id' });
    expect((dl!.payload as { id: string }).id).toBe(ids[1]);
    expect(store.listAlerts({ unresolvedOnly: true }).map((a) => a.code)).toContain('DEAD_LETTER');
    // the visit itself is kept (not acknowledged, never silently dropped)
    expect(store.getVisit(ids[1]!)).not.toBeNull();
  });

  it('next batch reads the outbox in key order without a sort (EXPLAIN QUERY PLAN)', () => {
    const { store, dbPath } = setup();
    store.recordVisit(admit(person()));
    const raw = new Database(dbPath, { readonly: true });
    const plan = (sql: string, ...args: unknown[]) => (raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan(OUTBOX_NEXT_SQL, 500)).toBe('SCAN visit_outbox');
    expect(plan(OCCUPANCY_SQL, 0)).toMatch(/^SEARCH visits USING (COVERING )?INDEX visits_open \(device_time>\?\)$/);
    expect(plan(LATEST_OPEN_BY_PERSON_SQL, Buffer.alloc(32), 0)).toMatch(/^SEARCH visits USING (COVERING )?INDEX visits_open \(device_time>\?\)$/);
    // the outbox is the outer loop (small), each visit found by its key — never a scan of all visits
    expect(plan(OLDEST_UNACKED_SQL)).toMatch(/^(SCAN|SEARCH) o( USING (COVERING INDEX \w+|PRIMARY KEY))? \| SEARCH v USING PRIMARY KEY \(id=\?\)$/);
    expect(plan(COUNT_UNACKED_BEFORE_SQL, 0)).toMatch(/^(SCAN|SEARCH) o( USING (COVERING INDEX \w+|PRIMARY KEY))? \| SEARCH v USING PRIMARY KEY \(id=\?\)$/);
    expect(plan(PURGE_ACKED_SQL, 0)).toMatch(/SEARCH visits USING INDEX visits_acked_by_time \(device_time<\?\)/);
    raw.close();
  });
});

const retentionAlerts = (store: KioskStore) => store.listAlerts({ unresolvedOnly: true }).filter((a) => a.code === 'RETENTION_NEAR');

function admitMany(store: KioskStore, n: number): string[] {
  return Array.from({ length: n }, () => store.recordVisit(admit(person())).id);
}

describe('occupancy and check-out', () => {
  it('counts admitted entries not checked out and younger than the dwell time', () => {
    const { store, clock } = setup({ dwellMinutes: 180, venueCapacity: 50 });
    admitMany(store, 3);
    store.recordVisit({ direction: 'entry', outcome: 'DENY', reason: 'FACE_MISMATCH', nikHash: person() });
    store.recordVisit({ direction: 'entry', outcome: 'REFER', reason: 'LIVENESS_FAILED', nikHash: person() });
    expect(store.occupancy()).toEqual({ current: 3, capacity: 50, dwellMinutes: 180 });
    clock.advanceMinutes(120);
    admitMany(store, 2);
    expect(store.occupancy().current).toBe(5);
    clock.advanceMinutes(61); // the first three are now past 3 h
    expect(store.occupancy().current).toBe(2);
  });

  it('an exit-gate scan checks out the person\'s latest open entry', () => {
    const { store, clock } = setup();
    const h = person();
    const first = store.recordVisit(admit(h)).id;
    clock.advanceMinutes(10);
    const second = store.recordVisit(admit(h)).id;
    admitMany(store, 1);
    clock.advanceMinutes(30);
    const exit = store.recordVisit({ direction: 'exit', outcome: 'ADMIT', reason: 'CHECK_OUT', nikHash: h, gateId: 'gate-exit' });
    expect(exit.checkedOutVisitId).toBe(second);
    expect(store.getVisit(second)).toMatchObject({ checkedOutAt: clock.now().toISOString(), checkedOutBy: 'exit-gate' });
    expect(store.getVisit(first)!.checkedOutAt).toBeNull();
    expect(store.getVisit(exit.id)).toMatchObject({ direction: 'exit', gateId: 'gate-exit' });
    expect(store.occupancy().current).toBe(2);
    // checkOut by NIK hash does the same for the older one
    expect(store.checkOut({ nikHash: h }, 'exit-gate')).toEqual({ visitId: first });
    expect(store.checkOut({ nikHash: h }, 'exit-gate')).toBeNull();
    expect(store.occupancy().current).toBe(1);
  });

  it('staff check-out by visit id is audited; a closed or unknown visit is not checked out twice', () => {
    const { store } = setup();
    const [a] = admitMany(store, 1);
    expect(store.checkOut({ visitId: a! }, 'staff', 'staff-5')).toEqual({ visitId: a });
    expect(store.checkOut({ visitId: a! }, 'staff', 'staff-5')).toBeNull();
    expect(store.checkOut({ visitId: 'nope' }, 'staff', 'staff-5')).toBeNull();
    expect(store.getVisit(a!)!.checkedOutBy).toBe('staff');
    expect(store.listAudit()[0]).toMatchObject({ actor: 'staff-5', action: 'visit.check-out', target: a });
    expect(store.occupancy().current).toBe(0);
  });

  it('automatic check-out closes visits at entry + dwell', () => {
    const { store, clock } = setup({ dwellMinutes: 60 });
    const [old] = admitMany(store, 1);
    const entryAt = clock.now().getTime();
    clock.advanceMinutes(30);
    const [young] = admitMany(store, 1);
    clock.advanceMinutes(45);
    expect(store.autoCheckOut()).toBe(1);
    expect(store.getVisit(old!)).toMatchObject({ checkedOutBy: 'auto', checkedOutAt: new Date(entryAt + 3_600_000).toISOString() });
    expect(store.getVisit(young!)!.checkedOutAt).toBeNull();
    expect(store.occupancy().current).toBe(1);
  });
});

describe('check-out outbox (check-outs that come after the visit was queued or uploaded)', () => {
  const ACK = '2026-11-29T09:00:00.000Z';

  it('a staff check-out is queued with the corrected time and offered only once its visit has left the outbox', () => {
    const { store, clock } = setup();
    store.saveClockOffset(90_000, clock.now().toISOString()); // server runs 90 s ahead of this tablet
    const [sent, waiting] = admitMany(store, 2);
    store.ackOutbox([sent!], ACK);
    clock.advanceMinutes(20);
    store.checkOut({ visitId: sent! }, 'staff', 'staff-1');
    store.checkOut({ visitId: waiting! }, 'staff', 'staff-1');
    expect(store.checkoutOutboxDepth()).toBe(2);
    const corrected = new Date(clock.now().getTime() + 90_000).toISOString();
    expect(store.nextCheckoutBatch(10)).toEqual([{ id: sent, checkedOutAt: corrected, attempts: 0, enqueuedAt: clock.now().toISOString() }]);
    store.ackOutbox([waiting!], ACK);
    expect(store.nextCheckoutBatch(10).map((c) => c.id)).toEqual([sent, waiting]);
    store.markCheckoutAttempt([sent!]);
    expect(store.nextCheckoutBatch(1)[0]!.attempts).toBe(1);
    expect(store.ackCheckouts([sent!, 'unknown-id'])).toBe(1);
    expect(store.nextCheckoutBatch(10).map((c) => c.id)).toEqual([waiting]);
  });

  it('an exit-gate scan and the automatic check-out queue theirs in the same transaction', () => {
    const { store, clock } = setup({ dwellMinutes: 60 });
    const h = person();
    const entry = store.recordVisit(admit(h)).id;
    const [forgotten] = admitMany(store, 1);
    const entryAt = clock.now().getTime();
    store.ackOutbox([entry, forgotten!], ACK);
    clock.advanceMinutes(15);
    const exit = store.recordVisit({ direction: 'exit', outcome: 'ADMIT', reason: 'CHECK_OUT', nikHash: h, identity: 'NIK' });
    store.ackOutbox([exit.id], ACK);
    clock.advanceMinutes(50);
    expect(store.autoCheckOut()).toBe(1);
    const queued = new Map(store.nextCheckoutBatch(10).map((c) => [c.id, c.checkedOutAt]));
    expect(queued).toEqual(new Map([
      [entry, new Date(entryAt + 15 * 60_000).toISOString()], // offset never measured: device time
      [forgotten!, new Date(entryAt + 60 * 60_000).toISOString()],
    ]));
    expect(store.autoCheckOut()).toBe(0);
    expect(store.checkoutOutboxDepth()).toBe(2);
  });

  it('a check-out never closes a visit twice, nor is queued twice; a dead-lettered visit takes its check-out along', () => {
    const { store } = setup();
    const [a, b] = admitMany(store, 2);
    store.checkOut({ visitId: a! }, 'staff', 'staff-1');
    store.checkOut({ visitId: a! }, 'staff', 'staff-1');
    store.checkOut({ visitId: b! }, 'staff', 'staff-1');
    expect(store.checkoutOutboxDepth()).toBe(2);
    store.deadLetter(b!, 'REJECTED:invalid_item');
    store.ackOutbox([a!], ACK);
    expect(store.nextCheckoutBatch(10).map((c) => c.id)).toEqual([a]);
    expect(store.checkoutOutboxDepth()).toBe(1);
  });

  it('retention purges an acknowledged visit even while its check-out still waits (the check-out is kept)', () => {
    const { store, clock } = setup({ retentionDays: 14 });
    const [a] = admitMany(store, 1);
    store.ackOutbox([a!], ACK);
    store.checkOut({ visitId: a! }, 'staff', 'staff-1');
    clock.advanceDays(15);
    expect(store.purgeExpired().visitsPurged).toBe(1);
    expect(store.getVisit(a!)).toBeNull();
    expect(store.nextCheckoutBatch(10).map((c) => c.id)).toEqual([a]);
  });

  it('reads the next check-outs in key order, each visit found by its key (EXPLAIN QUERY PLAN)', () => {
    const { store, dbPath } = setup();
    store.recordVisit(admit(person()));
    const raw = new Database(dbPath, { readonly: true });
    const plan = (raw.prepare(`EXPLAIN QUERY PLAN ${CHECKOUT_NEXT_SQL}`).all(500) as { detail: string }[]).map((r) => r.detail).join(' | ');
    raw.close();
    expect(plan).toMatch(/^SCAN c\b/);
    expect(plan).toMatch(/SEARCH o USING PRIMARY KEY \(visit_id=\?\)/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });
});

describe('retention', () => {
  const DAY = 86_400_000;

  it('purges acknowledged visits after 14 days and keeps the rest', () => {
    const { store, clock } = setup();
    const [acked, unacked] = admitMany(store, 2);
    store.ackOutbox([acked!], clock.now().toISOString());
    clock.advance(13 * DAY);
    expect(store.purgeExpired().visitsPurged).toBe(0);
    clock.advance(1 * DAY + 1000);
    const report = store.purgeExpired();
    expect(report.visitsPurged).toBe(1);
    expect(store.getVisit(acked!)).toBeNull();
    // never purged silently: the unacknowledged one is still there and still queued
    expect(store.getVisit(unacked!)).not.toBeNull();
    expect(store.nextOutboxBatch(10).map((o) => o.id)).toEqual([unacked]);
    expect(report.retentionAlertRaised).toBe(true);
  });

  it('raises a retention alert once the oldest unacknowledged visit is older than retention − 2 days, and clears it when sent', () => {
    const { store, clock } = setup({ retentionDays: 14 });
    const [v] = admitMany(store, 1);
    clock.advance(11 * DAY);
    expect(store.purgeExpired()).toMatchObject({ retentionAlertRaised: false, unackedNearRetention: 0 });
    expect(retentionAlerts(store)).toEqual([]);
    clock.advance(1 * DAY + 1000);
    expect(store.purgeExpired()).toMatchObject({ retentionAlertRaised: true, unackedNearRetention: 1 });
    store.purgeExpired();
    const open = retentionAlerts(store);
    expect(open).toHaveLength(1); // repeated, not duplicated
    expect(open[0]).toMatchObject({ code: 'RETENTION_NEAR', severity: 'critical', count: 2, detail: { unacked: 1, oldestAgeDays: 12, retentionDays: 14 } });
    expect(open[0]!.message.id).toMatch(/belum terkirim/);
    store.ackOutbox([v!], clock.now().toISOString());
    expect(store.purgeExpired().retentionAlertRaised).toBe(false);
    expect(retentionAlerts(store)).toEqual([]);
  });

  it('retention is configurable', () => {
    const { store, clock } = setup({ retentionDays: 3 });
    const [v] = admitMany(store, 1);
    store.ackOutbox([v!], clock.now().toISOString());
    clock.advance(3 * DAY + 1);
    expect(store.purgeExpired().visitsPurged).toBe(1);
  });

  it('purge also auto-checks-out and leaves the database consistent', () => {
    const { store, clock } = setup();
    admitMany(store, 3);
    clock.advance(4 * 3_600_000);
    expect(store.purgeExpired().autoCheckedOut).toBe(3);
    expect(store.integrityCheck()).toMatchObject({ ok: true, foreignKeyViolations: 0 });
  });
});

describe('housekeeping', () => {
  it('runs a purge at start (auto check-out, retention alert) and can be stopped', async () => {
    const { startStoreHousekeeping } = await import('../../electron/store/index');
    const { store, clock } = setup();
    admitMany(store, 2);
    clock.advance(13 * 86_400_000);
    const hk = startStoreHousekeeping(store, { purgeEveryMs: 3_600_000, checkpointEveryMs: 60_000 });
    hk.stop();
    expect(store.occupancy().current).toBe(0);
    expect(retentionAlerts(store)).toHaveLength(1);
    expect(hk.runNow().autoCheckedOut).toBe(0);
  });
});

describe('risk list freshness alert', () => {
  const m = (issuedAt: string, expiresAt: string) => ({ listId: 'l', version: 3, issuedAt, expiresAt, count: 0, digest: 'd' });

  it('counts from the server\'s last confirmation of the list, not only from its issue', () => {
    const { store, clock } = setup();
    store.applyRiskSnapshot(m('2026-11-29T07:00:00.000Z', '2026-12-09T00:00:00.000Z'), []);
    clock.set('2026-11-30T20:00:00.000Z'); // issued 37 h ago
    store.markRiskListConfirmed('2026-11-30T19:55:00.000Z');
    expect(store.purgeExpired().riskListStale).toBe(false);
    clock.set('2026-12-01T20:00:00.000Z'); // 24 h without a confirmation
    expect(store.purgeExpired().riskListStale).toBe(true);
    expect(store.listAlerts({ unresolvedOnly: true })[0]).toMatchObject({ code: 'RISK_LIST_STALE', detail: { ageHours: 24 } });
  });

  it('is raised without a list, after 24 h and on expiry, and resolved by a fresh list', () => {
    const { store, clock } = setup();
    expect(store.purgeExpired().riskListStale).toBe(true);
    expect(store.listAlerts({ unresolvedOnly: true })[0]).toMatchObject({ code: 'RISK_LIST_STALE', severity: 'critical' });
    store.applyRiskSnapshot(m('2026-11-29T07:00:00.000Z', '2026-12-02T00:00:00.000Z'), []);
    expect(store.purgeExpired().riskListStale).toBe(false);
    expect(store.listAlerts({ unresolvedOnly: true })).toEqual([]);
    clock.set('2026-11-30T07:30:00.000Z');
    expect(store.purgeExpired().riskListStale).toBe(true);
    const [stale] = store.listAlerts({ unresolvedOnly: true });
    expect(stale).toMatchObject({ code: 'RISK_LIST_STALE', severity: 'warning', detail: { version: 3, ageHours: 24, expired: false } });
    expect(stale!.message.id).toContain('24 jam');
    clock.set('2026-12-02T00:00:00.000Z');
    store.purgeExpired();
    expect(store.listAlerts({ unresolvedOnly: true })[0]).toMatchObject({ severity: 'critical', detail: { expired: true } });
  });
});

describe('housekeeping before enrolment', () => {
  it('raises no stale-list alert on a kiosk that is not enrolled yet', () => {
    const t = openTestStore({ enrol: false });
    cleanups.push(t.cleanup);
    expect(t.store.purgeExpired()).toMatchObject({ riskListStale: false, visitsPurged: 0 });
    expect(t.store.listAlerts()).toEqual([]);
  });
});

describe('checkpoint', () => {
  it('copies the WAL into the database file when asked (the idle-time checkpoint)', () => {
    const { store } = setup();
    admitMany(store, 20);
    const before = store.storageInfo();
    expect(before.walBytes).toBeGreaterThan(0);
    const r = store.checkpoint();
    expect(r.busy).toBe(false);
    expect(r.walPages).toBeGreaterThan(0);
    expect(r.checkpointedPages).toBe(r.walPages);
    expect(store.storageInfo().dbBytes).toBeGreaterThan(before.dbBytes);
  });
});

describe('full storage', () => {
  it('a visit that does not fit is refused with STORAGE_FULL and nothing half-written', () => {
    const { store } = setup();
    admitMany(store, 1);
    // cap the file at its current size on the store's own connection: the next growth fails like a full disk
    const db = (store as unknown as { ctx: { db: Database.Database } }).ctx.db;
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    let code = 'no error';
    for (let i = 0; i < 200 && code === 'no error'; i++) code = codeOf(() => store.recordVisit(admit(person())));
    expect(code).toBe('STORAGE_FULL');
    const depth = store.outboxDepth();
    db.pragma('max_page_count = 1073741823');
    // every visit that was recorded has its outbox row, and the store goes on working
    expect(store.integrityCheck()).toMatchObject({ ok: true, foreignKeyViolations: 0 });
    expect(store.nextOutboxBatch(1000)).toHaveLength(depth);
    expect(db.prepare('SELECT count(*) AS n FROM visits WHERE id NOT IN (SELECT visit_id FROM visit_outbox)').get()).toEqual({ n: 0 });
    store.recordVisit(admit(person()));
    expect(store.outboxDepth()).toBe(depth + 1);
  });
});
