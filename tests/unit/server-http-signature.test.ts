import { createPrivateKey, sign as nodeSign, verify as nodeVerify, createPublicKey } from 'node:crypto';
import { httpbis } from 'http-message-signatures';
import { describe, expect, it } from 'vitest';
import { b64u, generateEd25519KeyPair } from '../../sync/protocol/crypto';
import {
  contentDigest,
  contentDigestMatches,
  parseDeviceSignature,
  serializeSignatureParams,
  signRequest,
  signatureBase,
  verifyDeviceRequest,
} from '../../sync/protocol/http-signature';

// RFC 9421 Appendix B.1.4 test-key-ed25519 and the B.2.6 request.
const RFC_PRIVATE_PEM = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF\n-----END PRIVATE KEY-----\n';
const RFC_PUBLIC_PEM = '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=\n-----END PUBLIC KEY-----\n';
const rfcRequest = {
  method: 'POST',
  url: 'https://example.com/foo?param=Value&Pet=dog',
  headers: {
    host: 'example.com',
    date: 'Tue, 20 Apr 2021 02:07:55 GMT',
    'content-type': 'application/json',
    'content-digest': 'sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:',
    'content-length': '18',
  },
};

describe('RFC 9421 signatures', () => {
  it('builds the signature base of RFC 9421 B.2.6 and reproduces its Ed25519 signature', () => {
    const components = ['date', '@method', '@path', '@authority', 'content-type', 'content-length'];
    const params = serializeSignatureParams(components, { created: 1618884473, keyid: 'test-key-ed25519' });
    expect(params).toBe('("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"');
    const base = signatureBase(rfcRequest, components, params);
    expect(base).toEqual({
      ok: true,
      base: [
        '"date": Tue, 20 Apr 2021 02:07:55 GMT',
        '"@method": POST',
        '"@path": /foo',
        '"@authority": example.com',
        '"content-type": application/json',
        '"content-length": 18',
        `"@signature-params": ${params}`,
      ].join('\n'),
    });
    if (!base.ok) return;
    const sig = nodeSign(null, Buffer.from(base.base), createPrivateKey(RFC_PRIVATE_PEM)).toString('base64');
    expect(sig).toBe('wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==');
    expect(nodeVerify(null, Buffer.from(base.base), createPublicKey(RFC_PUBLIC_PEM), Buffer.from(sig, 'base64'))).toBe(true);
  });

  it('computes RFC 9530 Content-Digest (sha-256 of {"hello": "world"})', () => {
    expect(contentDigest('{"hello": "world"}')).toBe('sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:');
    expect(contentDigestMatches('sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:', '{"hello": "world"}')).toBe(true);
    expect(contentDigestMatches('sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:', '{"hello": "World"}')).toBe(false);
    expect(contentDigestMatches('garbage(', '')).toBe(false);
  });

  const kp = generateEd25519KeyPair();
  const now = Date.UTC(2026, 10, 29, 12, 0, 0);
  const body = JSON.stringify({ visits: [{ id: 'x' }] });
  const signed = () => signRequest({ method: 'POST', url: '/v1/visits?a=1', body, keyId: 'dev-1', privateKey: kp.privateKey, created: now / 1000, headers: { 'content-type': 'application/json' } });

  function verify(headers: Record<string, string>, opts: { body?: string; url?: string; method?: string; nowMs?: number; publicKey?: string } = {}) {
    const parsed = parseDeviceSignature(headers);
    if (!parsed.ok) return parsed.code;
    const r = verifyDeviceRequest({
      request: { method: opts.method ?? 'POST', url: opts.url ?? '/v1/visits?a=1', headers },
      body: opts.body ?? body,
      parsed: parsed.value,
      publicKey: opts.publicKey ?? kp.publicKey,
      nowMs: opts.nowMs ?? now,
    });
    return r.ok ? 'ok' : r.code;
  }

  it('verifies its own device signatures and names what is wrong with a bad one', () => {
    const h = signed();
    expect(h['signature-input']).toMatch(/^jejak=\("@method" "@path" "@query" "content-digest"\);created=\d+;keyid="dev-1";nonce="[^"]+";alg="ed25519"$/);
    expect(verify(h)).toBe('ok');
    expect(verify(h, { body: body.replace('x', 'y') })).toBe('digest_mismatch');
    expect(verify({ ...h, 'content-digest': contentDigest(body.replace('x', 'y')) }, { body: body.replace('x', 'y') })).toBe('sig_invalid');
    expect(verify(h, { url: '/v1/visits?a=2' })).toBe('sig_invalid');
    expect(verify(h, { method: 'PUT' })).toBe('sig_invalid');
    expect(verify(h, { publicKey: generateEd25519KeyPair().publicKey })).toBe('sig_invalid');
    expect(verify(h, { nowMs: now + 301_000 })).toBe('clock_skew');
    expect(verify(h, { nowMs: now - 301_000 })).toBe('clock_skew');
    expect(verify(h, { nowMs: now + 299_000 })).toBe('ok');
    const { signature: _s, ...noSig } = h;
    expect(verify(noSig)).toBe('sig_missing');
    expect(verify({ ...h, signature: 'jejak=not-bytes' })).toBe('sig_malformed');
    expect(verify({ ...h, 'signature-input': h['signature-input']!.replace(';nonce="', ';x="') })).toBe('sig_malformed');
    expect(verify({ ...h, 'signature-input': h['signature-input']!.replace(' "content-digest"', '') })).toBe('digest_missing');
    const { 'content-digest': _d, ...noDigest } = h;
    expect(verify(noDigest)).toBe('digest_missing');
  });

  it('interoperates with the http-message-signatures package both ways', async () => {
    const priv = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), b64u.decode(kp.privateKey)]), format: 'der', type: 'pkcs8' });
    const pub = createPublicKey(priv);
    const libSigned = await httpbis.signMessage(
      {
        key: { id: 'dev-1', alg: 'ed25519', sign: async (data: Buffer) => nodeSign(null, data, priv) },
        name: 'jejak',
        fields: ['@method', '@path', '@query', 'content-digest'],
        params: ['created', 'keyid', 'nonce', 'alg'],
        paramValues: { created: new Date(now), nonce: 'abcdefgh12345678' },
      },
      { method: 'POST', url: 'http://127.0.0.1:8080/v1/visits?a=1', headers: { 'content-digest': contentDigest(body) } },
    );
    expect(verify(libSigned.headers as Record<string, string>)).toBe('ok');

    const ours = signed();
    const ok = await httpbis.verifyMessage(
      { keyLookup: async () => ({ id: 'dev-1', algs: ['ed25519'], verify: async (data: Buffer, sig: Buffer) => nodeVerify(null, data, pub, sig) }) },
      { method: 'POST', url: 'http://127.0.0.1:8080/v1/visits?a=1', headers: ours },
    );
    expect(ok).toBe(true);
  });
});

describe('signature header parsing under arbitrary input', () => {
  it('never throws, whatever the headers hold', async () => {
    const fc = (await import('fast-check')).default;
    const header = fc.oneof(fc.string(), fc.constantFrom('jejak=("@method" "@path");created=1;keyid="a";nonce="abcdefgh"', 'jejak=:AAAA:', 'a=(', 'a="\\', 'x=?2', 'k=(1 2);p'));
    fc.assert(fc.property(header, header, header, (input, sig, digest) => {
      const parsed = parseDeviceSignature({ 'signature-input': input, signature: sig, 'content-digest': digest });
      if (parsed.ok) {
        const r = verifyDeviceRequest({ request: { method: 'GET', url: '/x', headers: { 'content-digest': digest } }, body: '', parsed: parsed.value, publicKey: generateEd25519KeyPair().publicKey, nowMs: parsed.value.params.created * 1000 });
        expect(r.ok).toBe(false);
      } else expect(['sig_missing', 'sig_malformed', 'digest_missing']).toContain(parsed.code);
    }), { numRuns: 2000 });
  });
});
