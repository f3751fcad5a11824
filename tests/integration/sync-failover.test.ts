// A kiosk given more than one URL of its city server (several server processes, issue 14) moves to the
// next when the current one cannot be reached — refused, reset or silent — and comes back to the first
// after a while; an HTTP answer (even 503) is the server speaking and never moves it. Real city server,
// real kiosk store and agent, our TCP fault proxy standing in for the first URL.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionOne } from '../../electron/app/provision-cli';
import { FileKeyStore, openKioskStore, type KioskStore } from '../../electron/store/index';
import { HttpClient, PRIMARY_RETRY_MS } from '../../sync/agent/http-client';
import { SyncAgent } from '../../sync/agent/sync-agent';
import { startTestCityServer, type TestCityServer } from '../../sync/server/testing';
import { freePort } from '../faults/harness';
import { startFaultProxy, type FaultProxy } from '../faults/proxy';

let city: TestCityServer;
let dir: string;
let front: FaultProxy;
const opened: KioskStore[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'jejak-failover-'));
  city = await startTestCityServer('sqlite');
  front = await startFaultProxy({ targetPort: city.port });
});
afterAll(async () => {
  for (const s of opened) s.close();
  await front.close();
  await city.destroy();
  rmSync(dir, { recursive: true, force: true });
});

function open(name: string): KioskStore {
  const d = path.join(dir, name);
  const store = openKioskStore({ path: path.join(d, 'kiosk.db'), keyStore: new FileKeyStore(path.join(d, 'data.key')), clock: { now: () => new Date() } });
  opened.push(store);
  return store;
}

const visit = (store: KioskStore) => store.recordVisit({ direction: 'entry', outcome: 'ADMIT', reason: 'ADMIT', nikHash: randomBytes(32).toString('hex'), faceDistance: 0.3, livenessScore: 0.95, riskListVersion: null });

describe('kiosk with several server URLs', () => {
  it('provisioning keeps the fallback URLs, and refuses a bad one before spending the code', async () => {
    const bad = await provisionOne(front.url, await city.newEnrolmentCode(), path.join(dir, 'bad'), { adminPin: '482915', fallbackServers: ['ftp://jejak.example'] });
    expect(bad).toMatchObject({ ok: false, error: 'BAD_URL' });
    expect(existsSync(path.join(dir, 'bad'))).toBe(false);
    const good = await provisionOne(front.url, await city.newEnrolmentCode(), path.join(dir, 'k1'), { adminPin: '482915', fallbackServers: [`${city.url}/`] });
    expect(good.ok).toBe(true);
    const store = open('k1');
    expect(store.getDeviceConfig()).toMatchObject({ serverUrl: front.url, fallbackServerUrls: [city.url] });
  });

  it('uploads through the second URL when the first refuses connections, each visit once', async () => {
    const store = opened[0]!;
    const ids = Array.from({ length: 30 }, () => visit(store).id);
    front.setPlan(() => ({ kind: 'reset' }));
    const agent = new SyncAgent({ store, clock: { now: () => new Date() }, backoff: { baseMs: 10, capMs: 50 }, requestTimeoutMs: 2000 });
    const report = await agent.syncNow();
    expect(report.ok).toBe(true);
    expect(store.outboxDepth()).toBe(0);
    const onServer = new Set(await city.store.visitIds());
    for (const id of ids) expect(onServer.has(id)).toBe(true);
    expect(front.stats().reset).toBeGreaterThan(0);
    await agent.stop();
    front.setPlan(() => ({ kind: 'pass' }));
  });

  it('after a timeout on the first URL the next request goes straight to the second, and the first is tried again after 5 minutes', async () => {
    let now = Date.now();
    const client = new HttpClient({ baseUrl: front.url, fallbackUrls: [city.url], timeoutMs: 300, now: () => now });
    front.setPlan(() => ({ kind: 'blackhole' }));
    const before = front.stats().connections;
    expect((await client.request('GET', '/v1/health')).ok).toBe(true);
    expect(client.baseUrl).toBe(city.url);
    const afterFirst = front.stats().connections;
    expect(afterFirst).toBe(before + 1);
    expect((await client.request('GET', '/v1/health')).ok).toBe(true);
    expect(front.stats().connections).toBe(afterFirst); // not tried again yet
    front.setPlan(() => ({ kind: 'pass' }));
    now += PRIMARY_RETRY_MS;
    expect((await client.request('GET', '/v1/health')).ok).toBe(true);
    expect(client.baseUrl).toBe(front.url);
    expect(front.stats().connections).toBeGreaterThan(afterFirst);
  });

  it('a 503 from the first URL is an answer: the request is not sent to the second', async () => {
    let seen = 0;
    const busy = http.createServer((_req, res) => {
      seen++;
      res.writeHead(503, { 'retry-after': '7', 'content-type': 'application/json' }).end('{"error":{"code":"overloaded"}}');
    });
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as { port: number }).port;
    const watch = await startFaultProxy({ targetPort: city.port });
    try {
      const client = new HttpClient({ baseUrl: `http://127.0.0.1:${port}`, fallbackUrls: [watch.url], timeoutMs: 2000 });
      const r = await client.request('GET', '/v1/health');
      expect(r).toMatchObject({ ok: false, kind: 'http', status: 503, retryAfterMs: 7000 });
      expect(seen).toBe(1);
      expect(watch.stats().connections).toBe(0);
    } finally {
      await watch.close();
      await new Promise((r) => busy.close(r));
    }
  });

  it('when every URL is down the failure comes back as before (the agent backs off), nothing lost', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const client = new HttpClient({ baseUrl: dead, fallbackUrls: [`http://127.0.0.1:${await freePort()}`], timeoutMs: 500 });
    const r = await client.request('GET', '/v1/health');
    expect(r).toMatchObject({ ok: false, kind: 'network', code: 'ECONNREFUSED' });
  });
});
