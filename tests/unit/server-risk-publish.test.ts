import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { b64u, generateEd25519KeyPair, nikHash } from '../../sync/protocol/crypto';
import { buildSnapshotChunks, LtHash16 as LtHash, setDigestOf, sortByNikHash } from '../../sync/protocol/risk-feed';
import type { LtHash16 } from '../../sync/protocol/risk-feed';
import type { RiskEntry } from '../../sync/protocol/risk-feed';
import { parseRiskCsv } from '../../sync/server/risk/csv';
import { buildVersion, nextSetHash } from '../../sync/server/risk/publisher';
import { diffSnapshots } from '../../sync/server/risk/snapshot-diff';

const status = fc.constantFrom('CONFIRMED' as const, 'SUSPECT' as const, 'CLOSE_CONTACT' as const);
const entrySet = fc.uniqueArray(fc.record({ nikHash: fc.stringMatching(/^[0-9a-f]{64}$/), status, validUntil: fc.constantFrom<string>('2026-12-01', '2027-01-31') }), { selector: (e) => e.nikHash, maxLength: 40 })
  .map((xs) => [...xs].sort((a, b) => (a.nikHash < b.nikHash ? -1 : 1)));

/** The snapshot bytes of a sorted set, cut into chunks of `per` lines (the diff must not care where). */
const bytesOf = (entries: RiskEntry[], per = 7) => (entries.length ? buildSnapshotChunks(entries, per, new LtHash()).chunks.map((c) => c.bytes) : []);
const diffSorted = (before: RiskEntry[], after: RiskEntry[], perBefore = 7, perAfter = 5) => diffSnapshots(bytesOf(before, perBefore), bytesOf(after, perAfter));

