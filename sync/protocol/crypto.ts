// Cryptographic primitives shared by the kiosk and the city server. Pure computation (node:crypto), no I/O.
//
// Keys travel as base64url strings of their raw bytes: Ed25519 public keys are 32 bytes, private keys
// are the 32-byte seed. Signatures are 64 bytes, base64url.
import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, createHash } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import canonicalizeJson from 'canonicalize';

export interface Ed25519KeyPair {
  /** base64url of the 32-byte public key */
  publicKey: string;
  /** base64url of the 32-byte private seed */
  privateKey: string;
}

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export const b64u = {
  encode: (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url'),
  decode: (text: string): Buffer => Buffer.from(text, 'base64url'),
};

export function generateEd25519KeyPair(): Ed25519KeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  return {
    publicKey: b64u.encode(spki.subarray(ED25519_SPKI_PREFIX.length)),
    privateKey: b64u.encode(pkcs8.subarray(ED25519_PKCS8_PREFIX.length)),
  };
}

function publicKeyObject(publicKey: string): KeyObject {
  const raw = b64u.decode(publicKey);
  if (raw.length !== 32) throw new Error('Ed25519 public key must be 32 bytes');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

function privateKeyObject(privateKey: string): KeyObject {
  const raw = b64u.decode(privateKey);
  if (raw.length !== 32) throw new Error('Ed25519 private key must be 32 bytes');
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, raw]), format: 'der', type: 'pkcs8' });
}

/** Cache of parsed public keys: verification runs on hot paths (every request, every QR scan). */
const publicKeyCache = new Map<string, KeyObject>();

export function signEd25519(privateKey: string, data: Uint8Array | string): string {
  return b64u.encode(sign(null, typeof data === 'string' ? Buffer.from(data, 'utf8') : data, privateKeyObject(privateKey)));
}

/** Returns false (never throws) for a malformed key or signature: callers map false to their own typed error. */
export function verifyEd25519(publicKey: string, data: Uint8Array | string, signature: string): boolean {
  try {
    let key = publicKeyCache.get(publicKey);
    if (!key) {
      key = publicKeyObject(publicKey);
      if (publicKeyCache.size > 1000) publicKeyCache.clear();
      publicKeyCache.set(publicKey, key);
    }
    const sig = b64u.decode(signature);
    if (sig.length !== 64) return false;
    return verify(null, typeof data === 'string' ? Buffer.from(data, 'utf8') : data, key, sig);
  } catch {
    return false;
  }
}

export function publicKeyFromPrivate(privateKey: string): string {
  const spki = createPublicKey(privateKeyObject(privateKey)).export({ format: 'der', type: 'spki' });
  return b64u.encode(spki.subarray(ED25519_SPKI_PREFIX.length));
}

/** RFC 8785 canonical JSON: the bytes that get signed for any JSON document. */
export function canonicalJson(value: unknown): string {
  const out = canonicalizeJson(value);
  if (out === undefined) throw new Error('value cannot be canonicalised');
  return out;
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Keyed hash of a NIK (HMAC-SHA256, hex): the only form in which a NIK appears in the risk list,
 * registrations feed and kiosk indexes. The key (`nikHashKey`, base64url, 32 bytes) is issued by the
 * city and reaches kiosks at enrolment, so a leaked list cannot be reversed by enumerating NIKs
 * without it. The NIK must already be normalised to its 16 digits.
 */
export function nikHash(nikHashKey: string, nik: string): string {
  return createHmac('sha256', b64u.decode(nikHashKey)).update(nik, 'utf8').digest('hex');
}
