import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { b64u, generateEd25519KeyPair, nikHash } from '../../sync/protocol/crypto';
import { setDigestOf } from '../../sync/protocol/risk-feed';
import type { LtHash16 } from '../../sync/protocol/risk-feed';
import type { RiskEntry } from '../../sync/protocol/risk-feed';
import { parseRiskCsv } from '../../sync/server/risk/csv';
import { buildVersion, diffSorted, nextSetHash } from '../../sync/server/risk/publisher';

const status = fc.constantFrom('CONFIRMED' as const, 'SUSPECT' as const, 'CLOSE_CONTACT' as const);
const entrySet = fc.uniqueArray(fc.record({ nikHash: fc.stringMatching(/^[0-9a-f]{64}$/), status, validUntil: fc.constantFrom<string>('2026-12-01', '2027-01-31') }), { selector: (e) => e.nikHash, maxLength: 40 })
  .map((xs) => [...xs].sort((a, b) => (a.nikHash < b.nikHash ? -1 : 1)));

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
      const next = nextSetHash(prev, before.length, diff);
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
    expect(nextSetHash({ ...prev, setHash: state.toString('base64url') }, before.length, diff)).toBeNull();
    expect(nextSetHash(prev, before.length + 1, diff)).toBeNull();
    expect(nextSetHash({ ...prev, setHash: undefined }, before.length, diff)).toBeNull();
  });
});
