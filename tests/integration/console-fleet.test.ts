// Venues and kiosks in the console over real HTTP on both backends: the venue policy (limits by role,
// version conflicts, signed for the kiosk, audited), kiosks per venue with health, enrolment codes that
// enrol a kiosk, revocation that refuses the device's very next request, a device's history, entries
// per hour — each scoped to the caller's jurisdiction (outside it: the same 404 as a venue that is not there).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleLogin, seedConsole } from '../helpers/console';
import type { ConsoleSeed } from '../helpers/console';
import { postgresUrl } from '../helpers/postgres';
import { DEFAULT_VENUE_POLICY, verifyVenuePolicy } from '../../sync/protocol/venue-policy';
import type { VenuePolicyView, VenueDevices, DeviceHistory, VenueEntries, EnrolmentCodeIssued } from '../../sync/protocol/api/console-fleet';
import { DeviceClient, enrolDevice } from '../../sync/server/device-client';
import type { OverviewResponse } from '../../sync/protocol/api/console';
import { wibDayStart } from '../../sync/protocol/wib-time';
import { startTestCityServer } from '../../sync/server/testing';
import type { Backend, TestCityServer } from '../../sync/server/testing';

const pg = postgresUrl();
const backends: Backend[] = pg ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(backends)('console venues and kiosks on %s', (backend) => {
  let s: TestCityServer;
  let seed: ConsoleSeed;
  const sessions: Record<string, { cookie: string; csrf: string }> = {};
  beforeAll(async () => {
    s = await startTestCityServer(backend, { pgUrl: pg ?? undefined, config: { consoleScryptN: 1024 } });
    seed = await seedConsole(s);
    for (const u of ['admin', 'ppj', 'manager', 'auditor', 'disperindag']) sessions[u] = await consoleLogin(s.url, u, seed.password);
  });
  afterAll(async () => s?.destroy());

  async function as<T>(user: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T & { error?: { code: string; message: { id: string; en: string }; details?: Array<{ path: string }> } } }> {
    const ses = sessions[user]!;
    const headers: Record<string, string> = { cookie: ses.cookie, 'x-csrf-token': ses.csrf };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const r = await fetch(`${s.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: r.status, body: (await r.json()) as never };
  }

  it('lets the venue manager make its policy stricter, signed for the kiosk and audited; never laxer, and not over a newer version', async () => {
    const hotel = seed.managedVenueId;
    const start = await as<VenuePolicyView>('manager', 'GET', `/v1/console/venues/${hotel}/policy`);
    expect(start.body).toMatchObject({ version: 0, policy: DEFAULT_VENUE_POLICY, canEdit: true });
    expect(start.body.limitedFields).toEqual(expect.arrayContaining(['requireFace', 'requireLiveness', 'staleListAction', 'closeContactAction']));

    const stricter = { ...DEFAULT_VENUE_POLICY, capacityPercent: 50, staleListHardHours: 24 };
    const saved = await as<VenuePolicyView>('manager', 'POST', `/v1/console/venues/${hotel}/policy`, { policy: stricter, baseVersion: 0 });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: 1, policy: stricter, history: [{ version: 1, issuedBy: 'manager' }] });
    const row = (await s.store.latestVenuePolicy(hotel))!;
    const keys = Object.fromEntries(s.keys.publicKeys().map((k) => [k.keyId, k.publicKey]));
    expect(verifyVenuePolicy(row.signed, keys, hotel, 0)).toMatchObject({ ok: true });

    const laxer = await as('manager', 'POST', `/v1/console/venues/${hotel}/policy`, { policy: { ...stricter, requireFace: false, closeContactAction: 'REFER' }, baseVersion: 1 });
    expect(laxer.status).toBe(400);
    expect(laxer.body.error).toMatchObject({ code: 'policy_outside_limits', message: { id: expect.stringContaining('kota'), en: expect.stringContaining('city') } });
    expect(laxer.body.error!.details!.map((d) => d.path).sort()).toEqual(['policy.closeContactAction', 'policy.requireFace']);
    const outOfBounds = await as('manager', 'POST', `/v1/console/venues/${hotel}/policy`, { policy: { ...stricter, capacityPercent: 0, extra: 1 }, baseVersion: 1 });
    expect(outOfBounds.status).toBe(400);
    expect(outOfBounds.body.error?.code).toBe('invalid_body');
    const stale = await as('manager', 'POST', `/v1/console/venues/${hotel}/policy`, { policy: stricter, baseVersion: 0 });
    expect(stale.status).toBe(409);
    expect(stale.body.error?.code).toBe('policy_version_conflict');
    expect((await s.store.latestVenuePolicy(hotel))!.version).toBe(1);

    // the city admin may loosen (e.g. a venue without cameras yet)
    const admin = await as<VenuePolicyView>('admin', 'POST', `/v1/console/venues/${hotel}/policy`, { policy: { ...stricter, requireFace: false }, baseVersion: 1 });
    expect(admin.body).toMatchObject({ version: 2, limitedFields: [] });
    const audit = await s.store.listAuditByTarget(`venue:${hotel}`, 10);
    expect(audit.filter((e) => e.action === 'venue.policy.issue').map((e) => [e.actorName, e.details.version])).toEqual([['admin', 2], ['manager', 1]]);
  });

  it('sets age limits and opening hours (issue 11): signed for the kiosk; a bad value is a 400 naming the field in both languages, nothing saved', async () => {
    const mall = s.venueId;
    const start = await as<VenuePolicyView>('admin', 'GET', `/v1/console/venues/${mall}/policy`);
    const day = { open: '10:00', close: '22:00' };
    const hours = { mon: day, tue: day, wed: day, thu: day, fri: day, sat: { open: '09:00', close: '24:00' }, sun: null };
    const rules = { ...start.body.policy, minAge: 12, maxAge: 65, openingHours: hours };
    const saved = await as<VenuePolicyView>('admin', 'POST', `/v1/console/venues/${mall}/policy`, { policy: rules, baseVersion: start.body.version });
    expect(saved.status).toBe(200);
    expect(saved.body.policy).toEqual(rules);
    const row = (await s.store.latestVenuePolicy(mall))!;
    const keys = Object.fromEntries(s.keys.publicKeys().map((k) => [k.keyId, k.publicKey]));
    const verified = verifyVenuePolicy(JSON.parse(JSON.stringify(row.signed)), keys, mall, 0);
    expect(verified.ok && verified.signed.document.policy).toMatchObject({ minAge: 12, maxAge: 65, openingHours: hours });

    const bad: Array<[string, unknown, string, RegExp]> = [
      ['an age over 120', { ...rules, maxAge: 130 }, 'policy.maxAge', /^umur maksimum 0–120 tahun \/ maximum age 0–120 years$/],
      ['a minimum above the maximum', { ...rules, minAge: 30, maxAge: 20 }, 'policy.maxAge', /tidak boleh di bawah umur minimum \/ the maximum age may not be below/],
      ['closing past midnight', { ...rules, openingHours: { ...hours, fri: { open: '20:00', close: '02:00' } } }, 'policy.openingHours.fri.close', /tutup 24:00 lalu buka 00:00 .* close at 24:00 and open at 00:00 the next day/],
      ['a time that is no time', { ...rules, openingHours: { ...hours, mon: { open: '10:00', close: '25:00' } } }, 'policy.openingHours.mon.close', /jam tutup HH:MM antara 00:01 dan 24:00/],
      ['a day left out', { ...rules, openingHours: { mon: day } }, 'policy.openingHours.tue', /./],
    ];
    for (const [label, policy, path, message] of bad) {
      const r = await as('admin', 'POST', `/v1/console/venues/${mall}/policy`, { policy, baseVersion: saved.body.version });
      expect(r.status, label).toBe(400);
      expect(r.body.error?.code, label).toBe('invalid_body');
      const detail = (r.body.error!.details as Array<{ path: string; message: string }>).find((d) => d.path === path);
      expect(detail?.message, `${label}: ${JSON.stringify(r.body.error!.details)}`).toMatch(message);
    }
    expect((await s.store.latestVenuePolicy(mall))!.version).toBe(saved.body.version);

    // taking the rules out again leaves no trace of them in the signed document (older kiosks accept it)
    const { minAge: _a, maxAge: _b, openingHours: _c, ...plain } = rules;
    const cleared = await as<VenuePolicyView>('admin', 'POST', `/v1/console/venues/${mall}/policy`, { policy: plain, baseVersion: saved.body.version });
    expect(cleared.status).toBe(200);
    expect(JSON.stringify((await s.store.latestVenuePolicy(mall))!.signed.document)).not.toMatch(/minAge|maxAge|openingHours/);
  });

  it('keeps every venue route inside the jurisdiction: a venue or device outside it is not found', async () => {
    const hotel = seed.managedVenueId;
    const market = seed.marketVenueIds[0]!;
    for (const path of [`/v1/console/venues/${hotel}/policy`, `/v1/console/venues/${hotel}/devices`, `/v1/console/venues/${hotel}/entries`]) {
      expect(await as('ppj', 'GET', path), path).toMatchObject({ status: 404, body: { error: { code: 'venue_unknown' } } });
    }
    expect((await as('manager', 'POST', `/v1/console/venues/${market}/policy`, { policy: DEFAULT_VENUE_POLICY, baseVersion: 0 })).status).toBe(404);
    const gate = await s.admin.createGate({ venueId: market, name: 'Pintu Pasar' });
    expect(await as('manager', 'POST', `/v1/console/gates/${gate.id}/enrolment-code`, {})).toMatchObject({ status: 404, body: { error: { code: 'gate_unknown' } } });
    const kiosk = await enrolDevice(s.url, (await s.admin.createEnrolmentCode(gate.id)).code, 'kios-pasar');
    expect((await as('manager', 'POST', `/v1/console/devices/${kiosk.deviceId}/revoke`, {})).status).toBe(404);
    expect((await as('manager', 'GET', `/v1/console/devices/${kiosk.deviceId}/history`)).status).toBe(404);
    expect((await s.store.getDevice(kiosk.deviceId))!.revokedAt).toBeNull();
    expect((await as('ppj', 'GET', `/v1/console/devices/${kiosk.deviceId}/history`)).status).toBe(200);
    expect((await as('ppj', 'GET', `/v1/console/devices/${randomUUID()}/history`)).status).toBe(404);
  });

  it('issues a one-time code that enrols a kiosk, lists it with its health, and revokes it so its next request is refused', async () => {
    const hotel = seed.managedVenueId;
    const gate = await as<{ id: string }>('admin', 'POST', `/v1/console/venues/${hotel}/gates`, { name: 'Lobi' });
    expect(gate.status).toBe(201);
    const issued = await as<EnrolmentCodeIssued>('manager', 'POST', `/v1/console/gates/${gate.body.id}/enrolment-code`, {});
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ code: expect.stringMatching(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/), venue: { id: hotel, name: 'Hotel Salak' }, gate: { name: 'Lobi' } });
    // the code never reaches the audit log
    expect(JSON.stringify(await s.store.listAuditByTarget(`gate:${gate.body.id}`, 5))).not.toContain(issued.body.code);

    const kiosk = await enrolDevice(s.url, issued.body.code, 'kios-lobi');
    expect((kiosk.enrolment.venuePolicy as { document?: unknown } | null)?.document).toMatchObject({ venueId: hotel, version: 2 });
    const device = new DeviceClient(s.url, kiosk);
    const hb = { appVersion: '1.2.3', queueDepth: 4, deadLetterCount: 0, riskListVersion: null, riskListAgeSeconds: null, lastSyncAt: null, clockOffsetMs: 0, deviceTime: new Date().toISOString(), policyVersion: 2 };
    const answer = await device.request<{ venuePolicy: { document: { version: number } } }>('POST', '/v1/heartbeat', hb);
    expect(answer.status).toBe(200);
    expect(answer.body.venuePolicy.document.version).toBe(2);

    const list = await as<VenueDevices>('manager', 'GET', `/v1/console/venues/${hotel}/devices`);
    expect(list.body.canOperate).toBe(true);
    expect(list.body.gates.map((g) => g.name)).toContain('Lobi');
    expect(list.body.devices.find((d) => d.deviceId === kiosk.deviceId)).toMatchObject({ name: 'kios-lobi', gateName: 'Lobi', queueDepth: 4, appVersion: '1.2.3', policyVersion: 2, revokedAt: null });
    expect((await as<VenueDevices>('auditor', 'GET', `/v1/console/venues/${hotel}/devices`)).body.canOperate).toBe(false);

    expect(await as('manager', 'POST', `/v1/console/devices/${kiosk.deviceId}/revoke`, {})).toMatchObject({ status: 200, body: { ok: true } });
    const refused = await device.request<{ error: { code: string } }>('POST', '/v1/heartbeat', { ...hb, deviceTime: new Date().toISOString() });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('device_revoked');

    const history = await as<DeviceHistory>('auditor', 'GET', `/v1/console/devices/${kiosk.deviceId}/history`);
    expect(history.body.device.status).toBe('revoked');
    expect(history.body.events.map((e) => e.action)).toEqual(['device.revoke', 'device.policy_applied', 'device.enrol']);
    expect(history.body.events[0]).toMatchObject({ actorName: 'manager', actorRole: 'venue-manager' });
  });

  it('counts visits per hour of a WIB day for the chart, by outcome', async () => {
    const market = seed.marketVenueIds[1]!;
    const gate = await s.admin.createGate({ venueId: market, name: 'Pintu Timur' });
    const kiosk = await enrolDevice(s.url, (await s.admin.createEnrolmentCode(gate.id)).code);
    const device = new DeviceClient(s.url, kiosk);
    // 08:10 and 08:50 WIB admitted, 08:30 denied, 13:05 WIB referred (on 2026-12-02)
    const at = (hhmm: string) => new Date(`2026-12-02T${hhmm}:00+07:00`).toISOString();
    const visit = (occurredAt: string, outcome: 'ADMIT' | 'DENY' | 'REFER') => ({
      id: randomUUIDv7(Date.parse(occurredAt)), venueId: market, gateId: gate.id, occurredAt, deviceTime: occurredAt, clockOffsetMs: 0, clockSuspect: false,
      identity: 'NONE', nikHash: null, outcome, reason: outcome === 'ADMIT' ? 'CLEARED' : outcome === 'DENY' ? 'VENUE_FULL' : 'NO_IDENTITY', override: null,
      faceDistance: null, livenessScore: null, riskListVersion: null, checkedOutAt: null,
    });
    const up = await device.request<{ results: Array<{ status: string; details?: string }> }>('POST', '/v1/visits', { visits: [visit(at('08:10'), 'ADMIT'), visit(at('08:50'), 'ADMIT'), visit(at('08:30'), 'DENY'), visit(at('13:05'), 'REFER')] });
    expect(up.body.results.map((r) => r.status), JSON.stringify(up.body)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    const r = await as<VenueEntries>('ppj', 'GET', `/v1/console/venues/${market}/entries?date=2026-12-02`);
    expect(r.body.hours).toHaveLength(24);
    expect(r.body.hours[8]).toEqual({ hour: 8, admitted: 2, denied: 1, referred: 0 });
    expect(r.body.hours[13]).toEqual({ hour: 13, admitted: 0, denied: 0, referred: 1 });
    expect(r.body.hours.reduce((n, h) => n + h.admitted + h.denied + h.referred, 0)).toBe(4);
    if (backend === 'postgres') {
      // Each database connection counts into its own shard of the hour (migration 012): what another
      // server process stored for the same venue-hour is summed into the same bar, not shown twice.
      const pool = (s.store as unknown as { pool: { query: (q: string, v: unknown[]) => Promise<unknown> } }).pool;
      const hour8 = Date.parse('2026-12-02T08:00:00+07:00');
      await pool.query('INSERT INTO venue_hour_counts (venue_id, hour_start, shard, admitted, denied, referred) VALUES ($1, $2, 99, 5, 0, 1)', [market, hour8]);
      const both = await as<VenueEntries>('ppj', 'GET', `/v1/console/venues/${market}/entries?date=2026-12-02`);
      expect(both.body.hours[8]).toEqual({ hour: 8, admitted: 7, denied: 1, referred: 1 });
      expect(both.body.hours.filter((h) => h.admitted + h.denied + h.referred > 0).map((h) => h.hour)).toEqual([8, 13]);
    }
    expect((await as('ppj', 'GET', `/v1/console/venues/${market}/entries?date=2026-13-40`)).status).toBe(400);
  });

  it('shows on the overview today\'s entries and who is inside now, each visit once however often a kiosk resends it', async () => {
    const market = seed.marketVenueIds[0]!;
    await s.store.updateVenue(market, { dwellMinutes: 30 });
    const gate = await s.admin.createGate({ venueId: market, name: 'Pintu Utara' });
    const device = new DeviceClient(s.url, await enrolDevice(s.url, (await s.admin.createEnrolmentCode(gate.id)).code));
    const now = Date.now();
    const visit = (minutesAgo: number, outcome: 'ADMIT' | 'DENY', checkedOutMinutesAgo: number | null = null) => {
      const occurredAt = new Date(now - minutesAgo * 60_000).toISOString();
      return {
        id: randomUUIDv7(Date.parse(occurredAt)), venueId: market, gateId: gate.id, occurredAt, deviceTime: occurredAt, clockOffsetMs: 0, clockSuspect: false,
        identity: 'NONE', nikHash: null, outcome, reason: outcome === 'ADMIT' ? 'CLEARED' : 'VENUE_FULL', override: null,
        faceDistance: null, livenessScore: null, riskListVersion: null, checkedOutAt: checkedOutMinutesAgo === null ? null : new Date(now - checkedOutMinutesAgo * 60_000).toISOString(),
      };
    };
    // inside: admitted 2 and 10 min ago; gone: checked out, and past the venue's 30-min dwell; denied: no entry
    const visits = [visit(2, 'ADMIT'), visit(10, 'ADMIT'), visit(12, 'ADMIT', 1), visit(45, 'ADMIT'), visit(3, 'DENY')];
    const up = await device.request<{ results: Array<{ status: string }> }>('POST', '/v1/visits', { visits });
    expect(up.body.results.map((r) => r.status)).toEqual(Array(5).fill('accepted'));
    const again = await device.request<{ results: Array<{ status: string }> }>('POST', '/v1/visits', { visits: visits.slice(0, 2) });
    expect(again.body.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    const dayStart = wibDayStart(now);
    const admittedToday = visits.filter((v) => v.outcome === 'ADMIT' && Date.parse(v.occurredAt) >= dayStart).length;
    const overview = await as<OverviewResponse>('ppj', 'GET', '/v1/console/overview');
    const row = overview.body.venues.find((v) => v.id === market)!;
    expect({ present: row.present, entriesToday: row.entriesToday }).toEqual({ present: 2, entriesToday: admittedToday });
    // the venue's own kiosks (an earlier test enrolled one here too), none of another venue's
    const own = (await s.store.listDevices()).filter((d) => d.venueId === market).map((d) => d.id).sort();
    expect(row.kiosks.map((k) => k.deviceId).sort()).toEqual(own);
    expect(own).toContain(device.identity.deviceId);
    // the chart counts the same visits (and the denial) in their WIB hours
    const day = await as<VenueEntries>('ppj', 'GET', `/v1/console/venues/${market}/entries`);
    expect(day.body.hours.reduce((n, h) => n + h.admitted, 0)).toBe(admittedToday);
  });
});

/** A UUIDv7 for a given time (visit ids are time-ordered, made on the kiosk). */
function randomUUIDv7(ms: number): string {
  const hex = ms.toString(16).padStart(12, '0');
  const rest = randomUUID().replace(/-/g, '');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${rest.slice(13, 16)}-${((parseInt(rest[16]!, 16) & 0x3) | 0x8).toString(16)}${rest.slice(17, 20)}-${rest.slice(20, 32)}`;
}
