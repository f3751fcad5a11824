// One way to build a message a person reads: `{ id, en }` with named fields (Bahasa Indonesia first), so the
// two languages cannot be swapped unnoticed the way two positional strings could.
import { afterEach, describe, expect, it } from 'vitest';
import { badInput } from '../../electron/store/codec';
import { StoreError } from '../../electron/store/types';
import { bilingual } from '../../sync/protocol/bilingual';
import { openTestStore } from '../helpers/store';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

describe('bilingual messages', () => {
  it('are built from named fields only', () => {
    expect(bilingual({ id: 'Silakan masuk', en: 'Please enter' })).toEqual({ id: 'Silakan masuk', en: 'Please enter' });
    // @ts-expect-error two positional strings do not compile: a swap would not show at the call
    expect(() => bilingual('Silakan masuk', 'Please enter')).toThrow(TypeError);
    // @ts-expect-error the store's errors take the same shape
    expect(() => new StoreError('BAD_INPUT', 'english text', 'teks indonesia')).toThrow(TypeError);
    // @ts-expect-error and so does badInput
    expect(() => badInput('english text', 'teks indonesia')).toThrow(TypeError);
  });

  it('a store error carries both languages, Indonesian as id', () => {
    const e = badInput({ id: 'waktu tidak sah', en: 'bad time' });
    expect(e).toBeInstanceOf(StoreError);
    expect(e.bilingual).toEqual({ id: 'waktu tidak sah', en: 'bad time' });
    expect(e.message).toBe('BAD_INPUT: bad time');
    const t = openTestStore();
    cleanups.push(t.cleanup);
    t.store.applyRiskSnapshot({ listId: 'bogor', version: 1, issuedAt: t.clock.now().toISOString(), expiresAt: '2026-12-29T00:00:00.000Z', count: 0, digest: 'd' }, []);
    let caught: unknown;
    try {
      t.store.markRiskListConfirmed('yesterday');
    } catch (err) {
      caught = err;
    }
    expect((caught as StoreError).bilingual).toEqual({ id: expect.stringMatching(/bukan waktu ISO yang sah/), en: expect.stringMatching(/not a valid ISO time/) });
  });
});
