// Residents' self-service over HTTP on both backends, with the real face engine and real video frames:
// self-registration → pass (PNG, PDF) → unverified; the same face under another NIK and a NIK with
// another face are held for review (and look the same to the caller); bad NIK / dark selfie refused
// with nothing stored; /saya/ proof by NIK + live frames (a still photo fails, an unknown NIK answers
// like a wrong face); see, rename, officer verification, erasure (tombstone, session ends). Audited.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCredential } from '../../sync/protocol/qr-credential';
import { RESIDENT_CONSENT_VERSION } from '../../sync/protocol/api/residents';
import { RESIDENTS_CSP } from '../../sync/server/residents/pages';
import { openJson } from '../../sync/server/sealing';
import { startTestCityServer, type Backend, type TestCityServer } from '../../sync/server/testing';
import { requireFixtures } from '../helpers/fixtures';
import { postgresUrl } from '../helpers/postgres';
import { ensureResidentsBuilt } from '../helpers/residents-build';
import { framesFromClip } from './kiosk-fixture';

const fixtures = requireFixtures('residents self-service');
const pgUrl = postgresUrl();
const backends: Backend[] = pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];
const d = fixtures ? describe : describe.skip;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read field by field and asserted
type Json = Record<string, any>;

const NIK_A = '3271014501900001';
const NIK_B = '3271010202850003';
const NIK_C = '3271010303800004';

