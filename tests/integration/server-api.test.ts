// The city server's shared suite: every test runs against both backends (SQLite file, PostgreSQL schema)
// through the real HTTP API on 127.0.0.1 with signed device requests.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { randomUUID } from 'node:crypto';
import { postgresUrl } from '../helpers/postgres';
import { ManualClock } from '../../sync/protocol/clock';
import { DeviceClient, enrolDevice, routeUrl } from '../../sync/server/device-client';
import type { DeviceIdentity } from '../../sync/server/device-client';
import { startTestCityServer } from '../../sync/server/testing';
import type { Backend, TestCityServer } from '../../sync/server/testing';
import type { TemplateExtractor } from '../../sync/server/templates';
import { generateEd25519KeyPair, nikHash, sha256Hex } from '../../sync/protocol/crypto';
import { openName } from '../../sync/protocol/api/registration-name';
import { verifyCredential } from '../../sync/protocol/qr-credential';
import { checkVersionChain, setDigestOf, verifyChunk, verifyFinalState, verifySignedHead, verifySignedManifest } from '../../sync/protocol/risk-feed';
import type { RiskEntry } from '../../sync/protocol/risk-feed';
import type { Visit } from '../../sync/protocol/api/visits';
import type { ErrorBody } from '../../sync/protocol/api/common';
import type { VisitRow } from '../../sync/server/store/types';

const pg = postgresUrl();
const backends: Backend[] = pg ? ['sqlite', 'postgres'] : ['sqlite'];

const T0 = Date.UTC(2026, 10, 20, 3, 0, 0);
const NIK_A = '3271014501900001';
const NIK_B = '3271010101850002';
const NIK_C = '3271020202900003';
const NAME_A = 'Siti Rahmawati';

/** A stand-in face engine for the API tests (the real one is tested in server-registration-face.test.ts). */
const fakeExtractor: TemplateExtractor = {
  async enrolFromImage(bytes) {
    if (bytes.length < 16) return { ok: false, quality: { code: 'NO_FACE', message: { id: 'Wajah tidak terlihat', en: 'No face found' } } };
    // a direction that depends on the bytes: different "photos" are different faces to the duplicate check
    const v = new Float32Array(128).map((_, i) => Math.sin((bytes[i % bytes.length]! + 1) * (i + 1) * 12.9898)).map((x, _, a) => x / Math.hypot(...a));
    return { ok: true, template: { model: 'fake-v1', vector: Buffer.from(v.buffer).toString('base64') } };
  },
  async close() {},
};

class LogSink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, cb: () => void) {
    this.text += chunk.toString('utf8');
    cb();
  }
}

