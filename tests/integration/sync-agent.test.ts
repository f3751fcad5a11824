// The sync agent against the real city server (in-process on 127.0.0.1, SQLite backend) and the real
// kiosk store: enrolment answers, upload, alerts first, risk list, registrations, lookups that never
// hang, clock correction, revocation. Faults between them are the job of sync-faults-short.test.ts.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileKeyStore, openKioskStore, type KioskStore } from '../../electron/store/index';
import { enrol, ProvisioningError } from '../../sync/agent/enrol';
import { encodeTemplateVector } from '../../sync/agent/registrations';
import { SyncAgent } from '../../sync/agent/sync-agent';
import { publishRiskList } from '../../sync/server/risk/publisher';
import { sealJson } from '../../sync/server/sealing';
import { startTestCityServer, type TestCityServer } from '../../sync/server/testing';
import { randomEntries } from '../faults/feed-fixture';
import { startFaultProxy, type FaultProxy } from '../faults/proxy';
import { startTamperProxy, type TamperProxy } from '../faults/tamper-proxy';

let city: TestCityServer;
let dir: string;
let tcp: FaultProxy;
let http: TamperProxy;
const opened: KioskStore[] = [];

function kioskStore(name: string, skewMs = 0): { store: KioskStore; clock: { now: () => Date; skew: number } } {
  const clock = { skew: skewMs, now: () => new Date(Date.now() + clock.skew) };
  const d = path.join(dir, name);
  const store = openKioskStore({ path: path.join(d, 'kiosk.db'), keyStore: new FileKeyStore(path.join(d, 'data.key')), clock });
  opened.push(store);
  return { store, clock };
}

const visit = (store: KioskStore, deny = false) => store.recordVisit({
  direction: 'entry', outcome: deny ? 'DENY' : 'ADMIT', reason: deny ? 'RISK_CONFIRMED' : 'ADMIT',
  nikHash: randomBytes(32).toString('hex'), faceDistance: 0.3, livenessScore: 0.95, riskListVersion: null,
});

