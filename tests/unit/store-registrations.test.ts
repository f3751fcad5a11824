// Registered people cached on the kiosk, and on-the-spot registrations waiting for upload.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { nikHash } from '../../sync/protocol/crypto';
import { MAX_KIOSK_TEMPLATES } from '../../electron/store/registrations';
import { openTestStore, codeOf } from '../helpers/store';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function setup() {
  const t = openTestStore();
  cleanups.push(t.cleanup);
  return t;
}
const vec = (seed: number, n = 128): Float32Array => new Float32Array(n).map((_, i) => Math.cos(seed + i));
const person = (): string => randomBytes(32).toString('hex');

describe('registrations feed', () => {
  it('stores name and several templates per person and gives them back decrypted', () => {
    const { store } = setup();
    const h = person();
    store.upsertRegistrations([{
      nikHash: h, registrationId: 'reg-1', displayName: 'Ahmad Fauzi',
      templates: [{ modelId: 'arcface-r100', vector: vec(1), source: 'registration' }, { modelId: 'arcface-r100', vector: vec(2), source: 'visit' }],
    }], { cursor: 'c-0001' });
    const r = store.getRegistration(h)!;
    expect(r).toMatchObject({ nikHash: h, registrationId: 'reg-1', displayName: 'Ahmad Fauzi', origin: 'server' });
    expect(r.templates.map((t) => [t.source, t.origin, t.modelId])).toEqual([['registration', 'server', 'arcface-r100'], ['visit', 'server', 'arcface-r100']]);
    expect(Array.from(r.templates[0]!.vector)).toEqual(Array.from(vec(1)));
    expect(store.registrationsCursor()).toBe('c-0001');
    expect(store.getRegistration(person())).toBeNull();
  });

  it('a feed update replaces the server templates and keeps the ones captured at this kiosk', () => {
    const { store } = setup();
    const h = person();
    store.upsertRegistrations([{ nikHash: h, registrationId: 'reg-1', displayName: 'Ahmad', templates: [{ modelId: 'm', vector: vec(1), source: 'registration' }] }]);
    const kioskId = store.addTemplate(h, { modelId: 'm', vector: vec(9), source: 'visit' });
    store.upsertRegistrations([{ nikHash: h, registrationId: 'reg-1', displayName: 'Ahmad F.', templates: [{ modelId: 'm', vector: vec(3), source: 'registration' }] }], { cursor: 'c-2' });
    const r = store.getRegistration(h)!;
    expect(r.displayName).toBe('Ahmad F.');
    expect(r.templates).toHaveLength(2);
    expect(r.templates.find((t) => t.origin === 'kiosk')!.templateId).toBe(kioskId);
    expect(Array.from(r.templates.find((t) => t.origin === 'server')!.vector)).toEqual(Array.from(vec(3)));
    expect(store.registrationCount()).toBe(1);
  });

  it('keeps whether a registration is verified (a self-registration arrives unverified, the next update verifies it)', () => {
    const { store } = setup();
    const h = person();
    store.upsertRegistrations([{ nikHash: h, registrationId: 'r_self', displayName: 'Sari', templates: [], verified: false }]);
    expect(store.getRegistration(h)!.verified).toBe(false);
    store.upsertRegistrations([{ nikHash: h, registrationId: 'r_self', displayName: 'Sari', templates: [], verified: true }]);
    expect(store.getRegistration(h)!.verified).toBe(true);
    // a feed item from an older server carries no flag: verified
    const old = person();
    store.upsertRegistrations([{ nikHash: old, registrationId: 'r_old', displayName: 'Budi', templates: [] }]);
    expect(store.getRegistration(old)!.verified).toBe(true);
  });

  it('keeps at most MAX_KIOSK_TEMPLATES kiosk templates per person, dropping the oldest', () => {
    const { store, clock } = setup();
    const h = person();
    store.upsertRegistrations([{ nikHash: h, registrationId: 'r', displayName: 'X', templates: [] }]);
    const ids: string[] = [];
    for (let i = 0; i < MAX_KIOSK_TEMPLATES + 2; i++) {
      ids.push(store.addTemplate(h, { modelId: 'm', vector: vec(i), source: 'visit' }));
      clock.advance(1000);
    }
    expect(store.getRegistration(h)!.templates.map((t) => t.templateId)).toEqual(ids.slice(2));
  });

  it('removal deletes the person and their templates', () => {
    const { store, dbPath } = setup();
    const h = person();
    store.upsertRegistrations([{ nikHash: h, registrationId: 'r', displayName: 'X', templates: [{ modelId: 'm', vector: vec(1), source: 'registration' }] }]);
    expect(store.removeRegistrations([h, person()], { cursor: 'c-9' })).toBe(1);
    expect(store.getRegistration(h)).toBeNull();
    expect(store.registrationsCursor()).toBe('c-9');
    const raw = new Database(dbPath, { readonly: true });
    expect(raw.prepare('SELECT count(*) AS n FROM face_templates').get()).toEqual({ n: 0 });
    raw.close();
  });

  it('a bad entry anywhere in a batch applies nothing', () => {
    const { store } = setup();
    const good = person();
    expect(codeOf(() => store.upsertRegistrations([
      { nikHash: good, registrationId: 'r1', displayName: 'A', templates: [] },
      { nikHash: 'not-a-hash', registrationId: 'r2', displayName: 'B', templates: [] },
    ], { cursor: 'c-bad' }))).toBe('BAD_INPUT');
    expect(codeOf(() => store.upsertRegistrations([
      { nikHash: good, registrationId: 'r1', displayName: 'A', templates: [{ modelId: 'm', vector: [1, 2] as unknown as Float32Array, source: 'registration' }] },
    ]))).toBe('BAD_INPUT');
    expect(store.getRegistration(good)).toBeNull();
    expect(store.registrationsCursor()).toBeNull();
  });

  it('a registration id moved to another person by the server leaves the stale holder', () => {
    const { store } = setup();
    const [a, b] = [person(), person()];
    store.upsertRegistrations([{ nikHash: a, registrationId: 'reg-1', displayName: 'A', templates: [] }]);
    store.upsertRegistrations([{ nikHash: b, registrationId: 'reg-1', displayName: 'B', templates: [] }]);
    expect(store.getRegistration(a)).toBeNull();
    expect(store.getRegistration(b)!.registrationId).toBe('reg-1');
  });

  it('addTemplate needs an existing registration', () => {
    const { store } = setup();
    expect(codeOf(() => store.addTemplate(person(), { modelId: 'm', vector: vec(1), source: 'visit' }))).toBe('BAD_INPUT');
  });
});

