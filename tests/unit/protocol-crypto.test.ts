import { describe, expect, it } from 'vitest';
import { canonicalJson, generateEd25519KeyPair, nikHash, publicKeyFromPrivate, signEd25519, verifyEd25519, b64u } from '../../sync/protocol/crypto';

describe('protocol crypto', () => {
  it('signs and verifies with raw base64url Ed25519 keys, and rejects tampering', () => {
    const kp = generateEd25519KeyPair();
    expect(b64u.decode(kp.publicKey)).toHaveLength(32);
    expect(publicKeyFromPrivate(kp.privateKey)).toBe(kp.publicKey);
    const sig = signEd25519(kp.privateKey, 'hello');
    expect(verifyEd25519(kp.publicKey, 'hello', sig)).toBe(true);
    expect(verifyEd25519(kp.publicKey, 'hellO', sig)).toBe(false);
    expect(verifyEd25519(generateEd25519KeyPair().publicKey, 'hello', sig)).toBe(false);
    expect(verifyEd25519('not-a-key', 'hello', sig)).toBe(false);
    expect(verifyEd25519(kp.publicKey, 'hello', 'short')).toBe(false);
  });

  it('canonicalises JSON independent of key order', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 1, c: 'x' }] })).toBe('{"a":[2,{"c":"x","d":1}],"b":1}');
  });

  it('hashes a NIK differently under different keys', () => {
    const k1 = b64u.encode(Buffer.alloc(32, 1));
    const k2 = b64u.encode(Buffer.alloc(32, 2));
    const nik = '3271014501900001';
    expect(nikHash(k1, nik)).toMatch(/^[0-9a-f]{64}$/);
    expect(nikHash(k1, nik)).toBe(nikHash(k1, nik));
    expect(nikHash(k1, nik)).not.toBe(nikHash(k2, nik));
  });
});