d.each(backends)('residents self-service (%s)', (backend) => {
  let city: TestCityServer;
  let selfie: string;
  let live: string[];
  let other: string;

  const post = async (p: string, body: unknown, session?: string) => {
    const res = await fetch(`${city.url}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(session ? { authorization: `Bearer ${session}` } : {}) }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const get = async (p: string, session?: string) => {
    const res = await fetch(`${city.url}${p}`, { headers: session ? { authorization: `Bearer ${session}` } : {} });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const register = (nik: string, photo: string, name = 'Dewi Lestari') =>
    post('/v1/residents/registrations', { nik, name, contact: '0812 1234 5678', consent: { given: true, textVersion: RESIDENT_CONSENT_VERSION }, selfie: photo });
  const registrations = async () => (await city.store.listAllRegistrations(0, 1000)).filter((r) => !r.revoked).length;

  beforeAll(async () => {
    city = await startTestCityServer(backend, { pgUrl: pgUrl ?? undefined });
    const frames = framesFromClip(path.join(fixtures!, 'video', 'liveportrait_d13_talking_blinks.mp4'), { startS: 0, seconds: 4, fps: 8 });
    selfie = frames[3]!;
    live = frames.slice(0, 32);
    other = readFileSync(path.join(fixtures!, 'faces', 'Adrien_Brody', 'Adrien_Brody_0001.jpg')).toString('base64');
  }, 120_000);
  afterAll(async () => {
    await city?.destroy();
  });

  let rid = '';
  it('registers a resident from a selfie: unverified, with the pass as PNG and PDF', async () => {
    const r = await register(NIK_A, selfie);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ status: 'registered', verified: false });
    rid = r.body.rid;
    const png = Buffer.from(r.body.pass.png, 'base64');
    expect((await sharp(png).metadata()).format).toBe('png');
    const pdf = Buffer.from(r.body.pass.pdf, 'base64').toString('latin1');
    expect(pdf.startsWith('%PDF-1.4')).toBe(true);
    expect(pdf).toContain('/MediaBox [0 0 297.64 419.53]');
    const keys = Object.fromEntries(city.keys.publicKeys().map((k) => [k.keyId, k.publicKey]));
    const cred = verifyCredential(r.body.pass.token, { keys, now: new Date() });
    expect(cred.ok && cred.credential).toMatchObject({ nik: NIK_A, name: 'Dewi Lestari', rid });
    const row = await city.store.getRegistrationByRid(rid);
    expect(row).toMatchObject({ verified: false, source: 'self', revoked: false });
    // the contact is sealed, never stored as typed
    expect(row!.contactSealed).not.toContain('0812');
    expect(openJson<string>(city.keys.dataKey, row!.contactSealed!)).toBe('0812 1234 5678');
  }, 120_000);

  it('holds the same face under another NIK, and the NIK under another face, for review; both answer alike', async () => {
    const before = await registrations();
    const dup = await register(NIK_B, selfie, 'Orang Lain');
    expect(dup.status).toBe(202);
    const takeover = await register(NIK_A, other, 'Penyerobot');
    expect(takeover.status).toBe(202);
    expect(takeover.body).toEqual(dup.body);
    expect(await registrations()).toBe(before);
    const reviews = await city.store.listRegistrationReviews();
    expect(reviews.map((x) => [x.reason, x.matchedRid])).toEqual([['duplicate_face', rid], ['reregistration_mismatch', rid]]);
    const row = await city.store.getRegistrationByRid(rid);
    expect(openJson<unknown[]>(city.keys.dataKey, row!.templates)).toHaveLength(1);
    const admin = await fetch(`${city.url}/v1/admin/registrations/reviews`, { headers: { authorization: `Bearer ${city.keys.adminToken}` } });
    expect(((await admin.json()) as { reviews: unknown[] }).reviews).toHaveLength(2);
  }, 120_000);

  it('refuses a bad NIK, a dark selfie, missing consent and a non-image with their reasons, storing nothing', async () => {
    const before = await registrations();
    const reviews = (await city.store.listRegistrationReviews()).length;
    const badNik = await register('3271019999990001', selfie);
    expect(badNik.status).toBe(400);
    expect(badNik.body.error.code).toBe('nik_invalid');
    expect(badNik.body.error.details[0].message).toMatch(/ \/ /);
    const dark = await sharp(Buffer.from(selfie, 'base64')).linear(0.08, 0).jpeg().toBuffer();
    const darkR = await register(NIK_C, dark.toString('base64'));
    expect(darkR.status).toBe(422);
    expect(darkR.body.error.code).toMatch(/^selfie_(too_dark|no_face)$/);
    expect(darkR.body.error.message.id).toBeTruthy();
    const noConsent = await post('/v1/residents/registrations', { nik: NIK_C, name: 'X', consent: { given: false, textVersion: RESIDENT_CONSENT_VERSION }, selfie });
    expect(noConsent.status).toBe(400);
    const junk = await register(NIK_C, Buffer.from('not a photo at all, just some words to pass the length check of the schema........................').toString('base64'));
    expect(junk.status).toBe(422);
    expect(junk.body.error.code).toBe('selfie_unreadable');
    expect(await registrations()).toBe(before);
    expect((await city.store.listRegistrationReviews()).length).toBe(reviews);
  }, 120_000);

  let session = '';
  it('/saya/: a still photo fails liveness; an unknown NIK and a wrong face both fail alike; NIK + live face opens a session', async () => {
    const still = await post('/v1/residents/session', { nik: NIK_A, frames: Array.from({ length: 32 }, () => selfie) });
    expect(still.status).toBe(422);
    expect(still.body.error.code).toBe('liveness_failed');
    const unknown = await post('/v1/residents/session', { nik: NIK_C, frames: live });
    expect(unknown.status, JSON.stringify(unknown.body)).toBe(401);
    expect(unknown.body.error.code).toBe('identity_not_proven');
    const ok = await post('/v1/residents/session', { nik: NIK_A, frames: live });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    session = ok.body.session;
  }, 240_000);

  it('shows the data, corrects the name, is verified by an officer (audited), and erases it', async () => {
    const me = await get('/v1/residents/me', session);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ rid, name: 'Dewi Lestari', contact: '0812 1234 5678', verified: false, source: 'self', visits: [] });
    expect((await post('/v1/residents/me/name', { name: 'Dewi Lestari Putri' }, session)).status).toBe(200);
    expect((await get('/v1/residents/me', session)).body.name).toBe('Dewi Lestari Putri');

    const noAuth = await fetch(`${city.url}/v1/admin/registrations/${rid}/verify`, { method: 'POST' });
    expect(noAuth.status).toBe(401);
    const v = await fetch(`${city.url}/v1/admin/registrations/${rid}/verify`, { method: 'POST', headers: { authorization: `Bearer ${city.keys.adminToken}` } });
    expect(v.status).toBe(200);
    expect((await get('/v1/residents/me', session)).body.verified).toBe(true);

    expect((await get('/v1/residents/me', 'forged-session-token-aaaaaaaaaaaaaaaa')).status).toBe(401);
    const erased = await post('/v1/residents/me/erase', { confirm: true }, session);
    expect(erased.body).toEqual({ erased: true, visitsPurgeAfterDays: city.config.retentionDays });
    expect((await get('/v1/residents/me', session)).status).toBe(401);
    const row = await city.store.getRegistrationByRid(rid);
    expect(row).toMatchObject({ revoked: true, contactSealed: null });
    expect(openJson<unknown[]>(city.keys.dataKey, row!.templates)).toEqual([]);

    const actions = (await city.store.listAudit({ limit: 1000 })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['resident.register', 'resident.register.held', 'resident.prove.fail', 'resident.prove', 'resident.view', 'resident.rename', 'registration.verify', 'resident.erase']));
    // no NIK and no name in the audit log
    const audit = JSON.stringify(await city.store.listAudit({ limit: 1000 }));
    expect(audit).not.toContain(NIK_A);
    expect(audit).not.toContain('Dewi');

    // after erasure the same person can register again (a new registration date, unverified)
    const again = await register(NIK_A, selfie);
    expect(again.status).toBe(201);
    expect(again.body.verified).toBe(false);
  }, 240_000);

  it('serves /daftar/ and /saya/ (the Vite build) with a strict CSP', async () => {
    await ensureResidentsBuilt();
    for (const p of ['/daftar/', '/saya/']) {
      const res = await fetch(`${city.url}${p}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(res.headers.get('content-security-policy')).not.toContain('unsafe');
      const html = await res.text();
      expect(html).toContain('lang="id"');
      // nothing inline: the scripts are files of the build, served from the same origin
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html).not.toMatch(/<style|\sstyle=/);
    }
    const html = await (await fetch(`${city.url}/daftar/`)).text();
    const src = /<script[^>]+src="(\/residents\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    const js = await fetch(`${city.url}${src}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-security-policy')).toBe(RESIDENTS_CSP);
    expect(await js.text()).toContain('/v1/residents/registrations');
    expect((await fetch(`${city.url}/residents/assets/..%2f..%2f..%2fpackage.json`)).status).toBe(404);
  }, 60_000);
});