describe('on-the-spot registration', () => {
  const nik = '3271016607920004';
  const input = (actor = 'staff-2') => ({
    nik, displayName: 'Rina Marlina', template: { modelId: 'arcface-r100', vector: vec(5) },
    selfieJpeg: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]), consentAt: '2026-11-29T08:00:00.000Z', actor,
  });

  it('lets the person pass here at once and queues NIK, name, template and selfie for upload', () => {
    const { store } = setup();
    const { id, nikHash: h } = store.queueLocalRegistration(input());
    expect(h).toBe(nikHash(store.getDeviceConfig()!.nikHashKey, nik));
    const reg = store.getRegistration(h)!;
    expect(reg).toMatchObject({ origin: 'local', displayName: 'Rina Marlina', registrationId: `local:${id}` });
    expect(reg.templates.map((t) => [t.source, t.origin])).toEqual([['local', 'kiosk']]);
    const [pending] = store.nextPendingRegistrations(10);
    expect(pending).toMatchObject({ id, nik, nikHash: h, displayName: 'Rina Marlina', consentAt: '2026-11-29T08:00:00.000Z', attempts: 0 });
    expect(pending!.selfieJpeg.equals(input().selfieJpeg)).toBe(true);
    expect(Array.from(pending!.template.vector)).toEqual(Array.from(vec(5)));
    expect(store.listAudit()[0]).toMatchObject({ actor: 'staff-2', action: 'registration.local', target: id });
  });

  it('once uploaded, the NIK, name copy and selfie are deleted and the server id is taken', () => {
    const { store, dbPath } = setup();
    const { id, nikHash: h } = store.queueLocalRegistration(input());
    store.ackPendingRegistration(id, 'reg-server-77');
    expect(store.pendingRegistrationCount()).toBe(0);
    expect(store.getRegistration(h)!.registrationId).toBe('reg-server-77');
    const raw = new Database(dbPath, { readonly: true });
    expect(raw.prepare('SELECT count(*) AS n FROM pending_registrations').get()).toEqual({ n: 0 });
    raw.close();
  });

  it('a refused registration keeps only the reason and removes the local person', () => {
    const { store } = setup();
    const { id, nikHash: h } = store.queueLocalRegistration(input());
    expect(store.rejectPendingRegistration(id, 'selfie: no face')).toBe(true);
    expect(store.pendingRegistrationCount()).toBe(0);
    expect(store.getRegistration(h)).toBeNull();
    const [dl] = store.listDeadLetters();
    expect(dl).toMatchObject({ kind: 'registration', refId: id, reason: 'selfie: no face', payload: { id } });
  });

  it('an already registered person keeps their registration and gains the template', () => {
    const { store } = setup();
    const h = store.hashNik(nik);
    store.upsertRegistrations([{ nikHash: h, registrationId: 'reg-1', displayName: 'Rina M.', templates: [{ modelId: 'arcface-r100', vector: vec(1), source: 'registration' }] }]);
    store.queueLocalRegistration(input());
    const r = store.getRegistration(h)!;
    expect(r).toMatchObject({ registrationId: 'reg-1', origin: 'server', displayName: 'Rina M.' });
    expect(r.templates).toHaveLength(2);
  });

  it.each([
    ['a malformed NIK', { nik: '32710166079200' }],
    ['an empty name', { displayName: '  ' }],
    ['no selfie', { selfieJpeg: Buffer.alloc(0) }],
    ['a bad consent time', { consentAt: 'kemarin' }],
  ])('refuses %s and stores nothing', (_n, bad) => {
    const { store } = setup();
    expect(codeOf(() => store.queueLocalRegistration({ ...input(), ...bad }))).toBe('BAD_INPUT');
    expect(store.pendingRegistrationCount()).toBe(0);
    expect(store.registrationCount()).toBe(0);
  });
});
