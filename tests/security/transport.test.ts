// Transport (issue 10 item 9): provisioning took http:// for any host, and the registrations feed
// (face templates, revocations) was not signed, so on-the-spot registrations (NIK and name) and the
// templates that decide the face check were protected by TLS alone, or by nothing. Now http:// is for
// loopback only (or an explicit development flag), and feed pages and lookups are signed by the city
// key and checked by the kiosk against the keys pinned at enrolment.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileKeyStore, openKioskStore, type KioskStore } from '../../electron/store/index';
import { enrol, isLoopbackHost, normaliseServerUrl, ProvisioningError } from '../../sync/agent/enrol';
import http from 'node:http';
import { generateEd25519KeyPair, nikHash } from '../../sync/protocol/crypto';
import { signRequest } from '../../sync/protocol/http-signature';
import { HttpClient } from '../../sync/agent/http-client';
import { lookupRegistration, pullRegistrations } from '../../sync/agent/registrations';
import { startTestCityServer } from '../../sync/server/testing';
import type { TestCityServer } from '../../sync/server/testing';
import type { TemplateExtractor } from '../../sync/server/templates';
import { signRegistrationLookup, signRegistrationsPage, verifyRegistrationLookup, verifyRegistrationsPage } from '../../sync/protocol/registrations-feed';

describe('provisioning accepts http:// only for loopback', () => {
  let dir: string;
  let store: KioskStore;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'jejak-transport-'));
    store = openKioskStore({ path: path.join(dir, 'kiosk.db'), keyStore: new FileKeyStore(path.join(dir, 'data.key')), clock: { now: () => new Date() } });
  });
  afterAll(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses http:// to another machine before any request, in both languages, nothing stored', async () => {
    for (const url of ['http://kota-bogor.example', 'http://10.0.0.5:8080', 'http://192.168.1.20', 'http://127.0.0.1.nip.io', 'http://[2001:db8::1]']) {
      const err = await enrol(store, url, 'ABCD-EFGH-JKMN', { allowInsecureHttp: false, timeoutMs: 500 }).catch((e: unknown) => e);
      expect(err, url).toBeInstanceOf(ProvisioningError);
      expect((err as ProvisioningError).code, url).toBe('INSECURE_URL');
      expect((err as ProvisioningError).messages.id).toMatch(/https:\/\//);
    }
    expect(store.getDeviceConfig()).toBeNull();
  });

  it('takes https:// anywhere, http:// on loopback, and http:// elsewhere only with the development flag', async () => {
    expect(normaliseServerUrl('https://kota-bogor.example/', false)).toBe('https://kota-bogor.example');
    for (const url of ['http://127.0.0.1:8080', 'http://localhost:3000', 'http://[::1]:3000', 'http://127.8.9.10']) expect(normaliseServerUrl(url, false), url).toMatch(/^http:\/\//);
    expect(normaliseServerUrl('http://10.0.0.5:8080', true)).toBe('http://10.0.0.5:8080');
    expect(isLoopbackHost('127.0.0.1.nip.io')).toBe(false);
    // the flag gets it past the address check to the network (no such host here)
    const err = await enrol(store, 'http://kota-bogor.invalid', 'ABCD-EFGH-JKMN', { allowInsecureHttp: true, timeoutMs: 2000 }).catch((e: unknown) => e);
    expect((err as ProvisioningError).code).toBe('UNREACHABLE');
  });
});

describe('signed registrations answers', () => {
  const city = generateEd25519KeyPair();
  const key = { keyId: 'city-2026', privateKey: city.privateKey };
  const pinnedKeys = [{ keyId: 'city-2026', publicKey: city.publicKey }];
  const now = Date.parse('2026-12-03T12:00:00Z');
  const item = {
    rid: 'R-1', nikHash: 'a'.repeat(64), region: '3271', nameSealed: 'c2VhbGVk', revoked: false, verified: true, updatedAt: '2026-12-03T11:00:00.000Z',
    templates: [{ model: 'fake-v1', vector: Buffer.from(new Float32Array(16).fill(0.25).buffer).toString('base64') }],
  };
  const page = signRegistrationsPage({ region: '3271', cursor: '0', items: [item], nextCursor: '7', hasMore: false }, key, now);
  const wire = () => JSON.parse(JSON.stringify(page)) as typeof page;

  it('verifies a page as sent, and refuses one changed on the way', () => {
    expect(verifyRegistrationsPage(wire(), { pinnedKeys, now, region: '3271', cursor: '0' })).toMatchObject({ ok: true });
    const swapped = wire();
    swapped.items[0]!.templates[0]!.vector = Buffer.from(new Float32Array(16).fill(0.3).buffer).toString('base64');
    expect(verifyRegistrationsPage(swapped, { pinnedKeys, now, region: '3271', cursor: '0' })).toMatchObject({ ok: false, code: 'bad_signature' });
    const hidden = wire();
    hidden.items = [];
    expect(verifyRegistrationsPage(hidden, { pinnedKeys, now, region: '3271', cursor: '0' })).toMatchObject({ ok: false, code: 'bad_signature' });
    const { signature: _s, ...unsigned } = wire();
    expect(verifyRegistrationsPage(unsigned, { pinnedKeys, now, region: '3271', cursor: '0' })).toMatchObject({ ok: false, code: 'malformed' });
  });

  it('refuses a page for another cursor or region, past its window, or by a key not pinned', () => {
    expect(verifyRegistrationsPage(wire(), { pinnedKeys, now, region: '3271', cursor: '7' })).toMatchObject({ ok: false, code: 'wrong_cursor' });
    expect(verifyRegistrationsPage(wire(), { pinnedKeys, now, region: '3201', cursor: '0' })).toMatchObject({ ok: false, code: 'wrong_region' });
    expect(verifyRegistrationsPage(wire(), { pinnedKeys, now: now + 2 * 3600_000, region: '3271', cursor: '0' })).toMatchObject({ ok: false, code: 'expired' });
    expect(verifyRegistrationsPage(wire(), { pinnedKeys, now: now - 3600_000, region: '3271', cursor: '0' })).toMatchObject({ ok: false, code: 'not_yet_valid' });
    const other = generateEd25519KeyPair();
    expect(verifyRegistrationsPage(wire(), { pinnedKeys: [{ keyId: 'city-2026', publicKey: other.publicKey }], now, region: '3271', cursor: '0' })).toMatchObject({ ok: false, code: 'bad_signature' });
    expect(verifyRegistrationsPage(wire(), { pinnedKeys: [{ keyId: 'x', publicKey: city.publicKey }], now, region: '3271', cursor: '0' })).toMatchObject({ ok: false, code: 'unknown_key' });
  });

  it('a lookup verifies only for the NIK hash asked for', () => {
    const one = JSON.parse(JSON.stringify(signRegistrationLookup(item, key, now))) as unknown;
    expect(verifyRegistrationLookup(one, { pinnedKeys, now, nikHash: item.nikHash })).toMatchObject({ ok: true, value: { rid: 'R-1' } });
    expect(verifyRegistrationLookup(one, { pinnedKeys, now, nikHash: 'b'.repeat(64) })).toMatchObject({ ok: false, code: 'wrong_registration' });
  });
});

