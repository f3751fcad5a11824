// Residents' registrations in the console's review queue, and the duplicate index in step with the
// registrations table, on both backends over real HTTP. A held registration (duplicate_face) and an
// unverified self-registration are listed for Dinkes without a name or a face; approve makes the held
// face a verified registration that the duplicate check then finds; reject registers nothing; a second
// decision is refused; verify needs a reason; every view and decision is in the audit log. The HNSW
// index is rebuilt from the database at start and answers as the exact scan does.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../sync/protocol/clock';
import { FaceIndex } from '../../sync/server/residents/face-index';
import { HnswFaceIndex } from '../../sync/server/residents/face-index-hnsw';
import { ResidentsService } from '../../sync/server/residents/service';
import { sealJson } from '../../sync/server/sealing';
import { startTestCityServer, type Backend, type TestCityServer } from '../../sync/server/testing';
import { sha256 } from '../../sync/server/console/accounts';
import { seedConsole, type ConsoleSeed } from '../helpers/console';
import { postgresUrl } from '../helpers/postgres';

const pg = postgresUrl();
const backends: Backend[] = pg ? ['sqlite', 'postgres'] : ['sqlite'];

const axis = (i: number) => Float32Array.from({ length: 512 }, (_, j) => (j === i ? 1 : j === i + 1 ? 0.2 : 0)).map((x, _, a) => x / Math.hypot(...a));
const b64 = (v: Float32Array) => Buffer.from(v.buffer).toString('base64');
const hex = (n: number) => randomBytes(n).toString('hex');