describe('risk list publishing', () => {
  it('a delta applied to the old set gives exactly the new set', () => {
    fc.assert(fc.property(entrySet, entrySet, (before, after) => {
      const { changes, added, changed, removed } = diffSorted(before, after);
      const m = new Map(before.map((e) => [e.nikHash, e]));
      for (const c of changes) {
        if (c.op === '-') m.delete(c.nikHash);
        else m.set(c.nikHash, { nikHash: c.nikHash, status: c.status, validUntil: c.validUntil });
      }
      const result: RiskEntry[] = [...m.values()].sort((a, b) => (a.nikHash < b.nikHash ? -1 : 1));
      expect(setDigestOf(result)).toEqual(setDigestOf(after));
      expect(added + changed + removed).toBe(changes.length);
      expect(changes.map((c) => c.nikHash)).toEqual([...changes.map((c) => c.nikHash)].sort());
    }));
  });

  it('finds the same changes in long runs of equal lines, wherever the chunks are cut (the block fast path)', () => {
    const h = (i: number) => i.toString(16).padStart(64, '0');
    const before: RiskEntry[] = Array.from({ length: 5000 }, (_, i) => ({ nikHash: h(i * 2), status: 'CONFIRMED', validUntil: '2026-12-31' }));
    const after = before.filter((_, i) => i !== 0 && i !== 2500 && i !== 4999).map((e, i) => (i === 1234 ? { ...e, validUntil: '2027-01-31' } : i === 3000 ? { ...e, status: 'SUSPECT' as const } : e));
    after.splice(10, 0, { nikHash: h(21), status: 'SUSPECT', validUntil: '2026-12-31' });
    after.push({ nikHash: h(20000), status: 'CLOSE_CONTACT', validUntil: '2026-12-31' });
    for (const [pb, pa] of [[5000, 5000], [1000, 333], [7, 4096]] as const) {
      const d = diffSorted(before, after, pb, pa);
      expect({ added: d.added, changed: d.changed, removed: d.removed, beforeCount: d.beforeCount }).toEqual({ added: 2, changed: 2, removed: 3, beforeCount: 5000 });
      expect(d.changes.filter((c) => c.op === '-').map((c) => c.nikHash)).toEqual([h(0), h(5000), h(9998)]);
      expect(d.changes.find((c) => c.nikHash === before[1235]!.nikHash)).toEqual({ op: '+', ...before[1235]!, validUntil: '2027-01-31' });
      expect(d.replaced.get(before[1235]!.nikHash)).toEqual(before[1235]);
    }
    expect(diffSorted(before, before, 5000, 17)).toMatchObject({ changes: [], added: 0, changed: 0, removed: 0 });
  });

  it('refuses a damaged stored snapshot instead of publishing a wrong delta', () => {
    const good = bytesOf([{ nikHash: 'a'.repeat(64), status: 'CONFIRMED', validUntil: '2026-12-31' }]);
    expect(() => diffSnapshots([Buffer.from('garbage that is not a snapshot line at all, long enough to hold a hash........\n')], good)).toThrow(/previous snapshot is damaged/);
    expect(() => diffSnapshots([good[0]!.subarray(0, good[0]!.length - 1)], [])).toThrow(/previous snapshot is damaged/);
  });

  it('sorts by nikHash exactly as a string sort does, however the hashes share prefixes', () => {
    const hex = fc.stringMatching(/^[0-9a-f]{64}$/);
    const crowded = fc.stringMatching(/^[0-9a-f]{4}$/).chain((p) => fc.array(fc.stringMatching(/^[0-9a-f]{60}$/).map((t) => p + t), { maxLength: 200 }));
    fc.assert(fc.property(fc.array(hex, { maxLength: 300 }), crowded, (xs, ys) => {
      const hashes = [...new Set([...xs, ...ys])];
      expect(sortByNikHash(hashes.map((nikHash) => ({ nikHash }))).map((e) => e.nikHash)).toEqual([...hashes].sort());
    }));
  });

  it('reads Dinkes CSV with BOM, CRLF, quotes, lower-case status and blank lines', () => {
    const key = b64u.encode(Buffer.alloc(32, 3));
    const r = parseRiskCsv('\ufeffNIK,Status,Valid_Until\r\n"3271 0145 0190 0001",confirmed,2026-12-31\r\n\r\n3271.01.010185.0002 , SUSPECT , 2027-02-28\r\n', key);
    expect(r).toEqual({ ok: true, lines: 4, entries: [
      { nikHash: nikHash(key, '3271014501900001'), status: 'CONFIRMED', validUntil: '2026-12-31' },
      { nikHash: nikHash(key, '3271010101850002'), status: 'SUSPECT', validUntil: '2027-02-28' },
    ] });
    expect(parseRiskCsv('nik,status\n', key)).toMatchObject({ ok: false, errors: [{ line: 1, code: 'HEADER' }] });
    expect(parseRiskCsv('nik,status,valid_until\n\n', key)).toMatchObject({ ok: false, errors: [{ code: 'EMPTY' }] });
    const bad = parseRiskCsv(`nik,status,valid_until\n${'32710145019000x1,CONFIRMED,2026-13-01\n'.repeat(3)}`, key);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => `${e.line}:${e.code}`)).toEqual(['2:NIK_NOT_DIGITS', '2:VALID_UNTIL', '3:NIK_NOT_DIGITS', '3:VALID_UNTIL', '4:NIK_NOT_DIGITS', '4:VALID_UNTIL']);
  });
});

describe('publication updates the set hash from the previous version', () => {
  const key = { keyId: 'k', privateKey: generateEd25519KeyPair().privateKey };
  const build = (entries: RiskEntry[], version: number, setHash?: LtHash16) => buildVersion({
    listId: 'l', version, previousVersion: version - 1, entries, changes: null, now: 0, key, chunkEntries: 7, manifestTtlMs: 1000, setHash,
  });

  it('the O(change) state equals hashing the whole new set, for any before and after', () => {
    fc.assert(fc.property(entrySet, entrySet, (before, after) => {
      const prev = build(before, 1).snapshot.manifest;
      const diff = diffSorted(before, after);
      const next = nextSetHash(prev, diff);
      expect(next).not.toBeNull();
      expect(next!.digestHex()).toBe(setDigestOf(after).digest);
      expect(build(after, 2, next!).snapshot.manifest.setDigest).toBe(setDigestOf(after).digest);
    }));
  });

  it('falls back to hashing the whole set when the stored state is damaged or its count is wrong', () => {
    const before = fc.sample(entrySet.filter((xs) => xs.length > 2), 1)[0]!;
    const prev = build(before, 1).snapshot.manifest;
    const diff = diffSorted(before, before.slice(1));
    const state = Buffer.from(prev.setHash!, 'base64url');
    state[5] = state[5]! ^ 1;
    expect(nextSetHash({ ...prev, setHash: state.toString('base64url') }, diff)).toBeNull();
    expect(nextSetHash(prev, { ...diff, beforeCount: before.length + 1 })).toBeNull();
    expect(nextSetHash({ ...prev, setHash: undefined }, diff)).toBeNull();
  });
});
