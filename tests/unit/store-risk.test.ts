// The risk list: whole-list snapshots and deltas each in one transaction; a failure leaves the old list live.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { RiskEntry, RiskListMetaInput } from '../../electron/store/index';
import { RISK_LOOKUP_SQL } from '../../electron/store/risk-list';
import { openTestStore, codeOf } from '../helpers/store';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const hash = (): string => randomBytes(32).toString('hex');
const meta = (version: number, count: number, extra: Partial<RiskListMetaInput> = {}): RiskListMetaInput => ({
  listId: 'bogor-dinkes',
  version,
  issuedAt: '2026-11-29T00:00:00.000Z',
  expiresAt: '2026-12-02T00:00:00.000Z',
  count,
  digest: `sha256:v${version}`,
  ...extra,
});

function setup() {
  const t = openTestStore();
  cleanups.push(t.cleanup);
  return t;
}

describe('risk list snapshot', () => {
  it('replaces the whole list and records its metadata', () => {
    const { store, clock } = setup();
    const a = hash();
    const b = hash();
    const old = hash();
    store.applyRiskSnapshot(meta(1, 1), [{ nikHash: old, status: 'SUSPECT', validUntil: null }]);
    clock.advanceMinutes(5);
    const m = store.applyRiskSnapshot(meta(2, 2), [
      { nikHash: a, status: 'CONFIRMED', validUntil: '2026-12-10T00:00:00.000Z' },
      { nikHash: b, status: 'CLOSE_CONTACT', validUntil: null },
    ]);
    expect(m).toEqual({ ...meta(2, 2), previousVersion: undefined, appliedAt: clock.now().toISOString(), digestAlg: null, setHash: null } as unknown as typeof m);
    expect(store.lookupRisk(a)).toEqual({ status: 'CONFIRMED', validUntil: '2026-12-10T00:00:00.000Z' });
    expect(store.lookupRisk(b)).toEqual({ status: 'CLOSE_CONTACT', validUntil: null });
    expect(store.lookupRisk(old)).toBeNull();
    expect(store.lookupRisk(hash())).toBeNull();
    expect(store.riskListCount()).toBe(2);
    expect(store.riskListMeta()).toMatchObject({ version: 2, count: 2, digest: 'sha256:v2' });
  });

  it('looks up by the hash regardless of hex case', () => {
    const { store } = setup();
    const a = hash();
    store.applyRiskSnapshot(meta(1, 1), [{ nikHash: a.toUpperCase(), status: 'CONFIRMED', validUntil: null }]);
    expect(store.lookupRisk(a)).toMatchObject({ status: 'CONFIRMED' });
  });

  it.each<[string, RiskEntry[], RiskListMetaInput, string]>([
    ['a malformed hash', [{ nikHash: 'zz'.repeat(32), status: 'CONFIRMED', validUntil: null }], meta(2, 1), 'BAD_INPUT'],
    ['a short hash', [{ nikHash: 'ab'.repeat(31), status: 'CONFIRMED', validUntil: null }], meta(2, 1), 'BAD_INPUT'],
    ['an unknown status', [{ nikHash: 'ab'.repeat(32), status: 'POSITIVE' as never, validUntil: null }], meta(2, 1), 'BAD_INPUT'],
    ['a bad date', [{ nikHash: 'ab'.repeat(32), status: 'SUSPECT', validUntil: 'besok' }], meta(2, 1), 'BAD_INPUT'],
    ['a duplicate hash', [{ nikHash: 'ab'.repeat(32), status: 'SUSPECT', validUntil: null }, { nikHash: 'ab'.repeat(32), status: 'SUSPECT', validUntil: null }], meta(2, 2), 'BAD_INPUT'],
    ['a count that does not match', [{ nikHash: 'ab'.repeat(32), status: 'SUSPECT', validUntil: null }], meta(2, 5), 'RISK_COUNT_MISMATCH'],
    ['an older version (rollback)', [], meta(0, 0), 'RISK_VERSION_ROLLBACK'],
  ])('with %s changes nothing: the old list stays live', (_name, entries, m, code) => {
    const { store } = setup();
    const keep = hash();
    store.applyRiskSnapshot(meta(1, 1), [{ nikHash: keep, status: 'CONFIRMED', validUntil: null }]);
    expect(codeOf(() => store.applyRiskSnapshot(m, entries))).toBe(code);
    expect(store.lookupRisk(keep)).toMatchObject({ status: 'CONFIRMED' });
    expect(store.riskListMeta()).toMatchObject({ version: 1, count: 1 });
    expect(store.riskListCount()).toBe(1);
    expect(store.lookupRisk('ab'.repeat(32))).toBeNull();
  });

  it('an exception thrown by the entry source mid-way (e.g. a broken download) rolls back too', () => {
    const { store } = setup();
    const keep = hash();
    store.applyRiskSnapshot(meta(1, 1), [{ nikHash: keep, status: 'SUSPECT', validUntil: null }]);
    function* broken(): Generator<RiskEntry> {
      for (let i = 0; i < 1000; i++) yield { nikHash: hash(), status: 'CONFIRMED', validUntil: null };
      throw new Error('connection reset');
    }
    expect(() => store.applyRiskSnapshot(meta(2, 2000), broken())).toThrow('connection reset');
    expect(store.riskListMeta()!.version).toBe(1);
    expect(store.riskListCount()).toBe(1);
    // and the next good snapshot still applies
    store.applyRiskSnapshot(meta(2, 1), [{ nikHash: hash(), status: 'SUSPECT', validUntil: null }]);
    expect(store.riskListCount()).toBe(1);
    expect(store.lookupRisk(keep)).toBeNull();
  });

  it('a different list id may start again at any version', () => {
    const { store } = setup();
    store.applyRiskSnapshot(meta(9, 0), []);
    store.applyRiskSnapshot(meta(1, 0, { listId: 'bogor-dinkes-2027' }), []);
    expect(store.riskListMeta()).toMatchObject({ listId: 'bogor-dinkes-2027', version: 1 });
  });
});

