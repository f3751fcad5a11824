// Staff alerts have one enumerated key per condition (sync/protocol/alert-keys.ts): whoever raises a
// condition and whoever clears it use the same key, and a key outside the list does not compile.
import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore } from '../helpers/store';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));
const msg = { id: 'uji', en: 'test' };

describe('alert keys', () => {
  it('a key outside the enumerated list is refused, at compile time and at run time', () => {
    const t = openTestStore();
    cleanups.push(t.cleanup);
    // @ts-expect-error 'risk-stale' is not an AlertKey (the old resolver's spelling of RISK_LIST_STALE)
    expect(() => t.store.raiseAlert({ code: 'risk-stale', severity: 'warning', message: msg })).toThrow(/BAD_INPUT/);
    // @ts-expect-error a free string is not a key either
    expect(t.store.resolveAlert('dead-letter')).toBe(0);
    // a scoped key must belong to its own code
    expect(() => t.store.raiseAlert({ code: 'DEAD_LETTER', severity: 'warning', message: msg, dedupeKey: 'CLOCK_OFF:x' })).toThrow(/BAD_INPUT/);
    expect(t.store.listAlerts()).toHaveLength(0);
  });

  it('resolving a key clears its alert and every per-item alert of it, and nothing else', () => {
    const t = openTestStore();
    cleanups.push(t.cleanup);
    t.store.raiseAlert({ code: 'RISK_LIST_REJECTED', severity: 'critical', message: msg, dedupeKey: 'RISK_LIST_REJECTED:digest_mismatch' });
    t.store.raiseAlert({ code: 'RISK_LIST_REJECTED', severity: 'critical', message: msg, dedupeKey: 'RISK_LIST_REJECTED:bad_signature' });
    t.store.raiseAlert({ code: 'RETENTION_NEAR', severity: 'critical', message: msg });
    t.store.raiseAlert({ code: 'SERVER_RETENTION_NEAR', severity: 'critical', message: msg });
    expect(t.store.resolveAlert('RISK_LIST_REJECTED:bad_signature')).toBe(1);
    expect(t.store.resolveAlert('RISK_LIST_REJECTED')).toBe(1);
    expect(t.store.resolveAlert('RETENTION_NEAR')).toBe(1);
    expect(t.store.listAlerts({ unresolvedOnly: true }).map((a) => a.code)).toEqual(['SERVER_RETENTION_NEAR']);
  });
});
