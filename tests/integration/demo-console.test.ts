// The demo's city console (`npm start`): one account per role with a generated password that logs in,
// kept in a 0600 file so every start prints the same ones, a first run cut short between two accounts
// recovering instead of stopping the demo, and the demo's Dinkes account seeing the alert of a
// visitor denied at the demo venue's kiosk (its real store and sync agent) while the market agency does not.
import { mkdtempSync, rmSync, statSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SUSPECT_NIK, seedDemoConsole, startDemoCity } from '../../electron/demo/demo-city';
import { FileKeyStore, openKioskStore } from '../../electron/store/index';
import { enrol } from '../../sync/agent/enrol';
import { SyncAgent } from '../../sync/agent/sync-agent';
import { CONSOLE_ROLES } from '../../sync/protocol/console/roles';
import type { CityServer } from '../../sync/server/server';
import { consoleLogin } from '../helpers/console';

describe('demo console accounts', () => {
  let dir: string;
  let city: CityServer;
  let venueId: string;
  let gateId: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'jejak-demo-console-'));
    city = await startDemoCity(path.join(dir, 'city'), { consoleScryptN: 1024 });
    const venue = await city.admin.createVenue({ name: 'Pasar Bogor (demo)', address: 'Jl. Suryakencana, Bogor', capacity: 50, region: '3271', dwellMinutes: 120 });
    venueId = venue.id;
    gateId = (await city.admin.createGate({ venueId, name: 'Pintu Masuk', direction: 'ENTRY' })).id;
  });
  afterAll(async () => {
    await city?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes one account per role whose printed password logs in, and prints the same ones on the next start', async () => {
    const accounts = await seedDemoConsole(city, dir, venueId, () => undefined);
    expect(accounts.map((a) => a.role).sort()).toEqual([...CONSOLE_ROLES].sort());
    for (const a of accounts) {
      expect(a.password.length).toBeGreaterThanOrEqual(12);
      const s = await consoleLogin(city.url, a.username, a.password);
      const me = (await (await fetch(`${city.url}/v1/console/me`, { headers: { cookie: s.cookie } })).json()) as { user: { role: string } };
      expect(me.user.role).toBe(a.role);
    }
    expect(statSync(path.join(dir, 'console-accounts.json')).mode & 0o777).toBe(0o600);
    expect(await seedDemoConsole(city, dir, venueId, () => undefined)).toEqual(accounts);
  });

  it('recovers from a first run stopped before the file was written: the accounts get new passwords that work', async () => {
    const before = await seedDemoConsole(city, dir, venueId, () => undefined);
    unlinkSync(path.join(dir, 'console-accounts.json'));
    const after = await seedDemoConsole(city, dir, venueId, () => undefined);
    expect(after.map((a) => a.username)).toEqual(before.map((a) => a.username));
    for (const a of after) await consoleLogin(city.url, a.username, a.password);
    const dinkes = before.find((a) => a.role === 'health')!;
    await expect(consoleLogin(city.url, dinkes.username, dinkes.password)).rejects.toThrow(/401/);
  });

  it("shows Dinkes the alert of the demo person denied at the demo kiosk; the market agency's account gets 403", async () => {
    const accounts = await seedDemoConsole(city, dir, venueId, () => undefined);
    const kioskDir = mkdtempSync(path.join(os.tmpdir(), 'jejak-demo-kiosk-'));
    const kiosk = openKioskStore({ path: path.join(kioskDir, 'kiosk.db'), keyStore: new FileKeyStore(path.join(kioskDir, 'data.key')), clock: { now: () => new Date() } });
    const agent = new SyncAgent({ store: kiosk, idlePollMs: 3_600_000 });
    try {
      await enrol(kiosk, city.url, (await city.admin.createEnrolmentCode(gateId)).code);
      const v = kiosk.recordVisit({ direction: 'entry', outcome: 'DENY', reason: 'RISK_SUSPECT', nikHash: kiosk.hashNik(DEMO_SUSPECT_NIK), identity: 'NIK', riskListVersion: 1 });
      expect(v.alertQueued).toBe(true);
      expect((await agent.syncNow()).ok).toBe(true);
    } finally {
      await agent.stop();
      kiosk.close();
      rmSync(kioskDir, { recursive: true, force: true });
    }
    const login = (role: string) => {
      const a = accounts.find((x) => x.role === role)!;
      return consoleLogin(city.url, a.username, a.password);
    };
    const dinkes = await login('health');
    const r = await fetch(`${city.url}/v1/console/alerts`, { headers: { cookie: dinkes.cookie } });
    expect(r.status).toBe(200);
    const { alerts } = (await r.json()) as { alerts: Array<{ venueName: string; riskStatus: string }> };
    expect(alerts).toEqual([expect.objectContaining({ venueName: 'Pasar Bogor (demo)', riskStatus: 'SUSPECT' })]);
    const ppj = await login('sector');
    expect((await fetch(`${city.url}/v1/console/alerts`, { headers: { cookie: ppj.cookie } })).status).toBe(403);
  });
});