async function publish(entries = randomEntries(500)): Promise<number> {
  const c = city.config;
  return (await publishRiskList(city.store, entries, {
    listId: c.riskListId, now: Date.now(), key: city.keys.activeSigningKey(), chunkEntries: c.riskChunkEntries,
    manifestTtlMs: c.riskManifestTtlDays * 86_400_000, keepDeltaVersions: c.riskKeepDeltaVersions,
  })).version;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'jejak-sync-it-'));
  city = await startTestCityServer('sqlite', { config: { riskChunkEntries: 200 } });
  tcp = await startFaultProxy({ targetPort: city.port });
  http = await startTamperProxy(city.port);
});
afterAll(async () => {
  for (const s of opened) s.close();
  await tcp.close();
  await http.close();
  await city.destroy();
  rmSync(dir, { recursive: true, force: true });
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  return p.then(() => 'OK', (e: unknown) => (e instanceof ProvisioningError ? e.code : `UNEXPECTED ${(e as Error).message}`));
}

describe('enrolment against the city server', () => {
  it('tells a wrong, an expired and a used code apart, and changes nothing', async () => {
    const { store } = kioskStore('enrol-errors');
    expect(await codeOf(enrol(store, city.url, 'ABCD-EFGH-JKMN'))).toBe('BAD_CODE');
    const expired = await city.admin.createEnrolmentCode(city.gateId, -1);
    expect(await codeOf(enrol(store, city.url, expired.code))).toBe('EXPIRED_CODE');
    const code = await city.newEnrolmentCode();
    const { store: other } = kioskStore('enrol-other');
    expect(await codeOf(enrol(other, city.url, code))).toBe('OK');
    expect(await codeOf(enrol(store, city.url, code))).toBe('CODE_ALREADY_USED');
    expect(store.getDeviceConfig()).toBeNull();
    expect(await codeOf(enrol(other, city.url, await city.newEnrolmentCode()))).toBe('ALREADY_ENROLLED');
  });

  it('stores the device key, the pinned city keys and the NIK hash key', async () => {
    const { store } = kioskStore('enrol-ok');
    const r = await enrol(store, `${city.url}/`, ` ${(await city.newEnrolmentCode()).toLowerCase()} `, { deviceName: 'Gate A' });
    const cfg = store.getDeviceConfig()!;
    expect(cfg.deviceId).toBe(r.deviceId);
    expect(cfg.venueId).toBe(city.venueId);
    expect(cfg.gateId).toBe(city.gateId);
    expect(cfg.cityPublicKeys).toEqual(Object.fromEntries(city.keys.publicKeys().map((k) => [k.keyId, k.publicKey])));
    expect(cfg.nikHashKey).toBe(city.keys.nikHashKey);
    expect((await city.store.getDevice(r.deviceId))?.publicKey).toBe(cfg.devicePublicKey);
  });
});

describe('SyncAgent', () => {
  let store: KioskStore;
  let agent: SyncAgent;
  let clock: { now: () => Date; skew: number };

  beforeAll(async () => {
    ({ store, clock } = kioskStore('agent'));
    await enrol(store, city.url, await city.newEnrolmentCode());
    store.updateDeviceSettings({ serverUrl: http.url });
    agent = new SyncAgent({ store, clock, lookupTimeoutMs: 400, backoff: { baseMs: 100, capMs: 1000 }, alertBackoffCapMs: 300, idlePollMs: 200 });
  });
  afterAll(async () => {
    await agent.stop();
  });

  it('uploads the whole outbox in batches of at most 500, alerts first, and reports its state', async () => {
    for (let i = 0; i < 1200; i++) visit(store, i === 1100);
    http.log.length = 0;
    const report = await agent.syncNow();
    expect(report.ok).toBe(true);
    expect(report.visits?.accepted).toBe(1200);
    const posts = http.log.filter((l) => l.startsWith('POST'));
    expect(posts[0]).toBe('POST /v1/alerts 200'); // the DENY was recorded late but goes first
    expect(posts.filter((l) => l.startsWith('POST /v1/visits'))).toHaveLength(3);
    expect(new Set(await city.store.visitIds()).size).toBeGreaterThanOrEqual(1200);
    expect((await city.admin.alerts()).some((a) => a.deviceId === store.getDeviceConfig()!.deviceId)).toBe(true);
    const st = agent.status();
    expect(st).toMatchObject({ state: 'online', online: true, queueDepth: 0, alertQueueDepth: 0, lastError: null });
    expect(st.lastSuccessfulSyncAt).not.toBeNull();
    const fleet = await city.admin.fleet();
    expect(fleet.find((d) => d.deviceId === store.getDeviceConfig()!.deviceId)?.heartbeat?.queueDepth).toBe(0);
  });

  it('pulls the signed risk list, then only the delta', async () => {
    const entries = randomEntries(700);
    const v1 = await publish(entries);
    await agent.syncNow();
    expect(agent.status().riskListVersion).toBe(v1);
    expect(store.lookupRisk(entries[5]!.nikHash)?.status).toBe(entries[5]!.status);
    const next = [...entries.slice(10), ...randomEntries(30)];
    const v2 = await publish(next);
    const r = await agent.syncNow();
    expect(r.risk).toMatchObject({ kind: 'applied', mode: 'delta', version: v2, changes: 40 });
    expect(store.lookupRisk(entries[5]!.nikHash)).toBeNull();
    expect(store.riskListCount()).toBe(720);
    expect(agent.status().riskListAgeSeconds).toBeLessThan(60);
  });

  it('pulls the registrations feed and looks a visitor up on demand', async () => {
    const mk = (rid: string) => ({
      rid, nikHash: randomBytes(32).toString('hex'), region: '3271', nameSealed: 'c2VhbGVk', templates: sealJson(city.keys.dataKey, [{ model: 'test-model', vector: encodeTemplateVector(Array.from({ length: 128 }, (_, i) => i / 128)) }]),
      revoked: false, source: 'city' as const, updatedAt: Date.now(),
    });
    const inFeed = await city.store.upsertRegistration(mk('r_feed1'));
    await agent.syncNow();
    expect(store.getRegistration(inFeed.nikHash)?.registrationId).toBe('r_feed1');
    const later = await city.store.upsertRegistration({ ...mk('r_lookup1'), region: '3201' });
    expect(await agent.lookupRegistration(later.nikHash)).toEqual({ kind: 'found', registrationId: 'r_lookup1' });
    expect(Array.from(store.getRegistration(later.nikHash)!.templates[0]!.vector).slice(0, 3)).toEqual([0, 1 / 128, 2 / 128]);
    expect(await agent.lookupRegistration(randomBytes(32).toString('hex'))).toEqual({ kind: 'not_registered' });
  });

  it('an on-demand lookup offline gives up within its timeout instead of hanging the gate', async () => {
    const { store: s2, clock: c2 } = kioskStore('offline');
    await enrol(s2, city.url, await city.newEnrolmentCode());
    s2.updateDeviceSettings({ serverUrl: tcp.url });
    const a2 = new SyncAgent({ store: s2, clock: c2, lookupTimeoutMs: 300 });
    tcp.setPlan(() => ({ kind: 'blackhole' }));
    const t0 = Date.now();
    const r = await a2.lookupRegistration(randomBytes(32).toString('hex'));
    const waited = Date.now() - t0;
    tcp.setPlan(() => ({ kind: 'pass' }));
    expect(r.kind).toBe('unavailable');
    expect(waited).toBeLessThan(3000); // far below any request timeout: the gate REFERs instead
  });

  it('sends a priority alert within seconds of the link coming back', async () => {
    const { store: s3, clock: c3 } = kioskStore('alert-first');
    await enrol(s3, city.url, await city.newEnrolmentCode());
    s3.updateDeviceSettings({ serverUrl: tcp.url });
    tcp.setPlan(() => ({ kind: 'reset' }));
    const a3 = new SyncAgent({ store: s3, clock: c3, backoff: { baseMs: 1000, capMs: 60_000 } });
    for (let i = 0; i < 300; i++) visit(s3);
    a3.start();
    await new Promise((r) => setTimeout(r, 1500)); // offline for a while: backoff grows
    const deny = visit(s3, true);
    a3.notifyRecorded({ alert: true });
    await new Promise((r) => setTimeout(r, 300));
    expect(a3.status().online).toBe(false);
    expect(a3.status().alertQueueDepth).toBe(1);
    tcp.setPlan(() => ({ kind: 'pass' }));
    const deviceId = s3.getDeviceConfig()!.deviceId;
    for (let i = 0; i < 100 && !(await city.admin.alerts()).some((a) => a.deviceId === deviceId && a.visitId === deny.id); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await city.admin.alerts()).some((a) => a.deviceId === deviceId && a.visitId === deny.id)).toBe(true);
    await a3.stop();
  });

  it('sends a staff check-out made after the visit was uploaded, once even if the answer is lost, and tracing uses it', async () => {
    const { store: s5, clock: c5 } = kioskStore('late-checkout');
    await enrol(s5, city.url, await city.newEnrolmentCode());
    s5.updateDeviceSettings({ serverUrl: tcp.url });
    const a5 = new SyncAgent({ store: s5, clock: c5, keepAlive: false });
    const [A, B, C] = ['3271011508850001', '3271015508850002', '3271012003900003'];
    const entry = (nik: string) => s5.recordVisit({ direction: 'entry', outcome: 'ADMIT', reason: 'CLEARED', nikHash: s5.hashNik(nik), identity: 'NIK' });
    const t0 = Date.now();
    const a = entry(A);
    const c = entry(C); // in the venue at the same time as A
    expect((await a5.syncNow()).ok).toBe(true);
    expect(s5.outboxDepth()).toBe(0);

    c5.skew = 10 * 60_000; // ten minutes later staff check A out
    expect(s5.checkOut({ visitId: a.id }, 'staff', 'staff-1')).toEqual({ visitId: a.id });
    c5.skew = 70 * 60_000; // B comes an hour after A left (within the 60-minute assumed stay without check-out)
    const b = entry(B);
    c5.skew = 0;
    // the server commits the check-out but its answer is lost: the kiosk keeps it and sends it again
    let conn = 0;
    tcp.setPlan(() => (++conn === 2 ? { kind: 'dropResponse' } : { kind: 'pass' }));
    const lost = await a5.syncNow();
    tcp.setPlan(() => ({ kind: 'pass' }));
    expect(lost.visits?.accepted).toBe(1);
    expect(lost.ok).toBe(false);
    expect(s5.nextCheckoutBatch(10).map((x) => x.id)).toEqual([a.id]);
    const again = await a5.syncNow();
    expect(again.ok).toBe(true);
    expect(again.checkouts).toMatchObject({ accepted: 1, deadLettered: 0, emptied: true });
    expect(s5.checkoutOutboxDepth()).toBe(0);

    const trace = await city.admin.trace({ nik: A, from: t0 - 3_600_000, to: t0 + 86_400_000 });
    const stay = trace.visits.find((v) => v.visitId === a.id)!;
    expect(stay.checkedOut).toBe(true);
    expect(Math.abs(Date.parse(stay.to) - Date.parse(stay.from) - 10 * 60_000)).toBeLessThan(2000);
    const contacts = trace.contacts.map((x) => x.visitId);
    expect(contacts).toContain(c.id);
    expect(contacts).not.toContain(b.id); // without the check-out, A's assumed stay would overlap B

    // a check-out for a visit the server does not hold (e.g. purged after its retention) leaves the queue
    const ghost = entry(B);
    s5.ackOutbox([ghost.id], new Date().toISOString());
    s5.checkOut({ visitId: ghost.id }, 'staff', 'staff-1');
    const r = await a5.syncNow();
    expect(r.ok).toBe(true);
    expect(r.checkouts).toMatchObject({ accepted: 0, deadLettered: 1, emptied: true });
    expect(s5.checkoutOutboxDepth()).toBe(0);
  });

  it('remembers across a restart when a signed head last confirmed the risk list current', async () => {
    const { store: s6, clock: c6 } = kioskStore('risk-confirmed');
    await enrol(s6, city.url, await city.newEnrolmentCode());
    const a6 = new SyncAgent({ store: s6, clock: c6 });
    expect((await a6.syncNow()).risk).toMatchObject({ kind: 'applied' });
    c6.skew = 2 * 3_600_000; // two hours later the server says the list is still current
    expect((await a6.syncNow()).risk).toMatchObject({ kind: 'current' });
    const confirmedAt = s6.riskListMeta()!.confirmedAt!;
    expect(Math.abs(Date.parse(confirmedAt) - c6.now().getTime())).toBeLessThan(5000);
    s6.close();

    c6.skew = 3 * 3_600_000; // restarted an hour after that confirmation, not yet in touch with the server
    const d = path.join(dir, 'risk-confirmed');
    const reopened = openKioskStore({ path: path.join(d, 'kiosk.db'), keyStore: new FileKeyStore(path.join(d, 'data.key')), clock: c6 });
    opened.push(reopened);
    const age = new SyncAgent({ store: reopened, clock: c6 }).status().riskListAgeSeconds!;
    expect(Math.abs(age - 3600)).toBeLessThan(60); // from the confirmation, not from when it was applied (3 h)
  });

  it('the stale-list staff alert clears once the server confirms the list current again', async () => {
    const { store: s7, clock: c7 } = kioskStore('stale-clears');
    await enrol(s7, city.url, await city.newEnrolmentCode());
    const a7 = new SyncAgent({ store: s7, clock: c7 });
    await publish(randomEntries(50));
    expect((await a7.syncNow()).risk).toMatchObject({ kind: 'applied' });
    c7.skew = 30 * 3_600_000; // a day and more without contact: the hourly round tells staff
    expect(s7.purgeExpired().riskListStale).toBe(true);
    expect(s7.listAlerts({ unresolvedOnly: true }).map((a) => a.code)).toContain('RISK_LIST_STALE');
    expect((await a7.syncNow()).risk).toMatchObject({ kind: 'current' });
    expect(s7.listAlerts({ unresolvedOnly: true }).map((a) => a.code)).not.toContain('RISK_LIST_STALE');
  });

  it('a visit the server refuses raises one dead-letter alert, not one per raiser', async () => {
    const { store: s8, clock: c8 } = kioskStore('dead-letter-once');
    await enrol(s8, city.url, await city.newEnrolmentCode());
    const a8 = new SyncAgent({ store: s8, clock: c8 });
    s8.recordVisit({ direction: 'entry', outcome: 'ADMIT', reason: 'CLEARED', nikHash: null, gateId: 'no-such-gate' });
    const r = await a8.syncNow();
    expect(r.visits?.deadLettered).toBe(1);
    expect(s8.listAlerts({ unresolvedOnly: true }).filter((a) => a.code === 'DEAD_LETTER')).toHaveLength(1);
  });

  it('offline for weeks, it keeps every visit and warns staff as the server retention nears', async () => {
    const { store: s4, clock: c4 } = kioskStore('retention');
    await enrol(s4, city.url, await city.newEnrolmentCode());
    s4.updateDeviceSettings({ serverUrl: tcp.url });
    tcp.setPlan(() => ({ kind: 'reset' }));
    const a4 = new SyncAgent({ store: s4, clock: c4 });
    const v = visit(s4);
    expect((await a4.syncNow()).ok).toBe(false);
    expect(s4.listAlerts({ unresolvedOnly: true }).filter((a) => a.code === 'SERVER_RETENTION_NEAR')).toHaveLength(0);
    c4.skew = 19 * 86_400_000; // 19 days later, still offline (server retention 21 days)
    expect((await a4.syncNow()).ok).toBe(false);
    const alert = s4.listAlerts({ unresolvedOnly: true }).find((a) => a.code === 'SERVER_RETENTION_NEAR' && a.detail?.['retentionDays'] === 21);
    expect(alert?.severity).toBe('critical');
    expect(s4.outboxDepth()).toBe(1);
    tcp.setPlan(() => ({ kind: 'pass' }));
    c4.skew = 0;
    expect((await a4.syncNow()).ok).toBe(true);
    expect((await city.store.visitIds()).includes(v.id)).toBe(true);
  });

  it('corrects a clock that jumped a day and flags the visits recorded with it', async () => {
    clock.skew = 86_400_000;
    visit(store); // recorded before the agent knows: its offset is stale
    const r = await agent.syncNow();
    expect(r.ok).toBe(true);
    const st = agent.status();
    expect(st.clockOff).toBe(true);
    expect(Math.abs(st.clockOffsetMs! + 86_400_000)).toBeLessThan(5000);
    const v = store.getVisit(visit(store).id)!;
    expect(v.clockStatus).toBe('off');
    expect(Math.abs(Date.parse(v.serverTime!) - Date.now())).toBeLessThan(5000);
    expect(store.listAlerts({ unresolvedOnly: true }).some((a) => a.code === 'CLOCK_OFF')).toBe(true);
    expect((await agent.syncNow()).ok).toBe(true);
    clock.skew = 0;
  });

  it('stops retrying and says so when the device is revoked', async () => {
    await city.admin.revokeDevice(store.getDeviceConfig()!.deviceId);
    visit(store);
    const depth = store.outboxDepth();
    const r = await agent.syncNow();
    expect(r.ok).toBe(false);
    expect(r.failure).toMatchObject({ action: 'stop' });
    expect(agent.status().state).toBe('revoked');
    expect(store.outboxDepth()).toBe(depth); // kept, never dropped
  });
});
