import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_LTHASH16_DIGEST, LtHash16, SET_HASH_BYTES, elementHash } from '../../sync/protocol/set-hash';

/** the textbook definition, lane by lane, to check the packed implementation against */
function reference(adds: string[], removes: string[] = []): Buffer {
  const lanes = new Uint16Array(SET_HASH_BYTES / 2);
  const apply = (e: string, sign: 1 | -1) => {
    const x = elementHash(e);
    for (let i = 0; i < lanes.length; i++) lanes[i] = lanes[i]! + sign * x.readUInt16LE(2 * i);
  };
  for (const e of adds) apply(e, 1);
  for (const e of removes) apply(e, -1);
  const out = Buffer.alloc(SET_HASH_BYTES);
  lanes.forEach((v, i) => out.writeUInt16LE(v, 2 * i));
  return out;
}

describe('LtHash16 over SHAKE-128', () => {
  it('expands elements with SHAKE-128 (FIPS 202 known answer)', () => {
    // SHAKE128("", 256 bits) from the NIST examples
    expect(elementHash('').subarray(0, 32).toString('hex')).toBe('7f9c2ba4e88f827d616045507605853ed73b8093f6efbc88eb1a6eacfa66ef26');
    expect(elementHash('abc').length).toBe(2048);
  });

  it('has known answers: empty set, one element, two elements', () => {
    expect(new LtHash16().bytes().equals(Buffer.alloc(2048))).toBe(true);
    expect(EMPTY_LTHASH16_DIGEST).toBe(createHash('sha256').update(Buffer.alloc(2048)).digest('hex'));
    expect(LtHash16.of(['abc']).bytes().equals(elementHash('abc'))).toBe(true);
    const two = LtHash16.of(['a\n', 'b\n']).bytes();
    expect(two.equals(reference(['a\n', 'b\n']))).toBe(true);
    // lane 0 by hand: little-endian uint16 sum mod 2^16
    expect(two.readUInt16LE(0)).toBe((elementHash('a\n').readUInt16LE(0) + elementHash('b\n').readUInt16LE(0)) % 65536);
  });

  it('matches the lane-by-lane definition, whatever the order (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { maxLength: 12 }), fc.integer(), (set, seed) => {
        const shuffled = [...set].sort(() => (seed = (seed * 1103515245 + 12345) | 0) & 1 ? 1 : -1);
        const h = LtHash16.of(shuffled);
        expect(h.bytes().equals(reference(set))).toBe(true);
        expect(h.digestHex()).toBe(LtHash16.of(set).digestHex());
      }),
      { numRuns: 60 },
    );
  });

  it('remove undoes add, and subtract undoes combine (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { maxLength: 10 }), fc.uniqueArray(fc.string(), { maxLength: 10 }), (base, extra) => {
        const h = LtHash16.of(base);
        const before = h.digestHex();
        for (const e of extra) h.add(e);
        for (const e of [...extra].reverse()) h.remove(e);
        expect(h.digestHex()).toBe(before);
        const x = LtHash16.of(extra);
        expect(h.clone().combine(x).subtract(x).equals(h)).toBe(true);
        // removing an element that was added gives the hash of the set without it
        if (base.length > 0) expect(LtHash16.of(base).remove(base[0]!).digestHex()).toBe(LtHash16.of(base.slice(1)).digestHex());
        expect(LtHash16.of([...base, ...extra.filter((e) => !base.includes(e))]).bytes().equals(reference([...base, ...extra.filter((e) => !base.includes(e))]))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('wraps lanes modulo 2^16 in both directions', () => {
    const h = new LtHash16().remove('x');
    expect(h.bytes().equals(reference([], ['x']))).toBe(true);
    expect(h.add('x').bytes().equals(Buffer.alloc(2048))).toBe(true);
  });

  it('distinguishes sets and round-trips its state', () => {
    const a = LtHash16.of(['1', '2']);
    expect(a.digestHex()).not.toBe(LtHash16.of(['1', '3']).digestHex());
    expect(a.digestHex()).not.toBe(LtHash16.of(['1', '2', '2']).digestHex());
    expect(LtHash16.fromBytes(a.bytes()).equals(a)).toBe(true);
    expect(LtHash16.fromBytes(Buffer.concat([Buffer.alloc(1), a.bytes()]).subarray(1)).equals(a)).toBe(true); // unaligned
    expect(() => LtHash16.fromBytes(Buffer.alloc(100))).toThrow(/2048/);
  });
});
