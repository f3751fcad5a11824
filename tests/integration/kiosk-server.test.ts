// The kiosk against a real city server on 127.0.0.1: provisioning through the setup call, risk list
// and registrations synced by the real agent, visits and alerts reaching the server, on-demand lookup,
// and the gate carrying on while the server is down (queue grows, then drains when it is back).
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaceEngine } from '../../models/engine/create';
import type { FaceEngine } from '../../models/engine/types';
import { startCityServer, type CityServer } from '../../sync/server/server';
import { requireFixtures } from '../helpers/fixtures';
import { CLI_ACTOR } from '../../sync/server/console/audit';
import { DEFAULT_VENUE_POLICY } from '../../sync/protocol/venue-policy';
import type { VenuePolicy } from '../../sync/protocol/venue-policy';
import { framesFromClip, MEDICAL_WORDS, MovableClock, ok, openTestKiosk, runFaceCheck, type TestKiosk } from './kiosk-fixture';

const fixtures = requireFixtures('the kiosk/city server integration test');
const d = fixtures ? describe : describe.skip;

const PIN = '135790';
const PERSON = { nik: '3271011508850001', name: 'Budi Santoso' };
const RISKY = { nik: '3271015508850002', name: 'Siti Aminah' };
const LATE = { nik: '3271012003900003', name: 'Andi Wijaya' };

