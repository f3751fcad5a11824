// One face, one NIK at every registration path (issue 12), not only /daftar/: a kiosk's on-the-spot
// registration whose face is already registered under another NIK is held for review (duplicate_face),
// stays out of the kiosks' registrations feed, is acknowledged (no retry storm) and audited without NIK
// or name; the CLI's register-person (and approve-pending) refuses it with a bilingual reason and stores
// nothing. The same NIK with the same face is a re-registration, not a duplicate. Both backends.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nikHash } from '../../sync/protocol/crypto';
import { sealName } from '../../sync/protocol/api/registration-name';
import { DeviceClient, enrolDevice } from '../../sync/server/device-client';
import type { DeviceIdentity } from '../../sync/server/device-client';
import { sealJson } from '../../sync/server/sealing';
import { startTestCityServer } from '../../sync/server/testing';
import type { Backend, TestCityServer } from '../../sync/server/testing';
import { adminCli } from '../helpers/admin-cli';
import { requireFixtures } from '../helpers/fixtures';
import { postgresUrl } from '../helpers/postgres';
import { framesFromClip } from './kiosk-fixture';

const pg = postgresUrl();
const backends: Backend[] = pg ? ['sqlite', 'postgres'] : ['sqlite'];
const fixtures = requireFixtures('the CLI duplicate-face check');

const NIK_A = '3271014501900001';
const NIK_B = '3271010202850003';
const NIK_C = '3271010303800004';

const axis = (i: number) => Float32Array.from({ length: 512 }, (_, j) => (j === i ? 1 : j === i + 1 ? 0.2 : 0)).map((x, _, a) => x / Math.hypot(...a));
const b64 = (v: Float32Array) => Buffer.from(v.buffer).toString('base64');

describe.each(backends)('duplicate face at kiosk registrations (%s)', (backend) => {
  let s: TestCityServer;
  let dev: DeviceIdentity;
  let client: DeviceClient;
  beforeAll(async () => {
    s = await startTestCityServer(backend, { pgUrl: pg ?? undefined });
    dev = await enrolDevice(s.url, await s.newEnrolmentCode());
    client = new DeviceClient(s.url, dev, () => Date.now());
  });
  afterAll(async () => s?.destroy());

  const registerAt = (nik: string, v: Float32Array) =>
    s.store.upsertRegistration({
      rid: `r_${randomUUID().replace(/-/g, '').slice(0, 16)}`, nikHash: nikHash(s.keys.nikHashKey, nik), region: '3271', nameSealed: sealName(s.keys.nikHashKey, nik, 'Siti Rahmawati'),
      templates: sealJson(s.keys.dataKey, [{ model: 'm', vector: b64(v) }]), revoked: false, source: 'city', updatedAt: Date.now(), verified: true,
    });
  const upload = (nik: string, v: Float32Array, name = 'Budi Santoso') => ({
    id: randomUUID(), nik, name, consent: { given: true, at: new Date().toISOString(), textVersion: 'v1' },
    template: { model: 'm', vector: b64(v) }, capturedAt: new Date().toISOString(),
  });
  const feedHashes = async () => {
    const page = await client.call('registrations', { query: { cursor: '0', limit: 1000 } });
    return page.body.items.map((i: { nikHash: string }) => i.nikHash);
  };

  it('holds a kiosk registration whose face is registered under another NIK, acknowledges it once, audits it without NIK or name', async () => {
    const matched = await registerAt(NIK_A, axis(0));
    // a relative's KTP (NIK_C), the same face
    const body = upload(NIK_C, axis(0));
    const r1 = await client.call('pendingRegistration', { body });
    expect(r1.status).toBe(200);
    expect(r1.body).toEqual({ id: body.id, status: 'accepted', rid: null });
    // a retry of the same upload: acknowledged, still one review
    expect((await client.call('pendingRegistration', { body })).body).toMatchObject({ id: body.id, status: 'duplicate' });
    expect((await client.call('pendingRegistration', { body: { ...body, name: 'Other' } })).body).toMatchObject({ status: 'conflict', reason: 'id_conflict' });

    const reviews = await s.store.listRegistrationReviews();
    expect(reviews.map((r) => [r.id, r.reason, r.matchedRid])).toEqual([[body.id, 'duplicate_face', matched.rid]]);
    // not a pending registration an operator could approve, and not on any kiosk
    expect((await s.store.listPendingRegistrations()).map((p) => p.id)).not.toContain(body.id);
    expect(await s.store.getRegistrationByNikHash(nikHash(s.keys.nikHashKey, NIK_C))).toBeNull();
    expect(await feedHashes()).not.toContain(nikHash(dev.enrolment.nikHashKey, NIK_C));

    const audit = await s.store.listAuditByTarget(`review:${body.id}`, 10);
    expect(audit).toEqual([expect.objectContaining({ actorKind: 'device', actorId: dev.deviceId, action: 'kiosk.registration.held', details: expect.objectContaining({ reason: 'duplicate_face', matchedRid: matched.rid }) })]);
    expect(JSON.stringify(audit)).not.toContain(NIK_C);
    expect(JSON.stringify(audit)).not.toContain('Budi');
  });

  it('takes the same NIK with the same face (re-registration) and another face as pending registrations', async () => {
    await registerAt(NIK_B, axis(10));
    const same = upload(NIK_B, axis(10));
    expect((await client.call('pendingRegistration', { body: same })).body).toMatchObject({ status: 'accepted' });
    const fresh = upload('3271020202900005', axis(20));
    expect((await client.call('pendingRegistration', { body: fresh })).body).toMatchObject({ status: 'accepted', rid: null });
    expect((await s.store.listPendingRegistrations()).map((p) => p.id)).toEqual(expect.arrayContaining([same.id, fresh.id]));
    expect((await s.store.listRegistrationReviews()).map((r) => r.id)).not.toContain(same.id);
    await s.admin.approvePending(same.id);
    await s.admin.approvePending(fresh.id);
    expect(await feedHashes()).toContain(nikHash(dev.enrolment.nikHashKey, '3271020202900005'));
  });

  it('refuses to approve a pending registration whose face was registered under another NIK since the upload', async () => {
    const body = upload('3271020202900006', axis(30));
    expect((await client.call('pendingRegistration', { body })).body).toMatchObject({ status: 'accepted' });
    await registerAt('3271020202900007', axis(30));
    await expect(s.admin.approvePending(body.id)).rejects.toMatchObject({ code: 'DUPLICATE_FACE', bilingual: { id: expect.stringContaining('NIK lain'), en: expect.stringContaining('another NIK') } });
    expect(await s.store.getRegistrationByNikHash(nikHash(s.keys.nikHashKey, '3271020202900006'))).toBeNull();
  });
});