describe('the kiosk refuses a registrations answer changed on the way (a proxy between kiosk and city)', () => {
  const extractor: TemplateExtractor = {
    async enrolFromImage() {
      return { ok: true, template: { model: 'fake-v1', vector: Buffer.from(new Float32Array(128).fill(0.1).buffer).toString('base64') } };
    },
    async close() {},
  };
  const NIK = '3271014501900001';
  let city: TestCityServer;
  let proxy: http.Server;
  let proxyUrl: string;
  let tamper = true;
  let dir: string;
  let store: KioskStore;
  beforeAll(async () => {
    city = await startTestCityServer('sqlite', { templateExtractor: extractor });
    await city.admin.registerPerson({ nik: NIK, name: 'Budi Santoso', selfie: Buffer.alloc(64, 7) });
    // swaps the face template in every registrations answer for another face (an impostor's)
    proxy = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const up = http.request(`${city.url}${req.url}`, { method: req.method, headers: { ...req.headers, host: new URL(city.url).host } }, (r) => {
          const parts: Buffer[] = [];
          r.on('data', (c: Buffer) => parts.push(c));
          r.on('end', () => {
            let body = Buffer.concat(parts);
            if (tamper && req.url?.startsWith('/v1/registrations') && r.statusCode === 200) {
              const swap = Buffer.from(new Float32Array(128).fill(0.2).buffer).toString('base64');
              body = Buffer.from(body.toString('utf8').replace(/"vector":"[^"]+"/g, `"vector":"${swap}"`));
            }
            const headers = { ...r.headers, 'content-length': String(body.length) };
            res.writeHead(r.statusCode ?? 502, headers).end(body);
          });
        });
        up.end(Buffer.concat(chunks));
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
    dir = mkdtempSync(path.join(os.tmpdir(), 'jejak-transport-feed-'));
    store = openKioskStore({ path: path.join(dir, 'kiosk.db'), keyStore: new FileKeyStore(path.join(dir, 'data.key')), clock: { now: () => new Date() } });
    await enrol(store, proxyUrl, await city.newEnrolmentCode());
  });
  afterAll(async () => {
    store?.close();
    await new Promise<void>((r) => proxy.close(() => r()));
    await city?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  const client = () => {
    const cfg = store.getDeviceConfig()!;
    return new HttpClient({
      baseUrl: proxyUrl, keepAlive: false,
      signer: ({ method, url, headers, body }) => signRequest({ method, url, body: body ?? '', keyId: cfg.deviceId, privateKey: cfg.devicePrivateKey, created: Math.floor(Date.now() / 1000), headers }),
    });
  };

  it('stores nothing from a tampered page or lookup; the honest answer goes in', async () => {
    const hash = nikHash(store.getDeviceConfig()!.nikHashKey, NIK);
    const bad = await pullRegistrations(store, client());
    expect(bad).toMatchObject({ kind: 'failure', reason: 'REGISTRATIONS_UNVERIFIED:bad_signature' });
    expect(store.getRegistration(hash)).toBeNull();
    expect(store.registrationsCursor()).toBeNull();
    expect(await lookupRegistration(store, client(), hash)).toEqual({ kind: 'unavailable', reason: 'REGISTRATIONS_UNVERIFIED:bad_signature' });
    expect(store.getRegistration(hash)).toBeNull();
    tamper = false;
    expect(await pullRegistrations(store, client())).toMatchObject({ kind: 'done', upserted: 1 });
    expect(store.getRegistration(hash)).not.toBeNull();
  });
});