d('kiosk with a real city server', () => {
  let engine: FaceEngine;
  let city: CityServer;
  let cityDir: string;
  let t: TestKiosk;
  let live: string[];
  let selfie: Buffer;
  let gateId: string;
  const qr: Record<string, string> = {};

  const startCity = (port = 0) => startCityServer({ dataDir: cityDir, port, logLevel: 'silent', config: { maintenanceIntervalMs: 0 }, templateExtractor: undefined });

  beforeAll(async () => {
    const frames = framesFromClip(path.join(fixtures!, 'video', 'liveportrait_d13_talking_blinks.mp4'), { startS: 0, seconds: 4, fps: 10 });
    selfie = Buffer.from(frames[4]!, 'base64');
    live = frames.slice(5);
    engine = await createFaceEngine({ inWorker: false });
    cityDir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-city-'));
    city = await startCity();
    const venue = await city.admin.createVenue({ name: 'Botani Square', address: 'Jl. Pajajaran', capacity: 50, region: '3271', dwellMinutes: 120 });
    gateId = (await city.admin.createGate({ venueId: venue.id, name: 'Pintu Utama', direction: 'ENTRY' })).id;
    for (const p of [PERSON, RISKY]) {
      // one clip's face for every person here: registered past the duplicate check on purpose
      await city.admin.registerPerson({ nik: p.nik, name: p.name, selfie, allowDuplicateFace: true });
      qr[p.nik] = (await city.admin.issueQr(p.nik, 'svg')).token;
    }
    const until = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const imported = await city.admin.importRiskCsv(`nik,status,valid_until\n${RISKY.nik},CONFIRMED,${until}\n`);
    if (!imported.ok) throw new Error('risk csv refused');
    // The kiosk's clock is the real time (device signatures must be within 5 minutes of the server's).
    t = await openTestKiosk({ engine, agentOptions: { lookupTimeoutMs: 1500, requestTimeoutMs: 3000, idlePollMs: 3_600_000 } }, new MovableClock(new Date().toISOString()));
  }, 180_000);

  afterAll(async () => {
    await t?.cleanup();
    await city?.close();
    await engine?.close();
    if (cityDir) rmSync(cityDir, { recursive: true, force: true });
  });

  it('refuses a wrong enrolment code with a clear bilingual reason and stays unprovisioned', async () => {
    const r = await t.service.api.provision({ serverUrl: city.url, code: 'AAAA-BBBB-CCCC', adminPin: PIN, cameraId: null });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('PROVISION_BAD_CODE');
      expect(r.error.message.id).toMatch(/kode/i);
    }
    const unreachable = await t.service.api.provision({ serverUrl: 'http://127.0.0.1:9', code: 'AAAA-BBBB-CCCC', adminPin: PIN, cameraId: null });
    expect(unreachable).toMatchObject({ ok: false, error: { code: 'PROVISION_UNREACHABLE' } });
    expect((await ok(t.service.api.getState({}))).provisioned).toBe(false);
  });

  it('provisions with a one-time code, then syncs the risk list and registrations', async () => {
    const { code } = await city.admin.createEnrolmentCode(gateId);
    const p = await ok(t.service.api.provision({ serverUrl: city.url, code, adminPin: PIN, cameraId: 'cam-1' }));
    expect(p).toMatchObject({ venueName: 'Botani Square', gateName: 'Pintu Utama', mode: 'entry' });
    const again = await t.service.api.provision({ serverUrl: city.url, code, adminPin: PIN, cameraId: null });
    expect(again).toMatchObject({ ok: false, error: { code: 'ALREADY_PROVISIONED' } });
    await t.kiosk.agent.syncNow();
    const state = await ok(t.service.api.getState({}));
    expect(state.provisioned).toBe(true);
    expect(state.venue).toMatchObject({ name: 'Botani Square', gateName: 'Pintu Utama', mode: 'entry', capacity: 50 });
    expect(state.sync.riskListVersion).not.toBeNull();
    expect(state.sync.riskListStale).toBe(false);
    expect(t.kiosk.store.registrationCount()).toBe(2);
  });

  // The kiosk's test clock runs a little ahead of real time (100 ms per frame), so traces look an hour ahead.
  it('admits a registered visitor and the visit reaches the server', async () => {
    const scan = await ok(t.service.api.submitScan({ text: qr[PERSON.nik]!, source: 'camera' }));
    const { result } = await runFaceCheck(t, scan, live);
    expect(result.outcome).toBe('ADMIT');
    await t.kiosk.agent.syncNow();
    expect(t.kiosk.store.outboxDepth()).toBe(0);
    const trace = await city.admin.trace({ nik: PERSON.nik, to: Date.now() + 3_600_000 });
    expect(trace.visits.map((v) => v.visitId)).toContain(result.visitId);
  });

  it('denies a person on the risk list without medical words in public, and the alert reaches the server', async () => {
    const scan = await ok(t.service.api.submitScan({ text: qr[RISKY.nik]!, source: 'scanner' }));
    const { result } = await runFaceCheck(t, scan, live);
    expect(result.outcome).toBe('DENY');
    expect(`${result.publicMessage.id} ${result.publicMessage.en}`).not.toMatch(MEDICAL_WORDS);
    await t.kiosk.agent.syncNow();
    const alerts = await city.admin.alerts();
    expect(alerts.find((a) => a.visitId === result.visitId)).toMatchObject({ riskStatus: 'CONFIRMED', outcome: 'DENY' });
  });

  it('looks up a person registered after the last sync on demand', async () => {
    await city.admin.registerPerson({ nik: LATE.nik, name: LATE.name, selfie, allowDuplicateFace: true });
    const token = (await city.admin.issueQr(LATE.nik, 'svg')).token;
    const scan = await ok(t.service.api.submitScan({ text: token, source: 'camera' }));
    expect(scan).toMatchObject({ next: 'face', greetingName: 'Andi' });
    const { result } = await runFaceCheck(t, scan, live);
    expect(result.outcome).toBe('ADMIT');
  });

  it('a venue policy issued in the console reaches the kiosk with the heartbeat and decides its next visitor', async () => {
    const venueId = t.kiosk.store.getDeviceConfig()!.venueId;
    const { token: apiKey } = await city.accounts.createApiKey({ name: 'venue-manager-test', role: 'venue-manager', venueIds: [venueId] }, CLI_ACTOR, null);
    const issue = async (policy: Partial<VenuePolicy>, baseVersion: number) => {
      const r = await fetch(`${city.url}/v1/console/venues/${venueId}/policy`, {
        method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ policy: { ...DEFAULT_VENUE_POLICY, ...policy }, baseVersion }),
      });
      return { status: r.status, body: (await r.json()) as { version?: number; error?: { code: string } } };
    };
    const occupancy = (await ok(t.service.api.getState({}))).venue!.occupancy;
    expect(occupancy).toBeGreaterThanOrEqual(2);
    // 5 % of the 50 places is 2, and at least 2 people are inside: the next visitor finds the venue full.
    expect(await issue({ capacityPercent: 5 }, 0)).toMatchObject({ status: 200, body: { version: 1 } });
    await t.kiosk.agent.syncNow();
    const { token } = await ok(t.service.api.staffUnlock({ pin: PIN }));
    const diag = await ok(t.service.api.diagnostics({ token }));
    expect(diag.policy).toMatchObject({ version: 1, values: { capacityPercent: 5 } });
    expect((await ok(t.service.api.getState({}))).venue!.capacity).toBe(2);
    const scan = await ok(t.service.api.submitScan({ text: qr[PERSON.nik]!, source: 'camera' }));
    const { result } = await runFaceCheck(t, scan, live);
    expect(result.outcome).toBe('DENY');
    expect(result.publicMessage.en).toMatch(/full/i);
    // the kiosk reports the version it runs; the device's history says when it took it
    await t.kiosk.agent.syncNow();
    const devices = await city.store.listDevices();
    const me = devices.find((d) => d.id === t.kiosk.store.getDeviceConfig()!.deviceId)!;
    expect(me.heartbeat?.policyVersion).toBe(1);
    expect((await city.store.listAuditByTarget(`device:${me.id}`, 10)).map((e) => e.action)).toContain('device.policy_applied');
    // back to normal for the tests after this one
    expect(await issue({ capacityPercent: 100 }, 1)).toMatchObject({ status: 200, body: { version: 2 } });
    await t.kiosk.agent.syncNow();
    expect((await ok(t.service.api.getState({}))).venue!.capacity).toBe(50);
  });

  it('an age limit and opening hours issued in the console (issue 11) turn the next visitor away at the scan, saying why', async () => {
    const venueId = t.kiosk.store.getDeviceConfig()!.venueId;
    const { token: apiKey } = await city.accounts.createApiKey({ name: 'venue-manager-rules', role: 'venue-manager', venueIds: [venueId] }, CLI_ACTOR, null);
    const call = async (method: 'GET' | 'POST', body?: unknown) => {
      const r = await fetch(`${city.url}/v1/console/venues/${venueId}/policy`, {
        method, headers: { authorization: `Bearer ${apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined,
      });
      return { status: r.status, body: (await r.json()) as { version: number } };
    };
    const issue = async (policy: Partial<VenuePolicy>) => call('POST', { policy: { ...DEFAULT_VENUE_POLICY, ...policy }, baseVersion: (await call('GET')).body.version });
    // digits 7–12 of the NIK: 18 06 18, born 18 June 2018, 8 years old (registered with the city, with a QR pass)
    const CHILD = { nik: '3271011806180009', name: 'Rizki Pratama' };
    await city.admin.registerPerson({ nik: CHILD.nik, name: CHILD.name, selfie, allowDuplicateFace: true });
    const childQr = (await city.admin.issueQr(CHILD.nik, 'svg')).token;

    expect((await issue({ minAge: 12 })).status).toBe(200);
    await t.kiosk.agent.syncNow();
    const { token } = await ok(t.service.api.staffUnlock({ pin: PIN }));
    const diag = await ok(t.service.api.diagnostics({ token }));
    expect(diag.policy!.values).toMatchObject({ minAge: 12 });
    expect(diag.policy!.rules).toEqual(expect.arrayContaining([
      { field: 'minAge', label: { id: 'Umur minimum pengunjung (tahun, dari NIK)', en: 'Minimum visitor age (years, from the NIK)' }, value: { id: '12 tahun', en: '12 years' } },
      expect.objectContaining({ field: 'maxAge', value: { id: 'tidak dibatasi', en: 'no limit' } }),
    ]));

    // the child's QR pass and the child's NIK typed: denied at once (no face check), the screen says why
    for (const text of [childQr, CHILD.nik]) {
      const scan = await ok(t.service.api.submitScan({ text, source: text === childQr ? 'camera' : 'keypad' }));
      expect(scan.next).toBe('result');
      if (scan.next !== 'result') continue;
      expect(scan.result.outcome).toBe('DENY');
      expect(scan.result.publicMessage).toEqual({ id: 'Maaf, anak di bawah 12 tahun belum boleh masuk', en: 'Sorry, children under 12 may not enter' });
      expect(t.kiosk.store.getVisit(scan.result.visitId!)?.reason).toBe('AGE_BELOW_MIN');
    }
    const recent = await ok(t.service.api.recentDecisions({ token }));
    expect(recent[0]).toMatchObject({ outcome: 'DENY', reason: 'AGE_BELOW_MIN', staffMessage: { id: 'TOLAK: umur menurut NIK 8 tahun, di bawah batas minimum 12 tahun' } });
    // an adult still passes through the face check as before
    const adult = await ok(t.service.api.submitScan({ text: qr[PERSON.nik]!, source: 'camera' }));
    expect(adult.next).toBe('face');
    const { result: admitted } = await runFaceCheck(t, adult, live);
    expect(admitted.outcome).toBe('ADMIT');

    // closed all of today (WIB), open the rest of the week: the adult is turned away too, told why
    const todayWib = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][new Date(Date.now() + 7 * 3600_000).getUTCDay()]!;
    const allDay = { open: '00:00', close: '24:00' };
    const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, d === todayWib ? null : allDay])) as VenuePolicy['openingHours'];
    expect((await issue({ minAge: 12, openingHours: hours })).status).toBe(200);
    await t.kiosk.agent.syncNow();
    const closed = await ok(t.service.api.submitScan({ text: qr[PERSON.nik]!, source: 'camera' }));
    expect(closed.next === 'result' && closed.result).toMatchObject({ outcome: 'DENY', publicMessage: { id: expect.stringMatching(/^Maaf, tempat ini tutup setiap hari (Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu)$/) } });
    expect(MEDICAL_WORDS.test(JSON.stringify(closed))).toBe(false);

    // an exit gate of the same venue, under the same policy, still lets everyone out
    const exitGate = await city.admin.createGate({ venueId, name: 'Pintu Keluar Samping', direction: 'EXIT' });
    const exitKiosk = await openTestKiosk({ engine: 'none', agentOptions: { requestTimeoutMs: 3000, idlePollMs: 3_600_000 } }, new MovableClock(new Date().toISOString()));
    try {
      const { code } = await city.admin.createEnrolmentCode(exitGate.id);
      await ok(exitKiosk.service.api.provision({ serverUrl: city.url, code, adminPin: PIN, cameraId: null }));
      await exitKiosk.kiosk.agent.syncNow();
      expect(exitKiosk.kiosk.store.getDeviceConfig()!.policy).toBeTruthy();
      const exitToken = (await ok(exitKiosk.service.api.staffUnlock({ pin: PIN }))).token;
      expect((await ok(exitKiosk.service.api.diagnostics({ token: exitToken }))).policy!.values).toMatchObject({ minAge: 12 });
      for (const text of [childQr, qr[PERSON.nik]!]) {
        expect(await ok(exitKiosk.service.api.submitScan({ text, source: 'scanner' }))).toMatchObject({ next: 'result', result: { outcome: 'ADMIT', publicMessage: { id: expect.stringMatching(/Terima kasih/) } } });
      }
    } finally {
      await exitKiosk.cleanup();
    }

    // back to normal for the tests after this one
    expect((await issue({})).status).toBe(200);
    await t.kiosk.agent.syncNow();
  });

  it('sends an on-the-spot registration to the server, which then holds it; the person keeps passing', async () => {
    const nik = '3271016607950004';
    const { token } = await ok(t.service.api.staffUnlock({ pin: PIN }));
    await ok(t.service.api.registerVisitor({ token, nik, name: 'Dewi Lestari', consent: true, selfieJpegBase64: selfie.toString('base64') }));
    expect(t.kiosk.store.pendingRegistrationCount()).toBe(1);
    await t.kiosk.agent.syncNow();
    await t.kiosk.registrations.run();
    expect(t.kiosk.store.pendingRegistrationCount()).toBe(0);
    // the clip's face is PERSON's, under another NIK: held for review (duplicate_face), not a pending registration
    const held = await city.store.listRegistrationReviews();
    expect(held.map((r) => [r.nikHash, r.reason])).toContainEqual([t.kiosk.store.hashNik(nik), 'duplicate_face']);
    expect((await city.store.listPendingRegistrations()).map((p) => p.nikHash)).not.toContain(t.kiosk.store.hashNik(nik));
    const scan = await ok(t.service.api.submitScan({ text: nik, source: 'keypad' }));
    const { result } = await runFaceCheck(t, scan, live);
    expect(result.outcome).toBe('ADMIT');
  });

  it('an exit-gate kiosk checks the visitor out without a face check, and the server sees the stay closed', async () => {
    const venueId = t.kiosk.store.getDeviceConfig()!.venueId;
    const exitGate = await city.admin.createGate({ venueId, name: 'Pintu Keluar', direction: 'EXIT' });
    const exitKiosk = await openTestKiosk({ engine: 'none', agentOptions: { requestTimeoutMs: 3000, idlePollMs: 3_600_000 } }, new MovableClock(new Date().toISOString()));
    try {
      const { code } = await city.admin.createEnrolmentCode(exitGate.id);
      expect(await ok(exitKiosk.service.api.provision({ serverUrl: city.url, code, adminPin: PIN, staffPin: '2468', cameraId: null }))).toMatchObject({ mode: 'exit', gateName: 'Pintu Keluar' });
      // The guards' PIN opens the staff panel but changes no setup and does not leave kiosk mode.
      const staff = await ok(exitKiosk.service.api.staffUnlock({ pin: '2468' }));
      expect(await exitKiosk.service.api.setCamera({ token: staff.token, cameraId: 'cam-2' })).toMatchObject({ ok: false, error: { code: 'ADMIN_ONLY' } });
      expect(await exitKiosk.service.api.exitKiosk({ pin: '2468' })).toMatchObject({ ok: false, error: { code: 'PIN_WRONG' } });
      const admin = await ok(exitKiosk.service.api.staffUnlock({ pin: PIN }));
      expect(await ok(exitKiosk.service.api.setCamera({ token: admin.token, cameraId: 'cam-2' }))).toEqual({ cameraId: 'cam-2' });
      expect((await ok(exitKiosk.service.api.getState({}))).cameraId).toBe('cam-2');
      const before = (await city.admin.trace({ nik: PERSON.nik, to: Date.now() + 3_600_000 })).visits.filter((v) => v.outcome === 'ADMIT' && !v.checkedOut);
      expect(before.length).toBeGreaterThan(0);
      const out = await ok(exitKiosk.service.api.submitScan({ text: qr[PERSON.nik]!, source: 'scanner' }));
      expect(out).toMatchObject({ next: 'result', result: { outcome: 'ADMIT', publicMessage: { id: expect.stringMatching(/Terima kasih/) } } });
      await exitKiosk.kiosk.agent.syncNow();
      expect(exitKiosk.kiosk.store.outboxDepth()).toBe(0);
    } finally {
      await exitKiosk.cleanup();
    }
  });

  it('keeps deciding while the server is down, queues the visits, and drains them when it is back', async () => {
    const port = city.port;
    await city.close();
    const before = t.kiosk.store.outboxDepth();
    const scan = await ok(t.service.api.submitScan({ text: qr[PERSON.nik]!, source: 'camera' }));
    const { result } = await runFaceCheck(t, scan, live);
    expect(result.outcome).toBe('ADMIT');
    await t.kiosk.agent.syncNow().catch(() => undefined);
    expect(t.kiosk.store.outboxDepth()).toBe(before + 1);
    const { token } = await ok(t.service.api.staffUnlock({ pin: PIN }));
    const diag = await ok(t.service.api.diagnostics({ token }));
    expect(diag.sync.online).toBe(false);
    expect(diag.sync.queueDepth).toBe(before + 1);
    expect(diag.sync.lastError).not.toBeNull();

    city = await startCity(port);
    await t.kiosk.agent.syncNow();
    expect(t.kiosk.store.outboxDepth()).toBe(0);
    expect((await ok(t.service.api.getState({}))).sync.online).toBe(true);
    const trace = await city.admin.trace({ nik: PERSON.nik, to: Date.now() + 3_600_000 });
    expect(trace.visits.map((v) => v.visitId)).toContain(result.visitId);
  });
});