describe('risk list delta', () => {
  it('adds, changes and removes entries and tracks the count', () => {
    const { store } = setup();
    const [a, b, c] = [hash(), hash(), hash()];
    store.applyRiskSnapshot(meta(1, 2), [
      { nikHash: a, status: 'CLOSE_CONTACT', validUntil: null },
      { nikHash: b, status: 'SUSPECT', validUntil: null },
    ]);
    const m = store.applyRiskDelta(meta(2, 2, { previousVersion: 1 }), [
      { nikHash: a, status: 'CONFIRMED', validUntil: '2026-12-12T00:00:00.000Z' },
      { nikHash: c, status: 'SUSPECT', validUntil: null },
    ], [b]);
    expect(m.version).toBe(2);
    expect(store.lookupRisk(a)).toEqual({ status: 'CONFIRMED', validUntil: '2026-12-12T00:00:00.000Z' });
    expect(store.lookupRisk(b)).toBeNull();
    expect(store.lookupRisk(c)).toMatchObject({ status: 'SUSPECT' });
    expect(store.riskListCount()).toBe(2);
    expect(store.riskListMeta()!.count).toBe(2);
  });

  it.each<[string, RiskListMetaInput, string]>([
    ['a version gap', meta(3, 1, { previousVersion: 2 }), 'RISK_VERSION_GAP'],
    ['the same version again', meta(1, 1), 'RISK_VERSION_ROLLBACK'],
    ['another list', meta(2, 1, { listId: 'other' }), 'RISK_VERSION_GAP'],
    ['a wrong final count', meta(2, 7, { previousVersion: 1 }), 'RISK_COUNT_MISMATCH'],
  ])('refuses %s and changes nothing', (_n, m, code) => {
    const { store } = setup();
    const a = hash();
    store.applyRiskSnapshot(meta(1, 1), [{ nikHash: a, status: 'SUSPECT', validUntil: null }]);
    expect(codeOf(() => store.applyRiskDelta(m, [{ nikHash: hash(), status: 'CONFIRMED', validUntil: null }], [a]))).toBe(code);
    expect(store.lookupRisk(a)).toMatchObject({ status: 'SUSPECT' });
    expect(store.riskListMeta()!.version).toBe(1);
    expect(store.riskListCount()).toBe(1);
  });

  it('without any snapshot a delta is refused', () => {
    const { store } = setup();
    expect(codeOf(() => store.applyRiskDelta(meta(2, 0, { previousVersion: 1 }), [], []))).toBe('RISK_VERSION_GAP');
  });
});

describe('risk list set hash (schema 4)', () => {
  const withHash = (m: RiskListMetaInput, fill: number) => ({ ...m, digestAlg: 'lthash16-shake128', setHash: Buffer.alloc(2048, fill) }) as RiskListMetaInput;
  const stored = (store: { riskListMeta(): unknown }) => store.riskListMeta() as { digestAlg: string | null; setHash: Buffer | null };

  it('keeps the state with the list meta, replaced by each apply and kept when an apply fails', () => {
    const { store } = setup();
    const a = hash();
    store.applyRiskSnapshot(withHash(meta(1, 1), 1), [{ nikHash: a, status: 'SUSPECT', validUntil: null }]);
    expect(stored(store).digestAlg).toBe('lthash16-shake128');
    expect(stored(store).setHash?.equals(Buffer.alloc(2048, 1))).toBe(true);
    // a failing delta (wrong count) leaves the old state with the old list
    expect(codeOf(() => store.applyRiskDelta(withHash(meta(2, 5, { previousVersion: 1 }), 2), [{ nikHash: hash(), status: 'CONFIRMED', validUntil: null }], []))).toBe('RISK_COUNT_MISMATCH');
    expect(stored(store).setHash?.equals(Buffer.alloc(2048, 1))).toBe(true);
    store.applyRiskDelta(withHash(meta(2, 2, { previousVersion: 1 }), 2), [{ nikHash: hash(), status: 'CONFIRMED', validUntil: null }], []);
    expect(stored(store).setHash?.equals(Buffer.alloc(2048, 2))).toBe(true);
    // an apply without a state clears it (never a state of another list)
    store.applyRiskDelta(meta(3, 2, { previousVersion: 2 }), [], []);
    expect(stored(store)).toMatchObject({ digestAlg: null, setHash: null });
  });

  it('refuses a state of the wrong size and changes nothing', () => {
    const { store } = setup();
    const a = hash();
    store.applyRiskSnapshot(meta(1, 1), [{ nikHash: a, status: 'SUSPECT', validUntil: null }]);
    const bad = { ...meta(2, 1), setHash: Buffer.alloc(100) } as RiskListMetaInput;
    expect(codeOf(() => store.applyRiskSnapshot(bad, [{ nikHash: hash(), status: 'CONFIRMED', validUntil: null }]))).toBe('BAD_INPUT');
    expect(store.riskListMeta()!.version).toBe(1);
    expect(store.lookupRisk(a)).toMatchObject({ status: 'SUSPECT' });
  });
});

