// The whole system on 127.0.0.1 for the e2e suite: a real city server (SQLite, its own keys, a venue
// with an entry and an exit gate), real kiosks composed from the real store, face engine and sync agent,
// each behind the real browser host serving the real renderer build.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { composeKiosk, type ComposedKiosk } from '../../../electron/app/compose';
import { startBrowserHost, type BrowserHost } from '../../../electron/browser-host/server';
import type { StaffDecision } from '../../../electron/contract/kiosk-api';
import type { KioskPolicy } from '../../../electron/kiosk/deps';
import type { LogEntry } from '../../../electron/kiosk/event-log';
import { FileKeyStore } from '../../../electron/store/index';
import { startCityServer, type CityServer } from '../../../sync/server/server';
import { ensureRendererBuilt } from './renderer-build';

export interface City {
  server: CityServer;
  dataDir: string;
  port: number;
  venueId: string;
  entryGateId: string;
  exitGateId: string;
  /** stop the server (kiosks go offline); `restart` brings it back on the same port with the same data */
  stop(): Promise<void>;
  restart(): Promise<void>;
  destroy(): Promise<void>;
}

export async function startCity(opts: { capacity?: number } = {}): Promise<City> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jejak-e2e-city-'));
  const start = (port?: number) => startCityServer({ dataDir, logLevel: 'silent', config: { maintenanceIntervalMs: 0 }, ...(port ? { port } : {}) });
  let server = await start();
  const venue = await server.admin.createVenue({ name: 'Botani Square', address: 'Jl. Raya Pajajaran, Bogor', capacity: opts.capacity ?? 250, region: '3271', dwellMinutes: 120 });
  const entry = await server.admin.createGate({ venueId: venue.id, name: 'Pintu Utama' });
  const exit = await server.admin.createGate({ venueId: venue.id, name: 'Pintu Keluar', direction: 'EXIT' });
  const port = server.port;
  let running = true;
  const city: City = {
    get server() {
      return server;
    },
    dataDir,
    port,
    venueId: venue.id,
    entryGateId: entry.id,
    exitGateId: exit.id,
    async stop() {
      if (!running) return;
      running = false;
      await server.close();
    },
    async restart() {
      if (running) return;
      server = await start(port);
      running = true;
    },
    async destroy() {
      await city.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return city;
}

export interface Kiosk {
  composed: ComposedKiosk;
  host: BrowserHost;
  dataDir: string;
  /** the kiosk's event log (already scrubbed of personal data), for explaining a failure */
  events: LogEntry[];
  /** the page URL (the token arrives inside index.html, as in production) */
  url: string;
  close(): Promise<void>;
}

/** Agent timings short enough for a test to see sync happen, long enough to be realistic. */
const agentOptions = {
  lookupTimeoutMs: 1500,
  requestTimeoutMs: 3000,
  idlePollMs: 500,
  riskIntervalMs: 2000,
  registrationsIntervalMs: 1000,
  heartbeatIntervalMs: 2000,
  backoff: { baseMs: 200, capMs: 1500 },
  alertBackoffCapMs: 1000,
};

/**
 * `engineInWorker`: the worker thread loads TypeScript through tsx, which runs under `tsx` (the bench,
 * npm start) but not inside vitest's forks; the e2e tests run the engine on the host's thread instead.
 */
export async function startKiosk(opts: { policy?: Partial<KioskPolicy>; engineInWorker?: boolean; dataDir?: string; waitForEngine?: boolean } = {}): Promise<Kiosk> {
  const rendererDir = await ensureRendererBuilt();
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'jejak-e2e-kiosk-'));
  const events: LogEntry[] = [];
  const composed = await composeKiosk({
    dataDir,
    keyStore: new FileKeyStore(path.join(dataDir, 'data.key')),
    appVersion: '0.1.0-e2e',
    engine: 'load',
    engineInWorker: opts.engineInWorker ?? false,
    agentOptions,
    logSink: (e) => {
      events.push(e);
      if (events.length > 2000) events.shift();
    },
    ...(opts.policy ? { policyOverrides: opts.policy } : {}),
  });
  // the app itself (electron/main.ts) opens its window without waiting for the engine; the tests wait so
  // their first visitor meets a ready engine (the gate bench's cold start does not)
  if (opts.waitForEngine !== false) await composed.engineSettled;
  const host = await startBrowserHost({ service: composed.service, rendererDir });
  return {
    composed,
    host,
    dataDir,
    events,
    url: host.url,
    async close() {
      await host.close();
      await composed.close();
      // a data dir the caller passed in is the caller's to keep (a restart test reopens it)
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Enrols a kiosk through the API (the Setup screen's own test drives the screen instead). */
export async function provisionKiosk(kiosk: Kiosk, city: City, gate: 'entry' | 'exit', adminPin: string): Promise<void> {
  const { code } = await city.server.admin.createEnrolmentCode(gate === 'entry' ? city.entryGateId : city.exitGateId);
  const res = await kiosk.composed.service.api.provision({ serverUrl: city.server.url, code, adminPin, cameraId: null });
  if (!res.ok) throw new Error(`provision failed: ${res.error.code} ${res.error.message.en}`);
}

/** Polls `probe` until it returns a truthy value or `timeoutMs` passes. */
export async function eventually<T>(probe: () => Promise<T> | T, timeoutMs: number, what: string, everyMs = 200): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (last) return last as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The kiosk's latest decisions with their staff reasons, read through the staff API with the admin PIN. */
export async function recentDecisions(kiosk: Kiosk, pin: string): Promise<StaffDecision[]> {
  const api = kiosk.composed.service.api;
  const unlocked = await api.staffUnlock({ pin });
  if (!unlocked.ok) throw new Error(`staff unlock failed: ${unlocked.error.code}`);
  const res = await api.recentDecisions({ token: unlocked.value.token });
  await api.staffLock({ token: unlocked.value.token });
  if (!res.ok) throw new Error(`recentDecisions failed: ${res.error.code}`);
  return res.value;
}
