// The city server's log lines carry the same enumerated event names as the kiosk's
// (sync/protocol/log-events.ts), so one filter finds an event on either side. A real server on
// 127.0.0.1: a kiosk enrols, a forged device request is refused, a priority alert arrives, an officer
// mistypes the console password (named as such, not as a refused device; no username or password); every line
// pino writes names one of LOG_EVENTS (Fastify's own start-up line is 'server.framework'), and none
// holds the visitor's NIK hash.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileKeyStore, openKioskStore, type KioskStore } from '../../electron/store/index';
import { enrol } from '../../sync/agent/enrol';
import { SyncAgent } from '../../sync/agent/sync-agent';
import { LOG_EVENTS } from '../../sync/protocol/log-events';
import { CLI_ACTOR } from '../../sync/server/console/audit';
import { startTestCityServer, type TestCityServer } from '../../sync/server/testing';

describe('city server log events', () => {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  let city: TestCityServer;
  let dir: string;
  let store: KioskStore;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'jejak-server-log-'));
    city = await startTestCityServer('sqlite', { logLevel: 'info', logDestination: destination });
    store = openKioskStore({ path: path.join(dir, 'kiosk.db'), keyStore: new FileKeyStore(path.join(dir, 'data.key')), clock: { now: () => new Date() } });
  });
  afterAll(async () => {
    store?.close();
    await city?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every line names an event of LOG_EVENTS', async () => {
    await enrol(store, city.url, await city.newEnrolmentCode());
    const nikHash = randomBytes(32).toString('hex');
    store.recordVisit({ direction: 'entry', outcome: 'DENY', reason: 'RISK_CONFIRMED', nikHash, identity: 'NIK', riskListVersion: null });
    const agent = new SyncAgent({ store, keepAlive: false });
    expect((await agent.syncNow()).alerts).toMatchObject({ accepted: 1 });
    // a device request without a signature
    expect((await fetch(`${city.url}/v1/heartbeat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
    // an officer mistyping the console password, and a console request without a session
    await city.accounts.createUser({ username: 'rina.dinkes', displayName: 'Rina Lestari', role: 'health', agencyId: 'dinkes', password: 'sandi yang benar 2026' }, CLI_ACTOR);
    const wrongPassword = 'sandi yang salah 2026';
    const login = await fetch(`${city.url}/v1/console/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'rina.dinkes', password: wrongPassword }) });
    expect(login.status).toBe(401);
    expect((await fetch(`${city.url}/v1/console/alerts`)).status).toBe(401);

    const events = lines.map((l) => l['event']);
    expect(lines.filter((l) => !(LOG_EVENTS as readonly unknown[]).includes(l['event'])).map((l) => l['msg'])).toEqual([]);
    // 'server.framework' is only for Fastify's own lines, never a line of ours that forgot its name
    expect(lines.filter((l) => l['event'] === 'server.framework').map((l) => l['msg'])).toEqual([expect.stringMatching(/^Server listening at http:\/\/127\.0\.0\.1:\d+$/)]);
    expect(events).toEqual(expect.arrayContaining(['server.listening', 'server.device_enrolled', 'server.risk_alert_received', 'server.device_refused', 'server.request']));
    expect(JSON.stringify(lines)).not.toContain(nikHash);
    // a wrong console login is named as one, never as a refused device, and holds no username or password
    const refusals = lines.filter((l) => String(l['event']).endsWith('_refused') || l['event'] === 'server.console_login_failed').map((l) => [l['event'], l['route'], l['reason']]);
    expect(refusals).toEqual([
      ['server.device_refused', '/v1/heartbeat', 'sig_missing'],
      ['server.console_login_failed', '/v1/console/login', 'login_failed'],
      ['server.console_refused', '/v1/console/alerts', 'console_unauthenticated'],
    ]);
    for (const secret of ['rina.dinkes', 'Rina Lestari', wrongPassword]) expect(JSON.stringify(lines)).not.toContain(secret);
  });
});
