// The console API on both backends over real HTTP: login (wrong password, lockout that concurrency
// cannot bypass, TOTP), the session cookie, CSRF, idle expiry, API keys, the legacy admin token,
// jurisdiction scoping and the audit chain. The role × route matrix is in console-matrix.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUrl } from '../helpers/postgres';
import { ManualClock } from '../../sync/protocol/clock';
import { startTestCityServer } from '../../sync/server/testing';
import type { Backend, TestCityServer } from '../../sync/server/testing';
import { totpCode } from '../../sync/server/console/totp';
import type { ErrorBody } from '../../sync/protocol/api/common';
import { consoleLogin, seedConsole } from '../helpers/console';
import { DeviceClient, enrolDevice } from '../../sync/server/device-client';
import { randomUUID } from 'node:crypto';
import type { ConsoleSeed } from '../helpers/console';

const pg = postgresUrl();
const backends: Backend[] = pg ? ['sqlite', 'postgres'] : ['sqlite'];
const T0 = Date.UTC(2026, 10, 20, 3, 0, 0);

describe.each(backends)('console API on %s', (backend) => {
  let s: TestCityServer;
  let clock: ManualClock;
  let seed: ConsoleSeed;
  beforeAll(async () => {
    clock = new ManualClock(T0);
    s = await startTestCityServer(backend, { pgUrl: pg ?? undefined, clock, config: { consoleScryptN: 1024 } });
    seed = await seedConsole(s);
    await s.accounts.createUser({ username: 'dinkes2', displayName: 'Dinkes 2', role: 'health', agencyId: 'dinkes', password: seed.password }, { kind: 'cli', id: null, name: 'test', role: null });
  });
  afterAll(async () => s?.destroy());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${s.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const code = async (r: Response) => ((await r.json()) as ErrorBody).error.code;

  it('logs in with the right password: HttpOnly SameSite=Strict cookie, CSRF token, and who I am', async () => {
    const r = await post('/v1/console/login', { username: 'Admin', password: seed.password });
    expect(r.status).toBe(200);
    const cookie = r.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^jejak_console=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    const body = (await r.json()) as { user: { role: string }; csrfToken: string };
    expect(body.user.role).toBe('city-admin');
    const me = await fetch(`${s.url}/v1/console/me`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(await me.json()).toMatchObject({ user: { username: 'admin' }, csrfToken: body.csrfToken });
  });

  it('refuses a wrong password or an unknown user alike, with a bilingual reason', async () => {
    const wrong = await post('/v1/console/login', { username: 'dinkes', password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as ErrorBody).error).toMatchObject({ code: 'login_failed', message: { id: expect.stringMatching(/salah/), en: expect.stringMatching(/Wrong/) } });
    const unknown = await post('/v1/console/login', { username: 'nobody', password: 'not the password' });
    expect(unknown.status).toBe(401);
    expect(await code(unknown)).toBe('login_failed');
    const bad = await post('/v1/console/login', { username: 'x' });
    expect(bad.status).toBe(400);
  });

  it('locks an account after 5 failures even when 12 guesses arrive at once, with Retry-After; the right password waits too', async () => {
    const before = (await s.store.listAudit({ limit: 100_000 })).length;
    const rs = await Promise.all(Array.from({ length: 12 }, () => post('/v1/console/login', { username: 'auditor', password: 'guess guess guess' })));
    const statuses = rs.map((r) => r.status).sort();
    expect(statuses.filter((x) => x === 401)).toHaveLength(5);
    expect(statuses.filter((x) => x === 429)).toHaveLength(7);
    const locked = rs.find((r) => r.status === 429)!;
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
    const actions = (await s.store.listAudit({ afterSeq: 0, limit: 100_000 })).slice(before).map((e) => e.action);
    expect(actions.filter((a) => a === 'login.fail')).toHaveLength(5);
    const right = await post('/v1/console/login', { username: 'auditor', password: seed.password });
    expect(right.status).toBe(429);
    clock.advance(61_000);
    expect((await post('/v1/console/login', { username: 'auditor', password: seed.password })).status).toBe(200);
  });

  it('needs the CSRF token on a state-changing request, and ends an idle session', async () => {
    const a = await consoleLogin(s.url, 'admin', seed.password);
    const body = { name: 'Pasar Anyar', address: 'Jl. Dewi Sartika', capacity: 300, category: 'other' };
    const noToken = await post('/v1/console/venues', body, { cookie: a.cookie });
    expect(noToken.status).toBe(403);
    expect(await code(noToken)).toBe('csrf_invalid');
    expect((await post('/v1/console/venues', body, { cookie: a.cookie, 'x-csrf-token': 'x'.repeat(32) })).status).toBe(403);
    expect((await s.store.listVenues()).some((v) => v.name === 'Pasar Anyar')).toBe(false);
    const ok = await post('/v1/console/venues', body, { cookie: a.cookie, 'x-csrf-token': a.csrf });
    expect(ok.status).toBe(201);
    clock.advance(29 * 60_000);
    expect((await fetch(`${s.url}/v1/console/me`, { headers: { cookie: a.cookie } })).status).toBe(200);
    clock.advance(29 * 60_000);
    expect((await fetch(`${s.url}/v1/console/me`, { headers: { cookie: a.cookie } })).status).toBe(200);
    clock.advance(31 * 60_000);
    const expired = await fetch(`${s.url}/v1/console/me`, { headers: { cookie: a.cookie } });
    expect(expired.status).toBe(401);
    expect(await code(expired)).toBe('console_session_expired');
    const none = await fetch(`${s.url}/v1/console/me`);
    expect(await code(none)).toBe('console_unauthenticated');
  });

  it('asks health for a TOTP code once it is set up, and accepts the right one', async () => {
    const h = await consoleLogin(s.url, 'dinkes', seed.password);
    const setup = (await (await post('/v1/console/me/totp', {}, { cookie: h.cookie, 'x-csrf-token': h.csrf })).json()) as { secret: string; otpauthUri: string };
    expect(setup.otpauthUri).toMatch(/^otpauth:\/\/totp\/Jejak%20Kota%20Bogor:dinkes\?/);
    const noCode = await post('/v1/console/login', { username: 'dinkes', password: seed.password });
    expect(noCode.status).toBe(401);
    expect(await code(noCode)).toBe('totp_required');
    const wrong = await post('/v1/console/login', { username: 'dinkes', password: seed.password, totp: totpCode(setup.secret, clock.now().getTime() - 10 * 60_000) });
    expect(await code(wrong)).toBe('login_failed');
    const right = await post('/v1/console/login', { username: 'dinkes', password: seed.password, totp: totpCode(setup.secret, clock.now().getTime()) });
    expect(right.status).toBe(200);
    // the stored secret is sealed, not the base32 itself
    expect((await s.store.getConsoleUserByName('dinkes'))!.totpSealed).not.toContain(setup.secret);
  });

  it('scopes venues and the overview to the caller: sector sees its categories, a venue manager its venues', async () => {
    const names = async (u: string) => {
      const x = await consoleLogin(s.url, u, seed.password);
      return ((await (await fetch(`${s.url}/v1/console/venues`, { headers: { cookie: x.cookie } })).json()) as { venues: Array<{ id: string }> }).venues.map((v) => v.id).sort();
    };
    expect(await names('ppj')).toEqual(seed.marketVenueIds.sort());
    expect(await names('disperindag')).toEqual([s.venueId]);
    expect(await names('manager')).toEqual([seed.managedVenueId]);
    const m = await consoleLogin(s.url, 'manager', seed.password);
    const overview = (await (await fetch(`${s.url}/v1/console/overview`, { headers: { cookie: m.cookie } })).json()) as { venues: Array<{ id: string; noWorkingKiosk: boolean; kiosks: unknown[] }> };
    expect(overview.venues.map((v) => v.id)).toEqual([seed.managedVenueId]);
    expect(overview.venues[0]!.noWorkingKiosk).toBe(true);
    // a sector agency cannot edit a venue even of its own category (city-admin only), nor read another's
    const p = await consoleLogin(s.url, 'ppj', seed.password);
    expect((await post(`/v1/console/venues/${s.venueId}`, { capacity: 1 }, { cookie: p.cookie, 'x-csrf-token': p.csrf })).status).toBe(403);
  });

  it('named API keys carry a role, work without CSRF, and stop at once when revoked; the legacy admin token is a revocable key', async () => {
    const a = await consoleLogin(s.url, 'admin', seed.password);
    const made = (await (await post('/v1/console/api-keys', { name: 'ppj-report', role: 'sector', agencyId: 'ppj' }, { cookie: a.cookie, 'x-csrf-token': a.csrf })).json()) as { key: { id: string }; token: string };
    expect(made.token).toMatch(/^jk_[0-9a-f]{18}_[A-Za-z0-9_-]{43}$/);
    const auth = { authorization: `Bearer ${made.token}` };
    const venues = (await (await fetch(`${s.url}/v1/console/venues`, { headers: auth })).json()) as { venues: Array<{ category: string }> };
    expect(venues.venues.every((v) => v.category === 'market')).toBe(true);
    expect((await fetch(`${s.url}/v1/console/users`, { headers: auth })).status).toBe(403);
    const listed = JSON.stringify(await (await fetch(`${s.url}/v1/console/api-keys`, { headers: { cookie: a.cookie } })).json());
    expect(listed).not.toContain(made.token.split('_')[2]);
    expect((await post(`/v1/console/api-keys/${made.key.id}/revoke`, {}, { cookie: a.cookie, 'x-csrf-token': a.csrf })).status).toBe(200);
    const after = await fetch(`${s.url}/v1/console/venues`, { headers: auth });
    expect(after.status).toBe(401);
    expect(await code(after)).toBe('api_key_invalid');

    const legacy = { authorization: `Bearer ${s.keys.adminToken}` };
    expect((await fetch(`${s.url}/v1/admin/fleet`, { headers: legacy })).status).toBe(200);
    expect((await fetch(`${s.url}/v1/console/venues`, { headers: legacy })).status).toBe(401);
    expect((await post('/v1/console/api-keys/legacy-admin/revoke', {}, { cookie: a.cookie, 'x-csrf-token': a.csrf })).status).toBe(200);
    expect((await fetch(`${s.url}/v1/admin/fleet`, { headers: legacy })).status).toBe(401);
  });

  it('keeps the last city admin, ends sessions of a changed account, and refuses bad input without changing anything', async () => {
    const a = await consoleLogin(s.url, 'admin', seed.password);
    const h = { cookie: a.cookie, 'x-csrf-token': a.csrf };
    const last = await post(`/v1/console/users/${seed.userIds.admin}`, { disabled: true }, h);
    expect(last.status).toBe(409);
    expect(await code(last)).toBe('last_city_admin');
    const m = await consoleLogin(s.url, 'manager', seed.password);
    expect((await post(`/v1/console/users/${seed.userIds.manager}`, { role: 'venue-manager', venueIds: [] }, h)).status).toBe(400);
    expect((await post(`/v1/console/users/${seed.userIds.manager}`, { venueIds: ['no-such-venue'] }, h)).status).toBe(400);
    expect((await fetch(`${s.url}/v1/console/me`, { headers: { cookie: m.cookie } })).status).toBe(200);
    expect((await post(`/v1/console/users/${seed.userIds.manager}`, { venueIds: [s.venueId] }, h)).status).toBe(200);
    expect((await fetch(`${s.url}/v1/console/me`, { headers: { cookie: m.cookie } })).status).toBe(401);
    const dup = await post('/v1/console/users', { username: 'manager', displayName: 'Dup', role: 'auditor', agencyId: 'inspektorat' }, h);
    expect(dup.status).toBe(409);
    const gen = (await (await post('/v1/console/users', { username: 'baru', displayName: 'Baru', role: 'auditor', agencyId: 'inspektorat' }, h)).json()) as { generatedPassword: string };
    expect(gen.generatedPassword).toMatch(/^[\w]{5}-[\w]{5}-[\w]{5}-[\w]{5}$/);
    expect((await post('/v1/console/login', { username: 'baru', password: gen.generatedPassword })).status).toBe(200);
  });

  it("streams a kiosk's priority alert to the Dinkes console as it arrives, without a NIK hash; acknowledge and assign", async () => {
    const h = await consoleLogin(s.url, 'dinkes2', seed.password);
    const abort = new AbortController();
    const stream = await fetch(`${s.url}/v1/console/alerts/stream`, { headers: { cookie: h.cookie }, signal: abort.signal });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const reader = stream.body!.getReader();
    const dev = await enrolDevice(s.url, await s.newEnrolmentCode());
    const client = new DeviceClient(s.url, dev, () => clock.now().getTime());
    const alertId = randomUUID();
    const up = await client.call('alerts', { body: { alerts: [{ id: alertId, visitId: randomUUID(), venueId: s.venueId, gateId: s.gateId, occurredAt: new Date(clock.now().getTime()).toISOString(), nikHash: 'c'.repeat(64), riskStatus: 'CONFIRMED', outcome: 'DENY', riskListVersion: 1 }] } });
    expect(up.status).toBe(200);
    let text = '';
    while (!text.includes(alertId)) text += new TextDecoder().decode((await reader.read()).value);
    abort.abort();
    // no timed assertion (tests never time): the 2 s bound is the console bench's alert_fanout_p95_ms
    const event = JSON.parse(/event: alert\nid: [^\n]+\ndata: (.+)\n/.exec(text)![1]!) as Record<string, unknown>;
    expect(event).toMatchObject({ id: alertId, venueName: 'Botani Square', riskStatus: 'CONFIRMED', acknowledgedAt: null });
    expect(text).not.toContain('c'.repeat(64));
    const hh = { cookie: h.cookie, 'x-csrf-token': h.csrf };
    const wrong = await post(`/v1/console/alerts/${alertId}/handle`, { assignTo: 'ppj' }, hh);
    expect(wrong.status).toBe(400);
    expect(await code(wrong)).toBe('assignee_not_officer');
    expect((await post(`/v1/console/alerts/${randomUUID()}/handle`, { acknowledge: true }, hh)).status).toBe(404);
    const done = (await (await post(`/v1/console/alerts/${alertId}/handle`, { acknowledge: true, assignTo: 'dinkes2' }, hh)).json()) as Record<string, unknown>;
    expect(done).toMatchObject({ acknowledgedBy: 'dinkes2', assignedTo: 'dinkes2' });
    const list = (await (await fetch(`${s.url}/v1/console/alerts`, { headers: { cookie: h.cookie } })).json()) as { alerts: Array<{ id: string; acknowledgedBy: string | null }> };
    expect(list.alerts.find((a) => a.id === alertId)).toMatchObject({ acknowledgedBy: 'dinkes2' });
  });

  it('records every change in a hash chain that verifies, exportable as formula-safe CSV', async () => {
    const a = await consoleLogin(s.url, 'admin', seed.password);
    await post('/v1/console/venues', { name: '=cmd|calc', address: 'x', capacity: 5, category: 'other' }, { cookie: a.cookie, 'x-csrf-token': a.csrf });
    const log = (await (await fetch(`${s.url}/v1/console/audit?limit=5000`, { headers: { cookie: a.cookie } })).json()) as { entries: Array<{ action: string; address: string | null }>; chain: { ok: boolean; count: number } };
    expect(log.chain.ok).toBe(true);
    const actions = new Set(log.entries.map((e) => e.action));
    for (const x of ['alert.handle', 'user.create', 'login.ok', 'login.fail', 'login.locked', 'venue.create', 'api_key.create', 'api_key.revoke', 'user.update', 'user.totp_enable']) expect(actions).toContain(x);
    expect(log.entries.find((e) => e.action === 'venue.create')!.address).toBe('127.0.0.1');
    const csv = await (await fetch(`${s.url}/v1/console/audit?format=csv`, { headers: { cookie: a.cookie } })).text();
    expect(csv.split('\r\n')[0]).toBe('"seq","at","actor_kind","actor_id","actor_name","actor_role","action","target","purpose","address","details","hash"');
    expect(csv).toContain('audit.view');
    // No password, TOTP secret or session token ever reaches the log
    expect(JSON.stringify(log)).not.toContain(seed.password);
  });
});
