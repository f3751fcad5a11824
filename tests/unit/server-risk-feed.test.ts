import { describe, expect, it } from 'vitest';
import { generateEd25519KeyPair, sha256Hex } from '../../sync/protocol/crypto';
import type { RiskManifest } from '../../sync/protocol/api/risk';
import {
  buildChunks,
  checkVersionChain,
  EMPTY_SET_DIGEST,
  parseChunk,
  RISK_DIGEST_ALG,
  setDigestOf,
  setHashAfterDelta,
  LtHash16,
  entryLine,
  signHead,
  signManifest,
  verifyChunk,
  verifyFinalState,
  verifySignedHead,
  verifySignedManifest,
} from '../../sync/protocol/risk-feed';
import type { RiskChange, RiskEntry } from '../../sync/protocol/risk-feed';

const key = { keyId: 'city-1', ...generateEd25519KeyPair() };
const pinned = [{ keyId: key.keyId, publicKey: key.publicKey }];
const now = Date.UTC(2026, 10, 29);
const h = (i: number) => sha256Hex(`nik-${i}`);
const entries: RiskEntry[] = Array.from({ length: 25 }, (_, i) => ({ nikHash: h(i), status: 'CONFIRMED' as const, validUntil: '2026-12-31' })).sort((a, b) => (a.nikHash < b.nikHash ? -1 : 1));

function manifest(over: Partial<RiskManifest> = {}): RiskManifest {
  const chunks = buildChunks(entries.map((e) => ({ op: '+' as const, ...e })), 10);
  const d = setDigestOf(entries);
  return {
    format: 'jejak-risk/2', listId: 'bogor', type: 'snapshot', version: 3, previousVersion: 2,
    entryCount: d.count, digestAlg: RISK_DIGEST_ALG, changeCount: d.count, setDigest: d.digest,
    setHash: LtHash16.of(entries.map(entryLine)).bytes().toString('base64url'),
    issuedAt: new Date(now - 1000).toISOString(), expiresAt: new Date(now + 86_400_000).toISOString(),
    chunks: chunks.map((c) => c.ref), ...over,
  };
}