describe('risk lookup input', () => {
  it('rejects a malformed hash with BAD_INPUT instead of a silent miss', () => {
    const { store } = setup();
    expect(codeOf(() => store.lookupRisk('3271014101900001'))).toBe('BAD_INPUT');
  });

  it('uses the primary key (EXPLAIN QUERY PLAN)', () => {
    const { store, dbPath } = setup();
    store.applyRiskSnapshot(meta(1, 1), [{ nikHash: hash(), status: 'SUSPECT', validUntil: null }]);
    const raw = new Database(dbPath, { readonly: true });
    const plan = (raw.prepare(`EXPLAIN QUERY PLAN ${RISK_LOOKUP_SQL}`).all(Buffer.alloc(32)) as { detail: string }[]).map((r) => r.detail);
    raw.close();
    expect(plan).toEqual(['SEARCH risk_entries USING PRIMARY KEY (nik_hash=?)']);
  });
});

describe('iterating the live list', () => {
  it('yields every entry in ascending hash order (for the set digest of a delta result)', () => {
    const { store } = setup();
    const entries: RiskEntry[] = Array.from({ length: 300 }, (_, i) => ({ nikHash: hash(), status: (['CONFIRMED', 'SUSPECT', 'CLOSE_CONTACT'] as const)[i % 3]!, validUntil: i % 2 ? '2026-12-05T00:00:00.000Z' : null }));
    store.applyRiskSnapshot(meta(1, entries.length), entries);
    const out = [...store.iterateRiskEntries()];
    expect(out).toEqual([...entries].sort((a, b) => (a.nikHash < b.nikHash ? -1 : 1)));
  });
});

describe('risk list against a model (fast-check)', () => {
  it('after any sequence of good and bad snapshots/deltas the live list equals the model of the accepted ones', async () => {
    const fc = await import('fast-check');
    const { store } = setup();
    const pool = Array.from({ length: 12 }, (_, i) => i.toString(16).padStart(2, '0').repeat(32));
    const status = fc.constantFrom<RiskEntry['status']>('CONFIRMED', 'SUSPECT', 'CLOSE_CONTACT');
    const entry = fc.record({ nikHash: fc.constantFrom(...pool), status, validUntil: fc.constantFrom(null, '2026-12-05T00:00:00.000Z') });
    const op = fc.oneof(
      fc.record({ kind: fc.constant('snapshot' as const), entries: fc.array(entry, { maxLength: 8 }), countDelta: fc.constantFrom(0, 0, 0, 1) }),
      fc.record({ kind: fc.constant('delta' as const), adds: fc.array(entry, { maxLength: 4 }), removes: fc.array(fc.constantFrom(...pool), { maxLength: 3 }), gap: fc.constantFrom(0, 0, 0, 1), countDelta: fc.constantFrom(0, 0, 0, -1) }),
    );
    let model = new Map<string, RiskEntry>();
    let version = 0;
    let round = 0;
    await fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 6 }), (ops) => {
        for (const o of ops) {
          round++;
          if (o.kind === 'snapshot') {
            const next = new Map(o.entries.map((e) => [e.nikHash, e]));
            const ok = next.size === o.entries.length && o.countDelta === 0; // duplicates or a wrong count are refused
            const apply = () => store.applyRiskSnapshot(meta(version + 1, o.entries.length + o.countDelta, { listId: 'model' }), o.entries);
            if (ok) {
              apply();
              model = next;
              version++;
            } else expect(apply).toThrow();
          } else {
            const next = new Map(model);
            for (const r of o.removes) next.delete(r);
            for (const a of o.adds) next.set(a.nikHash, a);
            const ok = version > 0 && o.gap === 0 && o.countDelta === 0;
            const apply = () => store.applyRiskDelta(meta(version + 1, next.size + o.countDelta, { listId: 'model', previousVersion: version - o.gap }), o.adds, o.removes);
            if (ok) {
              apply();
              model = next;
              version++;
            } else expect(apply).toThrow();
          }
          const live = [...store.iterateRiskEntries()];
          const expected = [...model.values()].sort((a, b) => (a.nikHash < b.nikHash ? -1 : 1));
          expect(live, `round ${round}`).toEqual(expected);
          if (version > 0) expect(store.riskListMeta()).toMatchObject({ version, count: model.size });
        }
      }),
      { numRuns: 60 },
    );
  });
});
