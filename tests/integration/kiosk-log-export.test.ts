// The log IT exports from a kiosk (Diagnostics → export logs) after a scripted day against a real city
// server on 127.0.0.1: the link drops and comes back (an offline period), the server refuses a visit for
// good (a dead letter), and a tampered risk list update is refused. All three are in the export, written
// by the sync agent on its own thread and by both store connections through the kiosk's one logger, under
// the enumerated event names of sync/protocol/log-events.ts; and the export still holds no NIK, no name,
// no NIK hash and no PIN of the people and staff who used the kiosk that day.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_EVENTS } from '../../sync/protocol/log-events';
import { startTestCityServer, type TestCityServer } from '../../sync/server/testing';
import { startTamperProxy, type TamperProxy } from '../faults/tamper-proxy';
import { MovableClock, ok, openTestKiosk, type TestKiosk } from './kiosk-fixture';

const PIN = '246813';
const WRONG_PIN = '975310';
const PERSON = { nik: '3271011508850001', name: 'Budi Santoso' };
const RISKY = { nik: '3271015508900002', name: 'Siti Aminah' };

describe('the exported kiosk log', () => {
  let city: TestCityServer;
  let proxy: TamperProxy;
  let t: TestKiosk;

  beforeAll(async () => {
    city = await startTestCityServer('sqlite');
    proxy = await startTamperProxy(city.port);
    const until = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const imported = await city.admin.importRiskCsv(`nik,status,valid_until\n${RISKY.nik},CONFIRMED,${until}\n`);
    if (!imported.ok) throw new Error('risk csv refused');
    // real time: device signatures must be within minutes of the server's clock
    t = await openTestKiosk({
      engine: 'none',
      policyOverrides: { requireFace: false, requireLiveness: false },
      agentOptions: { requestTimeoutMs: 3000, idlePollMs: 3_600_000, riskIntervalMs: 0 },
    }, new MovableClock(new Date().toISOString()));
  }, 60_000);

  afterAll(async () => {
    await t?.cleanup();
    await proxy?.close();
    await city?.destroy();
  });

  it('holds the offline period, the dead letter and the refused risk list, and no NIK, name, hash or PIN', async () => {
    const { store, agent } = t.kiosk;
    await ok(t.service.api.provision({ serverUrl: proxy.url, code: await city.newEnrolmentCode(), adminPin: PIN, cameraId: null }));
    expect((await agent.syncNow()).ok).toBe(true);
    const firstVersion = store.riskListMeta()?.version;
    expect(firstVersion).toBeGreaterThan(0);

    // visitors: one known by name on this kiosk, one on the risk list (denied, a priority alert)
    store.upsertRegistrations([PERSON, RISKY].map((p, i) => ({ nikHash: store.hashNik(p.nik), registrationId: `reg-${i}`, displayName: p.name, templates: [] })));
    const admitted = await ok(t.service.api.submitScan({ text: PERSON.nik, source: 'keypad' }));
    const denied = await ok(t.service.api.submitScan({ text: RISKY.nik, source: 'keypad' }));
    expect([admitted, denied]).toMatchObject([{ next: 'result', result: { outcome: 'ADMIT' } }, { next: 'result', result: { outcome: 'DENY' } }]);

    // the link drops (nothing listens there) and comes back: one offline period
    store.updateDeviceSettings({ serverUrl: 'http://127.0.0.1:9' });
    expect((await agent.syncNow()).ok).toBe(false);
    expect((await agent.syncNow()).ok).toBe(false);
    store.updateDeviceSettings({ serverUrl: proxy.url });
    // a visit the server refuses for good (a gate it does not know): set aside as a dead letter
    const poison = store.recordVisit({ direction: 'entry', outcome: 'ADMIT', reason: 'CLEARED', nikHash: store.hashNik(PERSON.nik), identity: 'NIK', gateId: 'no-such-gate' });
    expect((await agent.syncNow()).visits?.deadLettered).toBe(1);

    // Dinkes publishes a new list; on the way a chunk is altered: the kiosk refuses it and keeps the old one
    const until = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    const republished = await city.admin.importRiskCsv(`nik,status,valid_until\n${RISKY.nik},CONFIRMED,${until}\n3271012003900003,SUSPECT,${until}\n`);
    if (!republished.ok) throw new Error('risk csv refused');
    proxy.rules.chunk = (bytes) => Buffer.concat([bytes, Buffer.from('+\tff\tSUSPECT\t2030-01-01\n')]);
    await agent.syncNow();
    expect(proxy.tampered).toBeGreaterThan(0);
    expect(store.riskListMeta()?.version).toBe(firstVersion);

    // staff: a wrong PIN, then the right one, and the export
    expect(await t.service.api.staffUnlock({ pin: WRONG_PIN })).toMatchObject({ ok: false });
    const { token } = await ok(t.service.api.staffUnlock({ pin: PIN }));
    const { text } = await ok(t.service.api.exportLogs({ token }));

    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as { event?: string; kind?: string; [k: string]: unknown });
    const events = lines.filter((l) => l.kind !== 'diagnostics');
    expect(events.filter((e) => !(LOG_EVENTS as readonly unknown[]).includes(e.event)).map((e) => e.event)).toEqual([]);
    const one = (name: string) => events.filter((e) => e.event === name);

    const offline = one('sync.offline');
    const online = one('sync.online');
    expect(offline).toHaveLength(1);
    expect(offline[0]).toMatchObject({ level: 'warn', code: expect.any(String) });
    expect(online.at(-1)).toMatchObject({ level: 'info', offlineSince: expect.any(String), offlineSeconds: expect.any(Number) });
    // the period starts when the offline line was written (stamped on arrival from the agent's thread)
    expect(Math.abs(Date.parse(online.at(-1)!['offlineSince'] as string) - Date.parse(offline[0]!.at as string))).toBeLessThan(2000);

    expect(one('sync.dead_letter')).toEqual([expect.objectContaining({ level: 'warn', kind: 'visit', id: poison.id, reason: expect.any(String) })]);
    expect(one('sync.risk_rejected')).toEqual([expect.objectContaining({ level: 'warn', code: expect.any(String) })]);
    expect(one('sync.risk_applied')[0]).toMatchObject({ version: firstVersion });
    // both store connections log through the same logger: the gate's (housekeeping) and the agent's
    expect(one('store.purge').length).toBeGreaterThan(0);
    expect(one('store.risk_applied')[0]).toMatchObject({ mode: 'snapshot', version: firstVersion });
    expect(one('store.alert').map((e) => e['code'])).toEqual(expect.arrayContaining(['DEAD_LETTER', 'RISK_LIST_REJECTED']));
    expect(one('staff.unlock_refused')).toHaveLength(1);

    for (const secret of [PERSON.nik, RISKY.nik, PERSON.name, RISKY.name, 'Budi', 'Siti', store.hashNik(PERSON.nik), store.hashNik(RISKY.nik), PIN, WRONG_PIN]) {
      expect(text, `the export holds ${secret}`).not.toContain(secret);
    }
  }, 60_000);
});