describe('risk feed format', () => {
  it('round-trips a signed snapshot: manifest, chunks, final digest', () => {
    const chunks = buildChunks(entries.map((e) => ({ op: '+' as const, ...e })), 10);
    expect(chunks.map((c) => c.ref.entries)).toEqual([10, 10, 5]);
    const signed = signManifest(manifest(), key);
    const v = verifySignedManifest(JSON.parse(JSON.stringify(signed)), { pinnedKeys: pinned, now, listId: 'bogor' });
    expect(v.ok).toBe(true);
    const applied: RiskEntry[] = [];
    for (const c of chunks) {
      const r = verifyChunk(c.ref, c.bytes, 'snapshot');
      if (!r.ok) throw new Error(r.detail);
      for (const ch of r.value) if (ch.op === '+') applied.push({ nikHash: ch.nikHash, status: ch.status, validUntil: ch.validUntil });
    }
    expect(verifyFinalState(signed.manifest, setDigestOf(applied)).ok).toBe(true);
    expect(verifyFinalState(signed.manifest, setDigestOf(applied.slice(1)))).toMatchObject({ ok: false, code: 'count_mismatch' });
    expect(setDigestOf([]).digest).toBe(EMPTY_SET_DIGEST);
  });

  it('refuses a tampered, unknown-key, expired or future manifest', () => {
    const signed = signManifest(manifest(), key);
    const opts = { pinnedKeys: pinned, now };
    expect(verifySignedManifest({ ...signed, manifest: { ...signed.manifest, entryCount: 24 } }, opts)).toMatchObject({ ok: false, code: 'bad_signature' });
    expect(verifySignedManifest({ ...signed, keyId: 'city-9' }, opts)).toMatchObject({ ok: false, code: 'unknown_key' });
    expect(verifySignedManifest(signed, { ...opts, now: now + 2 * 86_400_000 })).toMatchObject({ ok: false, code: 'expired' });
    expect(verifySignedManifest(signed, { ...opts, now: now - 3_600_000 })).toMatchObject({ ok: false, code: 'not_yet_valid' });
    expect(verifySignedManifest(signed, { ...opts, listId: 'jakarta' })).toMatchObject({ ok: false, code: 'wrong_list' });
    expect(verifySignedManifest({ manifest: 1 }, opts)).toMatchObject({ ok: false, code: 'manifest_malformed' });
    const other = { keyId: 'city-1', ...generateEd25519KeyPair() };
    expect(verifySignedManifest(signManifest(manifest(), other), opts)).toMatchObject({ ok: false, code: 'bad_signature' });
  });

  it('signs and verifies the head', () => {
    const head = signHead({ format: 'jejak-risk-head/2', listId: 'bogor', version: 3, entryCount: 25, digestAlg: RISK_DIGEST_ALG, setDigest: EMPTY_SET_DIGEST, publishedAt: null, issuedAt: new Date(now).toISOString(), expiresAt: new Date(now + 60_000).toISOString() }, key);
    expect(verifySignedHead(head, { pinnedKeys: pinned, now }).ok).toBe(true);
    expect(verifySignedHead({ ...head, head: { ...head.head, version: 4 } }, { pinnedKeys: pinned, now })).toMatchObject({ ok: false, code: 'bad_signature' });
    const other = signHead({ ...head.head, digestAlg: 'sha256-sorted' }, key);
    expect(verifySignedHead(other, { pinnedKeys: pinned, now })).toMatchObject({ ok: false, code: 'unsupported_digest' });
  });

  it('refuses a correctly signed manifest whose digest algorithm it does not know, and the old format', () => {
    const opts = { pinnedKeys: pinned, now };
    const unknown = signManifest(manifest({ digestAlg: 'lthash32-blake2x' }), key);
    expect(verifySignedManifest(unknown, opts)).toMatchObject({ ok: false, code: 'unsupported_digest' });
    const { setHash, ...noState } = manifest();
    expect(verifySignedManifest(signManifest(noState, key), opts)).toMatchObject({ ok: false, code: 'manifest_malformed' });
    const otherState = LtHash16.of(['x']).bytes().toString('base64url');
    expect(verifySignedManifest(signManifest(manifest({ setHash: otherState }), key), opts)).toMatchObject({ ok: false, code: 'digest_mismatch' });
    expect(verifySignedManifest(signManifest(manifest({ type: 'delta', previousVersion: 2, setHash }), key), opts)).toMatchObject({ ok: false, code: 'manifest_malformed' });
    const v1 = { ...signManifest(manifest(), key), manifest: { ...manifest(), format: 'jejak-risk/1' } };
    expect(verifySignedManifest(v1, opts)).toMatchObject({ ok: false, code: 'manifest_malformed' });
  });

  it('the set digest does not depend on order, and a delta updates it from the old state alone', () => {
    const reversed = [...entries].reverse();
    expect(setDigestOf(reversed)).toEqual(setDigestOf(entries));
    // remove 3, change 2, add 4: the state after equals the digest of the new set computed from scratch
    const byHash = new Map(entries.map((e) => [e.nikHash, e]));
    const changes: RiskChange[] = [
      ...entries.slice(0, 3).map((e) => ({ op: '-' as const, nikHash: e.nikHash })),
      ...entries.slice(3, 5).map((e) => ({ op: '+' as const, ...e, status: 'SUSPECT' as const })),
      ...Array.from({ length: 4 }, (_, i) => ({ op: '+' as const, nikHash: h(100 + i), status: 'CLOSE_CONTACT' as const, validUntil: '2027-02-01' })),
    ];
    const after = new Map(byHash);
    for (const c of changes) {
      if (c.op === '-') after.delete(c.nikHash);
      else after.set(c.nikHash, { nikHash: c.nikHash, status: c.status, validUntil: c.validUntil });
    }
    const before = { hash: LtHash16.of(entries.map(entryLine)), count: entries.length };
    const r = setHashAfterDelta(before, changes, (k) => byHash.get(k) ?? null);
    expect({ count: r.count, digest: r.hash.digestHex() }).toEqual(setDigestOf(after.values()));
    expect(before.hash.digestHex()).toBe(setDigestOf(entries).digest); // the input state is not modified
    // a wrong old entry (the kiosk's list differs from the city's) gives another digest
    const wrong = setHashAfterDelta(before, changes, (k) => { const e = byHash.get(k); return e ? { ...e, validUntil: '2020-01-01' } : null; });
    expect(wrong.hash.digestHex()).not.toBe(setDigestOf(after.values()).digest);
  });

  it('checks chunk hash, truncation, order and count', () => {
    const [c] = buildChunks(entries.map((e) => ({ op: '+' as const, ...e })), 10);
    expect(verifyChunk(c!.ref, c!.bytes.subarray(0, c!.bytes.length - 5), 'snapshot')).toMatchObject({ ok: false, code: 'chunk_hash_mismatch' });
    const flipped = Buffer.from(c!.bytes);
    flipped[3] = flipped[3] === 0x61 ? 0x62 : 0x61;
    expect(verifyChunk(c!.ref, flipped, 'snapshot')).toMatchObject({ ok: false, code: 'chunk_hash_mismatch' });
    expect(parseChunk(Buffer.from(`-\t${h(1)}\n`), 'snapshot')).toMatchObject({ ok: false, code: 'chunk_malformed' });
    expect(parseChunk(Buffer.from(`+\t${h(1)}\tCONFIRMED\t2026-01-01`), 'snapshot')).toMatchObject({ ok: false, code: 'chunk_malformed' });
    const [a, b] = [h(1), h(2)].sort();
    expect(parseChunk(Buffer.from(`-\t${b}\n-\t${a}\n`), 'delta')).toMatchObject({ ok: false, code: 'chunk_malformed' });
    const delta: RiskChange[] = [{ op: '-', nikHash: a! }, { op: '+', nikHash: b!, status: 'SUSPECT', validUntil: '2027-01-01' }];
    const [dc] = buildChunks(delta);
    expect(verifyChunk(dc!.ref, dc!.bytes, 'delta')).toEqual({ ok: true, value: delta });
    expect(verifyChunk({ ...dc!.ref, entries: 3 }, dc!.bytes, 'delta')).toMatchObject({ ok: false, code: 'chunk_count_mismatch' });
  });

  it('accepts only forward, gap-free version chains', () => {
    const d = (prev: number, v: number) => manifest({ type: 'delta', previousVersion: prev, version: v });
    expect(checkVersionChain(1, [d(1, 2), d(2, 3)])).toEqual({ ok: true, value: { finalVersion: 3 } });
    expect(checkVersionChain(1, [d(1, 2), d(3, 4)])).toMatchObject({ ok: false, code: 'chain_broken' });
    expect(checkVersionChain(5, [manifest({ version: 4 })])).toMatchObject({ ok: false, code: 'rollback' });
    expect(checkVersionChain(3, [manifest({ version: 3 })])).toMatchObject({ ok: false, code: 'rollback' });
    expect(checkVersionChain(0, [manifest({ version: 3 })])).toMatchObject({ ok: true });
  });
});

describe('snapshot fast path', () => {
  it('builds the same chunks and digest as the general builder, from any input order', async () => {
    const { buildSnapshotChunks, sortByNikHash } = await import('../../sync/protocol/risk-feed');
    const shuffled = [...entries].reverse();
    const sorted = sortByNikHash(shuffled);
    expect(sorted).toEqual(entries);
    const fast = buildSnapshotChunks(sorted, 10);
    const slow = buildChunks(sorted.map((e) => ({ op: '+' as const, ...e })), 10);
    expect(fast.chunks.map((c) => c.ref)).toEqual(slow.map((c) => c.ref));
    expect({ count: fast.count, digest: fast.digest }).toEqual(setDigestOf(sorted));
    expect(() => buildSnapshotChunks(shuffled, 10)).toThrow(/ascending/);
  });
});
