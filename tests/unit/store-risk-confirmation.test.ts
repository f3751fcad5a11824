// The time a signed head last confirmed the live risk list is current: kept in the store, so after a
// restart the list's age (stale-list policy) still runs from it and not from when the list was applied.
import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore } from '../helpers/store';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const meta = (version: number, issuedAt: string) => ({ listId: 'bogor', version, issuedAt, expiresAt: '2026-12-29T00:00:00.000Z', count: 0, digest: 'd' });

describe('markRiskListConfirmed', () => {
  it('survives closing and reopening the store; the list keeps its applied time', () => {
    const t = openTestStore();
    cleanups.push(t.cleanup);
    const appliedAt = t.clock.now().toISOString();
    t.store.applyRiskSnapshot(meta(3, appliedAt), []);
    expect(t.store.riskListMeta()).toMatchObject({ version: 3, appliedAt, confirmedAt: null });
    t.clock.advanceDays(3);
    const confirmedAt = t.clock.now().toISOString();
    expect(t.store.markRiskListConfirmed(confirmedAt)).toBe(true);
    t.store.close();
    const reopened = t.reopen();
    expect(reopened.riskListMeta()).toMatchObject({ version: 3, appliedAt, confirmedAt });
  });

  it('without a live list there is nothing to confirm; a bad time is refused', () => {
    const t = openTestStore();
    cleanups.push(t.cleanup);
    expect(t.store.markRiskListConfirmed(t.clock.now().toISOString())).toBe(false);
    expect(t.store.riskListMeta()).toBeNull();
    t.store.applyRiskSnapshot(meta(1, t.clock.now().toISOString()), []);
    expect(() => t.store.markRiskListConfirmed('yesterday')).toThrow(/BAD_INPUT/);
    expect(t.store.riskListMeta()!.confirmedAt).toBeNull();
  });
});
