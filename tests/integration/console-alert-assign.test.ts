// Assigning a Dinkes alert to an officer, on both backends over real HTTP: the officers to pick from are
// the active health accounts of the caller's own agency (id, username, display name; nothing else),
// the assign route refuses anyone else (another agency's health officer, a disabled account, a sector
// account, an unknown name) with one bilingual 400 and nothing changed or audited, and an alert, in the
// list, in the handle answer and on the live stream, names its venue and gate and whom it is assigned to.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../sync/protocol/api/common';
import { CLI_ACTOR } from '../../sync/server/console/audit';
import { DeviceClient, enrolDevice } from '../../sync/server/device-client';
import { startTestCityServer } from '../../sync/server/testing';
import type { Backend, TestCityServer } from '../../sync/server/testing';
import { consoleLogin, seedConsole } from '../helpers/console';
import type { ConsoleSeed } from '../helpers/console';
import { postgresUrl } from '../helpers/postgres';

const pg = postgresUrl();
const backends: Backend[] = pg ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(backends)('assigning alerts to officers on %s', (backend) => {
  let s: TestCityServer;
  let seed: ConsoleSeed;
  let dinkes: { cookie: string; csrf: string };
  let alertId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    s = await startTestCityServer(backend, { pgUrl: pg ?? undefined, config: { consoleScryptN: 1024 } });
    seed = await seedConsole(s);
    // the regency's health office next door has Jejak too: its officers are not the city's to task
    await s.store.createAgency({ id: 'dinkes-kab', name: 'Dinas Kesehatan Kabupaten Bogor', categories: [], createdAt: Date.now() });
    const make = async (username: string, displayName: string, agencyId: string) =>
      (ids[username] = (await s.accounts.createUser({ username, displayName, role: 'health', agencyId, password: seed.password }, CLI_ACTOR)).user.id);
    await make('sari', 'Sari Wulandari', 'dinkes');
    await make('budi.lama', 'Budi (pindah tugas)', 'dinkes');
    await s.accounts.updateUser(ids['budi.lama']!, { disabled: true }, CLI_ACTOR, null);
    await make('kab.officer', 'Petugas Kabupaten', 'dinkes-kab');
    dinkes = await consoleLogin(s.url, 'dinkes', seed.password);
    alertId = randomUUID();
    await s.store.ingestAlerts([{ id: alertId, deviceId: randomUUID(), visitId: randomUUID(), venueId: s.venueId, gateId: s.gateId, occurredAt: Date.now(), nikHash: 'a'.repeat(64), riskStatus: 'SUSPECT', riskListVersion: 1, receivedAt: Date.now(), bodyHash: 'b'.repeat(64) }]);
  });
  afterAll(async () => s?.destroy());

  const get = async (path: string, who = dinkes) => (await fetch(`${s.url}${path}`, { headers: { cookie: who.cookie } })).json() as Promise<Record<string, unknown>>;
  const handle = (body: unknown, who = dinkes) =>
    fetch(`${s.url}/v1/console/alerts/${alertId}/handle`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: who.cookie, 'x-csrf-token': who.csrf }, body: JSON.stringify(body) });
  const handlingAudits = async () => (await s.store.listAudit({ limit: 100_000 })).filter((e) => e.action === 'alert.handle').length;

  it("lists the active health officers of the caller's own agency only, with nothing personal beyond their name", async () => {
    const { officers } = (await get('/v1/console/alerts/officers')) as { officers: Array<Record<string, unknown>> };
    expect(officers).toEqual([
      { id: seed.userIds.dinkes, username: 'dinkes', displayName: 'dinkes' },
      { id: ids['sari'], username: 'sari', displayName: 'Sari Wulandari' },
    ]);
    const kab = await consoleLogin(s.url, 'kab.officer', seed.password);
    expect(await get('/v1/console/alerts/officers', kab)).toEqual({ officers: [{ id: ids['kab.officer'], username: 'kab.officer', displayName: 'Petugas Kabupaten' }] });
  });

  it.each([
    ['a health officer of another agency', 'kab.officer'],
    ['a disabled health account', 'budi.lama'],
    ['a sector account', 'ppj'],
    ['an unknown name', 'tidak.ada'],
  ])('refuses to assign to %s with a bilingual 400, nothing changed (not even the acknowledge sent with it)', async (_what, assignTo) => {
    const before = await handlingAudits();
    const r = await handle({ acknowledge: true, assignTo });
    expect(r.status).toBe(400);
    expect(((await r.json()) as ErrorBody).error).toMatchObject({
      code: 'assignee_not_officer', message: { id: expect.stringMatching(/instansi Anda sendiri/), en: expect.stringMatching(/your own agency/) }, details: [{ path: 'assignTo', message: assignTo }],
    });
    expect(await s.store.alertHandling([alertId])).toEqual([]);
    expect(await handlingAudits()).toBe(before);
  });

  it('assigns to an officer of its agency; the alert names its venue, its gate and the officer', async () => {
    const r = await handle({ assignTo: 'sari' });
    expect(r.status).toBe(200);
    const where = { venueName: 'Botani Square', gateId: s.gateId, gateName: 'Pintu Utama' };
    expect(await r.json()).toMatchObject({ id: alertId, ...where, assignedTo: 'sari', assignedToName: 'Sari Wulandari', acknowledgedAt: null });
    const { alerts } = (await get('/v1/console/alerts')) as { alerts: Array<Record<string, unknown>> };
    expect(alerts.find((a) => a.id === alertId)).toMatchObject({ ...where, assignedTo: 'sari', assignedToName: 'Sari Wulandari' });
    expect((await s.store.listAudit({ limit: 100_000 })).filter((e) => e.action === 'alert.handle').map((e) => e.details)).toEqual([{ acknowledge: false, assignTo: 'sari' }]);
  });

  it('names the gate on the live stream too', async () => {
    const abort = new AbortController();
    const stream = await fetch(`${s.url}/v1/console/alerts/stream`, { headers: { cookie: dinkes.cookie }, signal: abort.signal });
    const reader = stream.body!.getReader();
    const client = new DeviceClient(s.url, await enrolDevice(s.url, await s.newEnrolmentCode()));
    const id = randomUUID();
    const up = await client.call('alerts', { body: { alerts: [{ id, visitId: randomUUID(), venueId: s.venueId, gateId: s.gateId, occurredAt: new Date().toISOString(), nikHash: 'c'.repeat(64), riskStatus: 'CONFIRMED', outcome: 'DENY', riskListVersion: 1 }] } });
    expect(up.status).toBe(200);
    let text = '';
    while (!text.includes(`id: ${id}\ndata: `)) text += new TextDecoder().decode((await reader.read()).value);
    while (!/data: .+\n\n/.test(text.slice(text.indexOf(`id: ${id}`)))) text += new TextDecoder().decode((await reader.read()).value);
    abort.abort();
    const event = JSON.parse(new RegExp(`id: ${id}\\ndata: (.+)\\n`).exec(text)![1]!) as Record<string, unknown>;
    expect(event).toMatchObject({ id, venueName: 'Botani Square', gateName: 'Pintu Utama', assignedTo: null, assignedToName: null });
  });
});