const d = fixtures ? describe : describe.skip;

d.each(backends)('duplicate face at register-person (%s)', (backend) => {
  let s: TestCityServer;
  let frames: string[];
  beforeAll(async () => {
    s = await startTestCityServer(backend, { pgUrl: pg ?? undefined });
    frames = framesFromClip(path.join(fixtures!, 'video', 'liveportrait_d13_talking_blinks.mp4'), { startS: 0, seconds: 4, fps: 8 });
  }, 120_000);
  afterAll(async () => s?.destroy());

  it('refuses the same face under another NIK with a bilingual reason and stores nothing; the same NIK re-registers', async () => {
    const first = await s.admin.registerPerson({ nik: NIK_A, name: 'Dewi Lestari', selfie: Buffer.from(frames[3]!, 'base64') });
    const before = await s.store.listAllRegistrations(0, 1000);
    await expect(s.admin.registerPerson({ nik: NIK_B, name: 'Rina Lestari', selfie: Buffer.from(frames[12]!, 'base64') }))
      .rejects.toMatchObject({ code: 'DUPLICATE_FACE', bilingual: { id: expect.stringContaining('NIK lain'), en: expect.stringContaining('another NIK') } });
    expect(await s.store.getRegistrationByNikHash(nikHash(s.keys.nikHashKey, NIK_B))).toBeNull();
    expect(await s.store.listAllRegistrations(0, 1000)).toEqual(before);
    const again = await s.admin.registerPerson({ nik: NIK_A, name: 'Dewi Lestari', selfie: Buffer.from(frames[12]!, 'base64') });
    expect(again).toMatchObject({ rid: first.rid, templateCount: 2, duplicateOf: null });
    // the operator's override (twins): registered, audited with the registration it matched, no NIK or name
    const twin = await s.admin.registerPerson({ nik: NIK_B, name: 'Rina Lestari', selfie: Buffer.from(frames[12]!, 'base64'), allowDuplicateFace: true });
    expect(twin.duplicateOf).toBe(first.rid);
    const audit = await s.store.listAuditByTarget(`registration:${twin.rid}`, 10);
    expect(audit).toEqual([expect.objectContaining({ actorKind: 'cli', action: 'registration.duplicate_face_allowed', details: expect.objectContaining({ matchedRid: first.rid }) })]);
    expect(JSON.stringify(audit)).not.toContain(NIK_B);
    expect(JSON.stringify(audit)).not.toContain('Rina');
  }, 180_000);
});

d('register-person from the CLI (sqlite)', () => {
  it('exits non-zero naming duplicate_face in both languages; nothing stored', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jejak-dedupe-cli-'));
    try {
      const frames = framesFromClip(path.join(fixtures!, 'video', 'liveportrait_d13_talking_blinks.mp4'), { startS: 0, seconds: 4, fps: 8 });
      const one = path.join(dataDir, 'one.jpg');
      const two = path.join(dataDir, 'two.jpg');
      writeFileSync(one, Buffer.from(frames[3]!, 'base64'), { mode: 0o600 });
      writeFileSync(two, Buffer.from(frames[12]!, 'base64'), { mode: 0o600 });
      const cli = adminCli(dataDir);
      const ok = await cli('register-person', '--nik', NIK_A, '--name', 'Dewi Lestari', '--selfie', one);
      expect(ok.code, ok.stderr).toBe(0);
      const dup = await cli('register-person', '--nik', NIK_C, '--name', 'Rina Lestari', '--selfie', two);
      expect(dup.code).not.toBe(0);
      expect(dup.stderr).toContain('Wajah ini sudah terdaftar dengan NIK lain');
      expect(dup.stderr).toContain('already registered under another NIK');
      expect(dup.stderr).toContain('duplicate_face');
      expect(dup.stdout).not.toContain('registered:');
      const qr = await cli('issue-qr', '--nik', NIK_C, '--out', path.join(dataDir, 'pass.png'));
      expect(qr.code).not.toBe(0);
      // twins seen with both KTPs: the operator's explicit flag registers it, and says so
      const twin = await cli('register-person', '--nik', NIK_C, '--name', 'Rina Lestari', '--selfie', two, '--allow-duplicate-face');
      expect(twin.code, twin.stderr).toBe(0);
      expect(twin.stdout).toMatch(/registered anyway \(--allow-duplicate-face, audited\)/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