describe.each(backends)('city server on %s', (backend) => {
  let s: TestCityServer;
  let clock: ManualClock;
  let dev: DeviceIdentity;
  let client: DeviceClient;
  const logs = new LogSink();

  beforeAll(async () => {
    clock = new ManualClock(T0);
    s = await startTestCityServer(backend, { pgUrl: pg ?? undefined, clock, templateExtractor: fakeExtractor, logLevel: 'info', logDestination: logs });
    dev = await enrolDevice(s.url, await s.newEnrolmentCode());
    client = new DeviceClient(s.url, dev, () => clock.now().getTime());
  });
  afterAll(async () => {
    await s?.destroy();
  });

  const visit = (over: Partial<Visit> = {}): Visit => ({
    id: uuidv7(), venueId: s.venueId, gateId: s.gateId, occurredAt: new Date(clock.now().getTime()).toISOString(), deviceTime: new Date(clock.now().getTime()).toISOString(),
    clockOffsetMs: 0, clockSuspect: false, identity: 'NIK', nikHash: nikHash(dev.enrolment.nikHashKey, NIK_B), outcome: 'ADMIT', reason: 'OK',
    override: null, faceDistance: 0.31, livenessScore: 0.97, riskListVersion: null, checkedOutAt: null, ...over,
  });

  it('serves health and an OpenAPI document built from the schemas', async () => {
    const h = await fetch(`${s.url}${routeUrl('health')}`).then((r) => r.json());
    expect(h).toMatchObject({ status: 'ok', backend, db: 'ok', serverTime: new Date(T0).toISOString() });
    const doc = (await fetch(`${s.url}${routeUrl('openapi')}`).then((r) => r.json())) as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/enrol', '/v1/visits', '/v1/risk/updates', '/v1/risk/chunks/{sha256}', '/v1/admin/trace']));
    expect(JSON.stringify(doc.paths['/v1/visits']!.post!.requestBody)).toContain('visits');
  });

  it('enrols with a one-time code: device id, venue, gate, pinned keys, NIK hash key', async () => {
    expect(dev.enrolment).toMatchObject({ venue: { id: s.venueId, capacity: 500 }, gate: { id: s.gateId }, config: { maxVisitBatch: 500 } });
    expect(dev.enrolment.cityKeys[0]!.publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(dev.enrolment.nikHashKey).toBe(s.keys.nikHashKey);
  });

  it('refuses a used, unknown or expired enrolment code with its reason', async () => {
    const code = await s.newEnrolmentCode();
    await enrolDevice(s.url, code.toLowerCase().replace(/-/g, ' '));
    const post = (body: unknown) => fetch(`${s.url}${routeUrl('enrol')}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const pk = generateEd25519KeyPair().publicKey;
    const used = await post({ code, publicKey: pk });
    expect(used.status).toBe(410);
    expect(((await used.json()) as ErrorBody).error.code).toBe('enrol_code_used');
    const unknown = await post({ code: 'AAAA-BBBB-CCCC', publicKey: pk });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as ErrorBody).error).toMatchObject({ code: 'enrol_code_unknown', message: { id: expect.any(String), en: expect.any(String) } });
    const late = await s.newEnrolmentCode();
    clock.advance(25 * 3600_000);
    const expired = await post({ code: late, publicKey: pk });
    clock.set(T0);
    expect(expired.status).toBe(410);
    expect(((await expired.json()) as ErrorBody).error.code).toBe('enrol_code_expired');
    const bad = await post({ code: 'x', publicKey: 'nope' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error).toMatchObject({ code: 'invalid_body', details: expect.arrayContaining([expect.objectContaining({ path: 'publicKey' })]) });
  });

  it('refuses bad device signatures with 401, a reason code and the server time', async () => {
    const body = { visits: [visit()] };
    const expect401 = async (p: Promise<{ status: number; body: unknown }>, code: string) => {
      const r = await p;
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ error: { code }, serverTime: new Date(clock.now().getTime()).toISOString() });
    };
    const other = new DeviceClient(s.url, { deviceId: dev.deviceId, privateKey: generateEd25519KeyPair().privateKey }, () => clock.now().getTime());
    await expect401(other.call('visits', { body }), 'sig_invalid');
    await expect401(new DeviceClient(s.url, { deviceId: randomUUID(), privateKey: dev.privateKey }, () => clock.now().getTime()).call('visits', { body }), 'device_unknown');
    await expect401(client.call('visits', { body }, { now: clock.now().getTime() - 6 * 60_000 }), 'clock_skew');
    await expect401(client.call('visits', { body }, { now: clock.now().getTime() + 6 * 60_000 }), 'clock_skew');
    await expect401(client.call('visits', { body }, { headers: { 'content-type': 'application/json' } }), 'sig_missing');
    const signed = client.sign('POST', routeUrl('visits'), JSON.stringify(body));
    await expect401(client.call('visits', {}, { headers: signed, rawBody: JSON.stringify({ visits: [visit()] }) }), 'digest_mismatch');
    // The signature is checked (and its nonce spent) from the headers, before the body is read: the
    // tampered copy used the nonce up, so even the right body cannot reuse those headers.
    await expect401(client.call('visits', {}, { headers: signed, rawBody: JSON.stringify(body) }), 'nonce_replayed');
    const fresh = client.sign('POST', routeUrl('visits'), JSON.stringify(body));
    const first = await client.call('visits', {}, { headers: fresh, rawBody: JSON.stringify(body) });
    expect(first.status).toBe(200);
    await expect401(client.call('visits', {}, { headers: fresh, rawBody: JSON.stringify(body) }), 'nonce_replayed');
    // A kiosk whose clock is 4 minutes off is still inside the window.
    expect((await client.call('riskUpdates', { query: { since: 0 } }, { now: clock.now().getTime() + 4 * 60_000 })).status).toBe(200);
  });

  it('refuses a revoked device', async () => {
    const d2 = await enrolDevice(s.url, await s.newEnrolmentCode());
    const c2 = new DeviceClient(s.url, d2, () => clock.now().getTime());
    expect((await c2.call('riskUpdates', { query: { since: 0 } })).status).toBe(200);
    await s.admin.revokeDevice(d2.deviceId);
    const r = await c2.call('riskUpdates', { query: { since: 0 } });
    expect(r.status).toBe(401);
    expect((r.body as unknown as ErrorBody).error.code).toBe('device_revoked');
  });

  it('ingests visits idempotently: accepted, duplicate, conflict kept aside, rejected with a reason', async () => {
    const a = visit();
    const b = visit({ outcome: 'DENY', reason: 'RISK_CONFIRMED' });
    const r1 = await client.call('visits', { body: { visits: [a, b] } });
    expect(r1.status).toBe(200);
    expect(r1.body.results).toEqual([{ id: a.id, status: 'accepted' }, { id: b.id, status: 'accepted' }]);
    const before = await s.store.countVisits();
    const changed = { ...a, reason: 'SOMETHING_ELSE' };
    const broken = { ...visit(), nikHash: 'not-a-hash' };
    const elsewhere = visit({ venueId: 'another-venue' });
    const badGate = visit({ gateId: 'no-such-gate' });
    const c = visit();
    const r2 = await client.call('visits', { body: { visits: [a, changed, broken, elsewhere, badGate, c, c, 42] } });
    expect(r2.body.results).toEqual([
      { id: a.id, status: 'duplicate' },
      { id: a.id, status: 'conflict', reason: 'id_conflict' },
      { id: broken.id, status: 'rejected', reason: 'invalid_item', details: expect.stringContaining('nikHash') },
      { id: elsewhere.id, status: 'rejected', reason: 'venue_mismatch' },
      { id: badGate.id, status: 'rejected', reason: 'gate_unknown' },
      { id: c.id, status: 'accepted' },
      { id: c.id, status: 'duplicate' },
      { id: '#7', status: 'rejected', reason: 'invalid_item', details: expect.any(String) },
    ]);
    expect(await s.store.countVisits()).toBe(before + 1);
    const conflicts = await s.store.listConflicts();
    expect(conflicts.map((x) => x.id)).toContain(a.id);
    // The stored visit is still the first body.
    const traced = await s.store.trace({ nikHash: a.nikHash!, from: T0 - 1, to: T0 + 1, marginMs: 0, dwellMs: 1, outcomes: ['ADMIT'] });
    expect(traced.visits.find((v) => v.visitId === a.id)?.outcome).toBe('ADMIT');
  });

  it('answers whole-batch problems with specific 4xx and applies nothing', async () => {
    const before = await s.store.countVisits();
    const tooMany = await client.call('visits', { body: { visits: Array.from({ length: 501 }, () => visit()) } });
    expect(tooMany.status).toBe(413);
    expect((tooMany.body as unknown as ErrorBody).error.code).toBe('batch_too_large');
    const big = await client.call('visits', { body: { visits: [visit({ reason: 'x'.repeat(1_100_000) })] } });
    expect(big.status).toBe(413);
    expect((big.body as unknown as ErrorBody).error.code).toBe('body_too_large');
    const notJson = await client.call('visits', {}, { rawBody: '{"visits": [' });
    expect(notJson.status).toBe(400);
    expect((notJson.body as unknown as ErrorBody).error.code).toBe('invalid_json');
    const empty = await client.call('visits', { body: { visits: [] } });
    expect(empty.status).toBe(400);
    expect((empty.body as unknown as ErrorBody).error.code).toBe('invalid_body');
    const extra = await client.call('visits', { body: { visits: [visit()], more: 1 } });
    expect(extra.status).toBe(400);
    const q = await client.call('riskUpdates', { query: { since: -1 } });
    expect(q.status).toBe(400);
    expect((q.body as unknown as ErrorBody).error.code).toBe('invalid_query');
    expect(await s.store.countVisits()).toBe(before);
    const nf = await client.request('GET', '/v1/nothing-here');
    expect(nf.status).toBe(404);
  });

  it('refuses a CSV risk list with every bad line, then publishes signed snapshots and deltas kiosks verify', async () => {
    const bad = ['nik,status,valid_until', `${NIK_A},CONFIRMED,2026-12-31`, '12345,CONFIRMED,2026-12-31', `${NIK_B},POSITIVE,2026-12-31`, `${NIK_C},SUSPECT,2026-02-30`, `${NIK_A},SUSPECT,2026-12-31`, 'a,b'].join('\n');
    const refused = await s.admin.importRiskCsv(bad);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.errors.map((e) => [e.line, e.code])).toEqual([[3, 'NIK_LENGTH'], [4, 'STATUS'], [5, 'VALID_UNTIL'], [6, 'DUPLICATE'], [7, 'FIELDS']]);
    expect(refused.errors[3]!.message.en).toContain('line 2');
    expect(await s.store.latestRiskVersion(s.config.riskListId)).toBeNull();

    const pinned = dev.enrolment.cityKeys;
    const hk = dev.enrolment.nikHashKey;
    const kiosk = new Map<string, RiskEntry>();
    let kioskVersion = 0;
    const sync = async () => {
      const r = await client.call('riskUpdates', { query: { since: kioskVersion } });
      expect(r.status).toBe(200);
      expect(verifySignedHead(r.body.head, { pinnedKeys: pinned, now: clock.now().getTime() }).ok).toBe(true);
      const manifests = r.body.manifests.map((m) => {
        const v = verifySignedManifest(m, { pinnedKeys: pinned, now: clock.now().getTime(), listId: s.config.riskListId });
        if (!v.ok) throw new Error(v.detail);
        return v.value;
      });
      expect(checkVersionChain(kioskVersion, manifests).ok).toBe(true);
      for (const m of manifests) {
        if (m.type === 'snapshot') kiosk.clear();
        for (const ref of m.chunks) {
          const chunk = await client.call('riskChunk', { params: { sha256: ref.sha256 } });
          expect(chunk.status).toBe(200);
          const parsed = verifyChunk(ref, chunk.bytes, m.type);
          if (!parsed.ok) throw new Error(parsed.detail);
          for (const c of parsed.value) {
            if (c.op === '-') kiosk.delete(c.nikHash);
            else kiosk.set(c.nikHash, { nikHash: c.nikHash, status: c.status, validUntil: c.validUntil });
          }
        }
        const state = setDigestOf([...kiosk.values()].sort((x, y) => (x.nikHash < y.nikHash ? -1 : 1)));
        expect(verifyFinalState(m, state)).toEqual({ ok: true, value: null });
        kioskVersion = m.version;
      }
      return r.body;
    };

    const v1 = await s.admin.importRiskCsv(['nik,status,valid_until', `${NIK_A},CONFIRMED,2026-12-31`, `"${NIK_B}","suspect","2026-12-15"`].join('\r\n'));
    expect(v1).toMatchObject({ ok: true, summary: { version: 1, entryCount: 2, added: 2 } });
    expect((await sync()).mode).toBe('snapshot');
    expect(kiosk.get(nikHash(hk, NIK_A))?.status).toBe('CONFIRMED');

    const v2 = await s.admin.importRiskCsv(['nik,status,valid_until', `${NIK_A},CONFIRMED,2027-01-31`, `${NIK_C},CLOSE_CONTACT,2026-12-01`].join('\n'));
    expect(v2).toMatchObject({ ok: true, summary: { version: 2, entryCount: 2, added: 1, changed: 1, removed: 1 } });
    const delta = await sync();
    expect(delta.mode).toBe('delta');
    expect(delta.manifests[0]!.manifest).toMatchObject({ type: 'delta', previousVersion: 1, version: 2, changeCount: 3 });
    expect(kiosk.has(nikHash(hk, NIK_B))).toBe(false);
    expect(kiosk.get(nikHash(hk, NIK_A))?.validUntil).toBe('2027-01-31');
    expect((await sync()).mode).toBe('current');

    // A kiosk far behind (or new) gets the snapshot.
    const fresh = await client.call('riskUpdates', { query: { since: 0 } });
    expect(fresh.body.mode).toBe('snapshot');
    expect(fresh.body.head.head).toMatchObject({ version: 2, entryCount: 2 });
    const missing = await client.call('riskChunk', { params: { sha256: sha256Hex('nothing') } });
    expect(missing.status).toBe(404);
    expect((missing.body as unknown as ErrorBody).error.code).toBe('risk_chunk_not_found');
  });

  it('registers a person, feeds templates with a name only the NIK opens, looks one up, issues a QR credential', async () => {
    await expect(s.admin.registerPerson({ nik: NIK_A, name: NAME_A, selfie: Buffer.alloc(4) })).rejects.toMatchObject({ code: 'SELFIE_NO_FACE' });
    await expect(s.admin.registerPerson({ nik: '3271014501900000', name: NAME_A, selfie: Buffer.alloc(64, 7) })).rejects.toMatchObject({ code: 'NIK_SERIAL' });
    const reg = await s.admin.registerPerson({ nik: NIK_A, name: NAME_A, selfie: Buffer.alloc(64, 7) });
    await s.admin.registerPerson({ nik: '3201011212800004', name: 'Luar Kota', selfie: Buffer.alloc(64, 9) });
    const page = await client.call('registrations', { query: { limit: 10 } });
    expect(page.status).toBe(200);
    expect(page.body.items.map((i) => i.rid)).toEqual([reg.rid]);
    const item = page.body.items[0]!;
    expect(item.nikHash).toBe(nikHash(dev.enrolment.nikHashKey, NIK_A));
    expect(item.templates[0]!.model).toBe('fake-v1');
    expect(openName(dev.enrolment.nikHashKey, NIK_A, item.nameSealed)).toBe(NAME_A);
    expect(openName(dev.enrolment.nikHashKey, NIK_B, item.nameSealed)).toBeNull();
    const next = await client.call('registrations', { query: { cursor: page.body.nextCursor } });
    expect(next.body).toMatchObject({ items: [], hasMore: false, nextCursor: page.body.nextCursor });
    const one = await client.call('registrationLookup', { params: { nikHash: item.nikHash } });
    expect(one.body.rid).toBe(reg.rid);
    const other = await client.call('registrationLookup', { params: { nikHash: nikHash(dev.enrolment.nikHashKey, '3201011212800004') } });
    expect(other.status).toBe(200);
    const none = await client.call('registrationLookup', { params: { nikHash: nikHash(dev.enrolment.nikHashKey, NIK_C) } });
    expect(none.status).toBe(404);
    expect((none.body as unknown as ErrorBody).error.code).toBe('registration_not_found');

    const qr = await s.admin.issueQr(NIK_A, 'svg');
    expect(qr.image.toString('utf8')).toContain('<svg');
    const keys = Object.fromEntries(dev.enrolment.cityKeys.map((k) => [k.keyId, k.publicKey]));
    const v = verifyCredential(qr.token, { keys, now: new Date(clock.now().getTime()) });
    expect(v).toMatchObject({ ok: true, credential: { nik: NIK_A, name: NAME_A, rid: reg.rid } });
    const png = await s.admin.issueQr(NIK_A, 'png');
    expect(png.image.subarray(1, 4).toString('latin1')).toBe('PNG');
    await expect(s.admin.issueQr(NIK_C)).rejects.toMatchObject({ code: 'NOT_REGISTERED' });
  });

  it('takes on-the-spot registrations from kiosks idempotently', async () => {
    const body = {
      id: randomUUID(), nik: NIK_C, name: 'Budi Santoso', consent: { given: true, at: new Date(T0).toISOString(), textVersion: 'v1' },
      template: { model: 'fake-v1', vector: Buffer.from(new Float32Array(128).fill(0.1).buffer).toString('base64') }, capturedAt: new Date(T0).toISOString(),
    };
    const r1 = await client.call('pendingRegistration', { body });
    expect(r1.body).toEqual({ id: body.id, status: 'accepted', rid: null });
    expect((await client.call('pendingRegistration', { body })).body).toMatchObject({ status: 'duplicate' });
    expect((await client.call('pendingRegistration', { body: { ...body, name: 'Other' } })).body).toMatchObject({ status: 'conflict', reason: 'id_conflict' });
    expect((await client.call('pendingRegistration', { body: { ...body, id: randomUUID(), nik: '9971014501900001' } })).body).toMatchObject({ status: 'rejected', reason: 'nik_invalid' });
    const noConsent = await client.call('pendingRegistration', { body: { ...body, consent: { ...body.consent, given: false } } });
    expect(noConsent.status).toBe(400);
    const pending = await s.store.listPendingRegistrations();
    expect(pending).toHaveLength(1);
    expect(JSON.stringify(pending)).not.toContain(NIK_C);
    expect(JSON.stringify(pending)).not.toContain('Budi');
    expect(await s.admin.pendingRegistrations()).toEqual([expect.objectContaining({ id: body.id, deviceId: dev.deviceId, region: '3271', alreadyRegistered: false })]);
    const reg = await s.admin.approvePending(body.id);
    const fed = await client.call('registrationLookup', { params: { nikHash: nikHash(dev.enrolment.nikHashKey, NIK_C) } });
    expect(fed.body).toMatchObject({ rid: reg.rid, templates: [body.template] });
    expect(openName(dev.enrolment.nikHashKey, NIK_C, fed.body.nameSealed)).toBe('Budi Santoso');
    await expect(s.admin.approvePending(randomUUID())).rejects.toMatchObject({ code: 'PENDING_UNKNOWN' });
  });

  it('keeps DENY alerts and lists them for Dinkes (endpoint with admin token)', async () => {
    const alert = { id: randomUUID(), visitId: uuidv7(), venueId: s.venueId, gateId: s.gateId, occurredAt: new Date(clock.now().getTime()).toISOString(), nikHash: nikHash(dev.enrolment.nikHashKey, NIK_A), riskStatus: 'CONFIRMED', outcome: 'DENY', riskListVersion: 2 };
    const r = await client.call('alerts', { body: { alerts: [alert, { ...alert, riskStatus: 'CLOSE_CONTACT', id: randomUUID() }] } });
    expect(r.body).toMatchObject({ results: [{ id: alert.id, status: 'accepted' }, { status: 'rejected', reason: 'invalid_item' }] });
    expect((await client.call('alerts', { body: { alerts: [alert] } })).body).toMatchObject({ results: [{ status: 'duplicate' }] });
    const noToken = await fetch(`${s.url}${routeUrl('adminAlerts')}`);
    expect(noToken.status).toBe(401);
    expect(((await noToken.json()) as ErrorBody).error.code).toBe('admin_unauthorized');
    const listed = (await fetch(`${s.url}${routeUrl('adminAlerts')}`, { headers: { authorization: `Bearer ${s.keys.adminToken}` } }).then((x) => x.json())) as { alerts: Array<{ id: string; venueName: string }> };
    expect(listed.alerts).toEqual([expect.objectContaining({ id: alert.id, venueName: 'Botani Square', riskStatus: 'CONFIRMED', deviceId: dev.deviceId })]);
  });

  it('lists the fleet from heartbeats and flags stale and silent kiosks', async () => {
    const hb = { appVersion: '0.1.0', queueDepth: 3, deadLetterCount: 0, riskListVersion: 2, riskListAgeSeconds: 60, lastSyncAt: new Date(clock.now().getTime()).toISOString(), clockOffsetMs: 120, deviceTime: new Date(clock.now().getTime()).toISOString() };
    const r = await client.call('heartbeat', { body: hb });
    expect(r.body).toMatchObject({ latestRiskVersion: 2, heartbeatSeconds: 60 });
    let fleet = await s.admin.fleet();
    expect(fleet.find((d) => d.deviceId === dev.deviceId)).toMatchObject({ status: 'ok', heartbeat: { queueDepth: 3 } });
    await client.call('heartbeat', { body: { ...hb, riskListAgeSeconds: 30 * 3600, riskListVersion: 1 } });
    fleet = await s.admin.fleet();
    expect(fleet.find((d) => d.deviceId === dev.deviceId)).toMatchObject({ status: 'stale', problems: expect.arrayContaining(['risk list 30 h old', 'risk list version 1 < 2']) });
    clock.advance(20 * 60_000);
    fleet = await s.admin.fleet();
    clock.set(T0);
    expect(fleet.find((d) => d.deviceId === dev.deviceId)?.status).toBe('silent');
    expect(fleet.some((d) => d.status === 'revoked')).toBe(true);
    const bad = await client.call('heartbeat', { body: { ...hb, queueDepth: -1 } });
    expect(bad.status).toBe(400);
  });

  it('traces a NIK: their visits and every overlapping visitor at the same venue, JSON and CSV safe against formulas', async () => {
    const hk = dev.enrolment.nikHashKey;
    const idx = '3271014501900001';
    const at = (min: number) => new Date(T0 + min * 60_000).toISOString();
    const venue2 = await s.admin.createVenue({ name: '=HYPERLINK("http://x")', address: 'x', capacity: 10 });
    const gate2 = await s.admin.createGate({ venueId: venue2.id, name: 'A' });
    const d2 = await enrolDevice(s.url, (await s.admin.createEnrolmentCode(gate2.id)).code);
    const c2 = new DeviceClient(s.url, d2, () => clock.now().getTime());
    const h = (n: string) => nikHash(hk, n);
    const P1 = '3271010101850011', P2 = '3271010101850012', P3 = '3271010101850013', P4 = '3271010101850014';
    const mk = (over: Partial<Visit>, venueId = s.venueId, gateId = s.gateId) => visit({ venueId, gateId, ...over });
    const main = [
      mk({ nikHash: h(idx), occurredAt: at(1000), checkedOutAt: at(1060) }),
      mk({ nikHash: h(P1), occurredAt: at(1030) }), // overlaps (no check-out: dwell)
      mk({ nikHash: h(P2), occurredAt: at(1070) }), // within the 15 min margin after check-out
      mk({ nikHash: h(P3), occurredAt: at(1100) }), // too late
      mk({ nikHash: h(P4), occurredAt: at(1030), outcome: 'DENY', reason: 'FACE_MISMATCH' }), // refused: never inside
      mk({ nikHash: h(P3), occurredAt: at(900), checkedOutAt: at(990) }), // left 10 min before: within margin
    ];
    expect((await client.call('visits', { body: { visits: main } })).body.results.every((r) => r.status === 'accepted')).toBe(true);
    const other = [mk({ nikHash: h(idx), occurredAt: at(2000) }, venue2.id, gate2.id), mk({ nikHash: h(P4), occurredAt: at(2010) }, venue2.id, gate2.id)];
    expect((await c2.call('visits', { body: { visits: other } })).body.results.every((r) => r.status === 'accepted')).toBe(true);

    clock.advance(3 * 86_400_000);
    const t = await s.admin.trace({ nik: idx });
    clock.set(T0);
    expect(t.visits.map((v) => v.from)).toEqual([at(1000), at(2000)]);
    const contacts = t.contacts.map((c) => [c.nikHash, c.overlapsVisitId]).sort();
    expect(contacts).toEqual([[h(P1), main[0]!.id], [h(P2), main[0]!.id], [h(P3), main[0]!.id], [h(P4), other[0]!.id]].sort());
    expect(t.contacts.find((c) => c.nikHash === h(P1))?.overlapMinutes).toBe(30);

    clock.advance(3 * 86_400_000);
    const csvRes = await fetch(`${s.url}${routeUrl('adminTrace', { query: { nik: idx, format: 'csv' } })}`, { headers: { authorization: `Bearer ${s.keys.adminToken}` } });
    const json = await fetch(`${s.url}${routeUrl('adminTrace', { query: { nik: idx, marginMinutes: 0 } })}`, { headers: { authorization: `Bearer ${s.keys.adminToken}` } }).then((r) => r.json()) as { contacts: unknown[] };
    const badNik = await fetch(`${s.url}${routeUrl('adminTrace', { query: { nik: '123' } })}`, { headers: { authorization: `Bearer ${s.keys.adminToken}` } });
    clock.set(T0);
    expect(csvRes.headers.get('content-type')).toContain('text/csv');
    const csv = await csvRes.text();
    expect(csv.split('\r\n')[0]).toBe('"kind","visit_id","venue_id","venue_name","gate_id","nik_hash","from","to","checked_out","overlaps_visit_id","overlap_minutes"');
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv).not.toMatch(/(^|,)"=/m);
    expect(json.contacts).toHaveLength(2);
    expect(badNik.status).toBe(400);
    expect(((await badNik.json()) as ErrorBody).error.code).toBe('nik_invalid');
  });

  it('purges visits older than the retention period', async () => {
    // Ids are UUIDv7 made when the visit was recorded, as a kiosk does.
    const old = visit({ id: uuidv7({ msecs: T0 - 30 * 86_400_000 }), occurredAt: new Date(T0 - 30 * 86_400_000).toISOString() });
    const recent = visit({ id: uuidv7({ msecs: T0 - 86_400_000 }), occurredAt: new Date(T0 - 86_400_000).toISOString() });
    await client.call('visits', { body: { visits: [old, recent] } });
    await s.store.maintainPartitions(T0);
    await s.runMaintenance();
    const ids = new Set(await s.store.visitIds());
    expect(ids.has(old.id)).toBe(false);
    expect(ids.has(recent.id)).toBe(true);
    expect((await client.call('visits', { body: { visits: [recent] } })).body.results[0]!.status).toBe('duplicate');
    // The purged visit sent again is accepted again (it is gone, idempotency keys included), never a conflict.
    expect((await client.call('visits', { body: { visits: [{ ...old, reason: 'CHANGED' }] } })).body.results[0]!.status).toBe('accepted');
  });

  it('applies check-outs sent after the visit', async () => {
    const v = visit();
    await client.call('visits', { body: { visits: [v] } });
    const missing = uuidv7();
    const r = await client.call('checkouts', { body: { checkouts: [{ visitId: v.id, checkedOutAt: new Date(T0 + 3600_000).toISOString() }, { visitId: missing, checkedOutAt: new Date(T0).toISOString() }] } });
    expect(r.body).toEqual({ applied: 1, unknown: [missing], foreign: [] });
    const t = await s.store.trace({ nikHash: v.nikHash!, from: T0 - 1, to: T0 + 1, marginMs: 0, dwellMs: 1, outcomes: ['ADMIT'] });
    expect(t.visits.find((x) => x.visitId === v.id)).toMatchObject({ to: T0 + 3600_000, checkedOut: true });
  });

  it('answers a visit with an uppercase id and odd free text accepted once, then duplicate, or conflict when changed', async () => {
    // Quotes, backslashes, braces, commas and a literal "NULL" go through the store's bulk insert like any text.
    const odd = visit({ id: uuidv7().toUpperCase(), reason: 'NULL', override: { staffId: 'a"b\\c', reason: 'OTHER', note: '{x,"y"}, \\N; ünï' } });
    const r1 = await client.call('visits', { body: { visits: [odd] } });
    expect(r1.body.results).toEqual([{ id: odd.id, status: 'accepted' }]);
    const r2 = await client.call('visits', { body: { visits: [odd, { ...odd, reason: 'OK' }] } });
    expect(r2.body.results).toEqual([{ id: odd.id, status: 'duplicate' }, { id: odd.id, status: 'conflict', reason: 'id_conflict' }]);
  });

  it('stores one call holding visits of several devices and venues, each once, and answers them in order', async () => {
    const row = (deviceId: string, venueId: string): VisitRow => ({
      id: uuidv7(), deviceId, venueId, gateId: 'g', occurredAt: T0, deviceTime: T0, clockOffsetMs: 0, clockSuspect: false, identity: 'QR', nikHash: null, outcome: 'REFER',
      reason: 'FACE_TIMEOUT', overrideStaffId: null, overrideReason: null, faceDistance: null, livenessScore: null, riskListVersion: null, checkedOutAt: null, bodyHash: 'h',
    });
    const d2 = randomUUID();
    const rows = [row(dev.deviceId, s.venueId), row(d2, 'venue-two'), row(dev.deviceId, 'venue-two'), row(d2, s.venueId), row(dev.deviceId, s.venueId)];
    const before = await s.store.countVisits();
    expect((await s.store.ingestVisits(rows, T0)).map((r) => [r.id, r.status])).toEqual(rows.map((r) => [r.id, 'accepted']));
    const again = [rows[3]!, { ...rows[1]!, bodyHash: 'other' }, rows[0]!];
    expect((await s.store.ingestVisits(again, T0)).map((r) => r.status)).toEqual(['duplicate', 'conflict', 'duplicate']);
    expect(await s.store.countVisits()).toBe(before + 5);
  });

  it('accepts each visit exactly once when the same batch is replayed concurrently', async () => {
    const batch = Array.from({ length: 200 }, () => visit());
    const before = await s.store.countVisits();
    const responses = await Promise.all(Array.from({ length: 4 }, () => client.call('visits', { body: { visits: batch } })));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    for (const [i, v] of batch.entries()) {
      const statuses = responses.map((r) => r.body.results[i]!);
      expect(statuses.every((x) => x.id === v.id)).toBe(true);
      expect(statuses.filter((x) => x.status === 'accepted')).toHaveLength(1);
      expect(statuses.filter((x) => x.status === 'duplicate')).toHaveLength(3);
    }
    expect(await s.store.countVisits()).toBe(before + 200);
  });

  it('keeps a visit stamped by a kiosk clock a day ahead, and it survives partition upkeep until retention', async () => {
    const ahead = visit({ occurredAt: new Date(T0 + 86_400_000 + 3600_000).toISOString(), clockSuspect: true, clockOffsetMs: -86_400_000 });
    const farAhead = visit({ occurredAt: new Date(T0 + 10 * 86_400_000).toISOString() });
    const r = await client.call('visits', { body: { visits: [ahead, farAhead] } });
    expect(r.body.results.map((x) => x.status)).toEqual(['accepted', 'accepted']);
    await s.store.maintainPartitions(T0 + 10 * 86_400_000);
    expect((await client.call('visits', { body: { visits: [farAhead] } })).body.results[0]!.status).toBe('duplicate');
    await s.store.purgeVisitsBefore(T0);
    const ids = new Set(await s.store.visitIds());
    expect(ids.has(ahead.id) && ids.has(farAhead.id)).toBe(true);
    await s.store.purgeVisitsBefore(T0 + 30 * 86_400_000);
    expect(await s.store.countVisits()).toBe(0);
  });

  it('refuses to open a database written by a newer server', async () => {
    const { openCityStore } = await import('../../sync/server/server');
    if (backend === 'sqlite') {
      const { SqliteStore } = await import('../../sync/server/store/sqlite/sqlite-store');
      const file = `${s.dataDir}/newer.db`;
      const st = new SqliteStore(file);
      await st.migrate();
      st.db.pragma('user_version = 99');
      await st.close();
      await expect(new SqliteStore(file).migrate()).rejects.toThrow(/newer than this server/);
    } else {
      const { PostgresStore } = await import('../../sync/server/store/postgres/postgres-store');
      const schema = `${(s.store as InstanceType<typeof PostgresStore>).schema}_newer`;
      const st = await openCityStore({ dataDir: s.dataDir, pgUrl: pg!, pgSchema: schema });
      await (st as InstanceType<typeof PostgresStore>).pool.query("INSERT INTO schema_migrations (version, name) VALUES (99, '099_future.sql')");
      await st.close();
      await expect(openCityStore({ dataDir: s.dataDir, pgUrl: pg!, pgSchema: schema })).rejects.toThrow(/newer than this server/);
      const cleanup = new PostgresStore({ url: pg!, schema });
      await cleanup.pool.query(`DROP SCHEMA ${schema} CASCADE`);
      await cleanup.close();
    }
  });

  it('rotates the city key: kiosks pin both, and manifests of a retired key are re-signed with the active one', async () => {
    const oldKey = s.keys.activeSigningKey().keyId;
    clock.advance(86_400_000);
    const newKey = s.admin.rotateKey();
    clock.set(T0);
    expect(newKey).not.toBe(oldKey);
    const d = await enrolDevice(s.url, await s.newEnrolmentCode());
    expect(d.enrolment.cityKeys.map((k) => k.keyId).sort()).toEqual([oldKey, newKey].sort());
    const c = new DeviceClient(s.url, d, () => clock.now().getTime());
    let r = await c.call('riskUpdates', { query: { since: 0 } });
    expect(r.body.head.keyId).toBe(newKey);
    expect(r.body.manifests[0]!.keyId).toBe(oldKey);
    s.keys.retire(oldKey, clock.now().getTime());
    r = await c.call('riskUpdates', { query: { since: 0 } });
    expect(r.body.manifests[0]!.keyId).toBe(newKey);
    const pinnedNew = d.enrolment.cityKeys.filter((k) => k.keyId === newKey);
    expect(verifySignedManifest(r.body.manifests[0], { pinnedKeys: pinnedNew, now: clock.now().getTime() }).ok).toBe(true);
  });

  it('answers bad input on every device endpoint with a specific 4xx and reason code', async () => {
    const cases: Array<[string, 'GET' | 'POST', string, unknown, number, string]> = [
      ['risk since not a number', 'GET', '/v1/risk/updates?since=abc', undefined, 400, 'invalid_query'],
      ['risk unknown query field', 'GET', '/v1/risk/updates?since=1&x=2', undefined, 400, 'invalid_query'],
      ['chunk id not a sha256', 'GET', '/v1/risk/chunks/xyz', undefined, 400, 'invalid_query'],
      ['registrations bad cursor', 'GET', '/v1/registrations?cursor=-5', undefined, 400, 'invalid_query'],
      ['registrations limit too big', 'GET', '/v1/registrations?limit=100000', undefined, 400, 'invalid_query'],
      ['lookup not a hash', 'GET', '/v1/registrations/3271014501900001', undefined, 400, 'invalid_query'],
      ['pending without template', 'POST', '/v1/registrations/pending', { id: randomUUID(), nik: NIK_A, name: 'x' }, 400, 'invalid_body'],
      ['visits not an array', 'POST', '/v1/visits', { visits: 'many' }, 400, 'invalid_body'],
      ['checkouts bad time', 'POST', '/v1/visits/checkouts', { checkouts: [{ visitId: uuidv7(), checkedOutAt: 'yesterday' }] }, 400, 'invalid_body'],
      ['alerts too many', 'POST', '/v1/alerts', { alerts: Array.from({ length: 101 }, () => ({})) }, 413, 'batch_too_large'],
      ['alerts empty', 'POST', '/v1/alerts', { alerts: [] }, 400, 'invalid_body'],
      ['heartbeat missing fields', 'POST', '/v1/heartbeat', { appVersion: '1' }, 400, 'invalid_body'],
      ['heartbeat array body', 'POST', '/v1/heartbeat', [1, 2], 400, 'invalid_body'],
    ];
    for (const [what, method, url, body, status, code] of cases) {
      const r = await client.request(method, url, body);
      expect({ what, status: r.status, code: (r.body as unknown as ErrorBody).error?.code }).toEqual({ what, status, code });
      expect((r.body as unknown as ErrorBody).error.message.id.length).toBeGreaterThan(0);
    }
    const text = await fetch(`${s.url}${routeUrl('heartbeat')}`, { method: 'POST', headers: { ...client.sign('POST', routeUrl('heartbeat'), 'hello'), 'content-type': 'text/plain' }, body: 'hello' });
    expect(text.status).toBe(415);
    expect(((await text.json()) as ErrorBody).error.code).toBe('unsupported_media_type');
  });

  it.skipIf(backend !== 'postgres')('recovers by itself when its database connections are cut, and answers 503 with Retry-After while it has none', async () => {
    const { PostgresStore } = await import('../../sync/server/store/postgres/postgres-store');
    const store = s.store as InstanceType<typeof PostgresStore>;
    const admin = new PostgresStore({ url: pg!, schema: 'public' });
    try {
      await admin.pool.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [`jejak-city:${store.schema}`]);
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await client.call('visits', { body: { visits: [visit()] } })).status);
      expect(statuses.every((x) => x === 200 || x === 503)).toBe(true);
      expect(statuses.at(-1)).toBe(200);
      // With the pool itself gone, every request is a 503 with Retry-After and nothing half-done.
      await store.pool.end();
      const down = await client.call('visits', { body: { visits: [visit()] } });
      expect(down.status).toBe(503);
      expect(down.headers.get('retry-after')).toBe('5');
      expect((down.body as unknown as ErrorBody).error.code).toBe('unavailable');
    } finally {
      await admin.close();
    }
  });

  it('rate-limits a device with 429 and Retry-After', async () => {
    const limited = await startTestCityServer(backend, { pgUrl: pg ?? undefined, clock, config: { rateLimitBurst: 3, rateLimitPerSecond: 1 } });
    try {
      const d = await enrolDevice(limited.url, await limited.newEnrolmentCode());
      const c = new DeviceClient(limited.url, d, () => clock.now().getTime());
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await c.call('riskUpdates', { query: { since: 0 } })).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      const r = await c.call('riskUpdates', { query: { since: 0 } });
      expect(r.headers.get('retry-after')).toBe('1');
      expect((r.body as unknown as ErrorBody).error.code).toBe('rate_limited');
      clock.advance(2000);
      expect((await c.call('riskUpdates', { query: { since: 0 } })).status).toBe(200);
    } finally {
      clock.set(T0);
      await limited.destroy();
    }
  });

  it('writes no NIK, name or template into its logs', () => {
    expect(logs.text).toContain('server.device_enrolled');
    for (const secret of [NIK_A, NIK_B, NIK_C, NAME_A, 'Budi Santoso', '3271014501900001']) expect(logs.text).not.toContain(secret);
    expect(logs.text).not.toContain('fake-v1');
  });
});