describe.each(backends)('registration review queue and duplicate index (%s)', (backend) => {
  let s: TestCityServer;
  let seed: ConsoleSeed;
  const noEngine = () => { throw new Error('no face engine in this test'); };
  const service = () => new ResidentsService({ store: s.store, keys: s.keys, clock: systemClock, config: s.config, extractor: noEngine });
  beforeAll(async () => {
    s = await startTestCityServer(backend, { pgUrl: pg ?? undefined, config: { consoleScryptN: 1024 } });
    seed = await seedConsole(s);
  });
  afterAll(async () => s?.destroy());

  async function session(role: 'health' | 'city-admin') {
    const user = (await s.store.getConsoleUserByName(seed.usernames[role]))!;
    const cookie = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    const now = Date.now();
    await s.store.createSession({ idHash: sha256(cookie), userId: user.id, csrfToken: csrf, createdAt: now, lastSeenAt: now, expiresAt: now + 3600_000, address: null });
    return { cookie: `jejak_console=${cookie}`, 'x-csrf-token': csrf };
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read field by field and asserted
  async function call(method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; body: any; text: string }> {
    const r = await fetch(`${s.url}${path}`, { method, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const text = await r.text();
    return { status: r.status, body: JSON.parse(text), text };
  }
  const register = (rid: string, v: Float32Array, verified = true) =>
    s.store.upsertRegistration({ rid, nikHash: hex(32), region: '3271', nameSealed: 'sealed-name', templates: sealJson(s.keys.dataKey, [{ model: 'm', vector: b64(v) }]), revoked: false, source: 'self', updatedAt: Date.now(), verified });

  it('keeps the HNSW index in step with the table (register, replace, erase) and rebuilds it at start like the exact scan', async () => {
    const live = service();
    expect(live.index).toBeInstanceOf(HnswFaceIndex);
    const rids = Array.from({ length: 40 }, () => `r_${hex(8)}`);
    for (const [i, rid] of rids.entries()) await register(rid, axis(i * 4));
    await live.catchUp();
    expect(live.duplicateOf(axis(8), 'someone-else')?.rid).toBe(rids[2]);
    // replace: rids[3] gets a new face; erase: rids[5] becomes a tombstone
    const r3 = (await s.store.getRegistrationByRid(rids[3]!))!;
    await s.store.upsertRegistration({ ...r3, templates: sealJson(s.keys.dataKey, [{ model: 'm', vector: b64(axis(300)) }]), updatedAt: Date.now() });
    const r5 = (await s.store.getRegistrationByRid(rids[5]!))!;
    await s.store.upsertRegistration({ ...r5, templates: sealJson(s.keys.dataKey, []), revoked: true, updatedAt: Date.now() });
    await live.catchUp();
    expect(live.duplicateOf(axis(12), 'x')).toBeNull();
    expect(live.duplicateOf(axis(300), 'x')?.rid).toBe(rids[3]);
    expect(live.duplicateOf(axis(20), 'x')).toBeNull();
    // a restarted server: rebuilt from the database, the same answers as an exact scan
    const restarted = service();
    const exact = new ResidentsService({ store: s.store, keys: s.keys, clock: systemClock, config: s.config, extractor: noEngine }, new FaceIndex());
    await restarted.catchUp();
    await exact.catchUp();
    expect(restarted.index.size).toBe(exact.index.size);
    for (let i = 0; i < 400; i += 4) expect(restarted.duplicateOf(axis(i), 'x')?.rid ?? null).toBe(exact.duplicateOf(axis(i), 'x')?.rid ?? null);
  });

  it('lists held and unverified registrations for Dinkes without names or faces, audited; city-admin is refused', async () => {
    const matched = `r_${hex(8)}`;
    await register(matched, axis(420));
    const unverified = `r_${hex(8)}`;
    await register(unverified, axis(440), false);
    const heldId = randomUUID();
    await s.store.addRegistrationReview({
      id: heldId, nikHash: hex(32), region: '3271', nameSealed: 'sealed-name', template: sealJson(s.keys.dataKey, { model: 'm', vector: b64(axis(424)) }), contactSealed: null,
      reason: 'duplicate_face', matchedRid: matched, distance: 0.12, consentTextVersion: 'v', createdAt: Date.now(), resolvedAt: null, resolution: null,
    });
    const health = await session('health');
    const q = await call('GET', '/v1/console/registrations/reviews', health);
    expect(q.status).toBe(200);
    const held = q.body.held.find((h: { id: string }) => h.id === heldId);
    expect(held).toMatchObject({ reason: 'duplicate_face', matchedRid: matched, distance: 0.12, region: '3271', matched: { source: 'self', verified: true } });
    expect(q.body.unverified.map((u: { rid: string }) => u.rid)).toContain(unverified);
    expect(q.text).not.toContain('sealed-name');
    expect(q.text).not.toMatch(/template|vector|nikHash|name/i);
    const audit = await s.store.listAudit({ limit: 1000 });
    expect(audit.at(-1)).toMatchObject({ action: 'registration.review.list', actorRole: 'health' });
    expect((await call('GET', '/v1/console/registrations/reviews', await session('city-admin'))).status).toBe(403);
  });

  it('approve registers the held face (verified, found by the duplicate check); reject and repeats are refused; verify takes a reason; all audited', async () => {
    const health = await session('health');
    const mk = async (axisAt: number) => {
      const id = randomUUID();
      const nikHash = hex(32);
      await s.store.addRegistrationReview({
        id, nikHash, region: '3271', nameSealed: 'sealed-name', template: sealJson(s.keys.dataKey, { model: 'm', vector: b64(axis(axisAt)) }), contactSealed: null,
        reason: 'duplicate_face', matchedRid: null, distance: 0.2, consentTextVersion: 'v', createdAt: Date.now(), resolvedAt: null, resolution: null,
      });
      return { id, nikHash };
    };
    const a = await mk(460);
    const noReason = await call('POST', `/v1/console/registrations/reviews/${a.id}/decision`, health, { decision: 'approve', reason: 'ok' });
    expect(noReason.status).toBe(400);
    const ok = await call('POST', `/v1/console/registrations/reviews/${a.id}/decision`, health, { decision: 'approve', reason: 'KTP dilihat: kembar identik, orang berbeda' });
    expect(ok.status, ok.text).toBe(200);
    const row = (await s.store.getRegistrationByRid(ok.body.rid))!;
    expect(row).toMatchObject({ nikHash: a.nikHash, verified: true, revoked: false });
    const fresh = service();
    await fresh.catchUp();
    expect(fresh.duplicateOf(axis(460), 'x')?.rid).toBe(row.rid);
    const again = await call('POST', `/v1/console/registrations/reviews/${a.id}/decision`, health, { decision: 'reject', reason: 'berubah pikiran' });
    expect([again.status, again.body.error.code]).toEqual([409, 'review_resolved']);

    const b = await mk(480);
    const rej = await call('POST', `/v1/console/registrations/reviews/${b.id}/decision`, health, { decision: 'reject', reason: 'Wajah sama dengan NIK lain, KTP tidak cocok' });
    expect([rej.status, rej.body.rid]).toEqual([200, null]);
    expect(await s.store.getRegistrationByNikHash(b.nikHash)).toBeNull();
    expect((await s.store.listRegistrationReviews()).map((r) => r.id)).not.toContain(b.id);
    // a decided review keeps no personal data: name, contact and face template are gone (the decision stays)
    for (const id of [a.id, b.id]) expect(await s.store.getRegistrationReview(id)).toMatchObject({ nameSealed: '', template: '', contactSealed: null, resolution: id === a.id ? 'approved' : 'rejected' });
    expect((await call('POST', `/v1/console/registrations/reviews/${randomUUID()}/decision`, health, { decision: 'reject', reason: 'tidak ada' })).status).toBe(404);

    const u = `r_${hex(8)}`;
    await register(u, axis(500), false);
    const v = await call('POST', `/v1/console/registrations/${u}/verify`, health, { reason: 'KTP dilihat di loket Dinkes' });
    expect(v.status, v.text).toBe(200);
    expect((await s.store.getRegistrationByRid(u))!.verified).toBe(true);
    expect((await call('POST', `/v1/console/registrations/${u}/verify`, health, { reason: 'KTP dilihat lagi' })).status).toBe(409);

    const actions = (await s.store.listAudit({ limit: 1000 })).map((e) => [e.action, e.details.reason]);
    expect(actions).toContainEqual(['registration.review.approve', 'KTP dilihat: kembar identik, orang berbeda']);
    expect(actions).toContainEqual(['registration.review.reject', 'Wajah sama dengan NIK lain, KTP tidak cocok']);
    expect(actions).toContainEqual(['registration.verify', 'KTP dilihat di loket Dinkes']);
  });
});
