// The audit log is a hash chain: editing, deleting, reordering or truncating rows by raw SQL is detected.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore } from '../helpers/store';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

/** a store with 5 audit rows, closed, plus a raw connection to tamper with */
function chainOf5() {
  const t = openTestStore();
  cleanups.push(t.cleanup);
  const actions = ['admin.pin-changed', 'visit.override', 'visit.check-out', 'setup.camera', 'admin.exit-kiosk'];
  actions.forEach((action, i) => {
    t.store.appendAudit({ actor: `staff-${i}`, action, target: `t-${i}`, detail: { n: i, note: 'ok' } });
    t.clock.advance(1000);
  });
  expect(t.store.verifyAuditChain()).toMatchObject({ ok: true, rows: 5 });
  t.store.close();
  const raw = new Database(t.dbPath);
  return {
    raw,
    verify: () => {
      raw.close();
      return t.reopen().verifyAuditChain();
    },
    reopen: () => {
      raw.close();
      return t.reopen();
    },
  };
}

describe('audit chain', () => {
  it('links each row to the previous one, starting from a zero genesis', () => {
    const t = openTestStore();
    cleanups.push(t.cleanup);
    const a = t.store.appendAudit({ actor: 'admin', action: 'setup.enrolled' });
    const b = t.store.appendAudit({ actor: 'staff-1', action: 'visit.override', target: 'v-1', detail: { to: 'ADMIT' } });
    expect(a.prevHash).toBe('0'.repeat(64));
    expect(b.prevHash).toBe(a.hash);
    expect(b.seq).toBe(2);
    expect(t.store.verifyAuditChain()).toEqual({ ok: true, rows: 2, head: b.hash });
    expect(t.store.listAudit().map((e) => e.seq)).toEqual([2, 1]);
  });

  it('an empty log verifies', () => {
    const t = openTestStore();
    cleanups.push(t.cleanup);
    expect(t.store.verifyAuditChain()).toMatchObject({ ok: true, rows: 0 });
  });

  it('detects an edited field', () => {
    const { raw, verify } = chainOf5();
    raw.prepare("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 3").run();
    expect(verify()).toMatchObject({ ok: false, brokenAtSeq: 3, problem: 'hash-mismatch' });
  });

  it('detects an edited detail even when the row hash is recomputed by the editor', () => {
    const { raw, verify } = chainOf5();
    // editor recomputes row 2's own hash but cannot fix row 3's link without rewriting the rest
    raw.prepare("UPDATE audit_log SET detail_json = '{\"n\":1,\"note\":\"forged\"}', hash = 'f'||substr(hash, 2) WHERE seq = 2").run();
    const r = verify();
    expect(r.ok).toBe(false);
    expect(r).toMatchObject({ brokenAtSeq: 2 });
  });

  it('detects a deleted row in the middle', () => {
    const { raw, verify } = chainOf5();
    raw.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    expect(verify()).toMatchObject({ ok: false, brokenAtSeq: 3, problem: 'sequence-gap' });
  });

  it('detects a deleted row renumbered to hide the gap', () => {
    const { raw, verify } = chainOf5();
    raw.exec('DELETE FROM audit_log WHERE seq = 2; UPDATE audit_log SET seq = seq - 1 WHERE seq > 2');
    expect(verify()).toMatchObject({ ok: false, brokenAtSeq: 2 });
  });

  it('detects reordered rows', () => {
    const { raw, verify } = chainOf5();
    // swap the contents of rows 2 and 4 (keeping the seq numbers in place)
    raw.exec(`
      UPDATE audit_log SET seq = -2 WHERE seq = 2;
      UPDATE audit_log SET seq = 2 WHERE seq = 4;
      UPDATE audit_log SET seq = 4 WHERE seq = -2;`);
    expect(verify()).toMatchObject({ ok: false, brokenAtSeq: 2 });
  });

  it('detects rows cut off the end (head mismatch)', () => {
    const { raw, verify } = chainOf5();
    raw.prepare('DELETE FROM audit_log WHERE seq >= 4').run();
    expect(verify()).toMatchObject({ ok: false, rows: 3, problem: 'head-mismatch' });
  });

  it('integrityCheck reports a broken chain', () => {
    const { raw, reopen } = chainOf5();
    raw.prepare("UPDATE audit_log SET action = 'nothing' WHERE seq = 5").run();
    const report = reopen().integrityCheck();
    expect(report).toMatchObject({ ok: false, sqlite: ['ok'], foreignKeyViolations: 0, audit: { ok: false, brokenAtSeq: 5, problem: 'hash-mismatch' } });
  });

  it('refuses an entry without actor or action', () => {
    const t = openTestStore();
    cleanups.push(t.cleanup);
    expect(() => t.store.appendAudit({ actor: '', action: 'x' })).toThrow(/BAD_INPUT/);
    expect(() => t.store.appendAudit({ actor: 'a', action: '' })).toThrow(/BAD_INPUT/);
    expect(t.store.verifyAuditChain()).toMatchObject({ ok: true, rows: 0 });
  });
});
