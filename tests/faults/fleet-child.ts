// Many kiosks in one process for scenario 8 ("500 kiosks reconnect at once after an outage"): each has
// its own real store file and its own SyncAgent with the production backoff (full jitter), all behind
// one fault proxy. The runner enrols them, cuts the link, lets each record visits offline, then heals
// the link and watches the fleet drain.
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { FileKeyStore, openKioskStore, type KioskStore } from '../../electron/store/index';
import { enrol } from '../../sync/agent/enrol';
import { SyncAgent } from '../../sync/agent/sync-agent';

export interface FleetChildConfig {
  baseDir: string;
  serverUrl: string;
  enrolUrl: string;
  codes: string[];
  visitsPerKiosk: number;
  backoff: { baseMs: number; capMs: number };
}

const cfg = JSON.parse(process.argv[2] ?? '{}') as FleetChildConfig;
const emit = (o: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(o)}\n`);
};
const clock = { now: () => new Date() };

async function main(): Promise<void> {
  const kiosks: { store: KioskStore; agent: SyncAgent; dir: string }[] = [];
  // enrol (direct, before the outage), a few at a time
  for (let i = 0; i < cfg.codes.length; i += 20) {
    await Promise.all(cfg.codes.slice(i, i + 20).map(async (code, k) => {
      const dir = path.join(cfg.baseDir, `k${String(i + k).padStart(3, '0')}`);
      const store = openKioskStore({ path: path.join(dir, 'kiosk.db'), keyStore: new FileKeyStore(path.join(dir, 'data.key')), clock });
      if (!store.getDeviceConfig()) await enrol(store, cfg.enrolUrl, code, { deviceName: `fleet-${i + k}` });
      store.updateDeviceSettings({ serverUrl: cfg.serverUrl });
      kiosks.push({ store, dir, agent: new SyncAgent({ store, clock, backoff: cfg.backoff, alertBackoffCapMs: cfg.backoff.capMs, idlePollMs: 2000, riskIntervalMs: 600_000, registrationsIntervalMs: 600_000, heartbeatIntervalMs: 600_000, requestTimeoutMs: 5000 }) });
    }));
  }
  emit({ event: 'enrolled', kiosks: kiosks.length });
  // the link (proxy) is down from the start: enrolment went directly to the server
  for (const k of kiosks) k.agent.start();
  for (let v = 0; v < cfg.visitsPerKiosk; v++) {
    for (const k of kiosks) {
      const r = k.store.recordVisit({ direction: 'entry', outcome: 'ADMIT', reason: 'ADMIT', nikHash: randomBytes(32).toString('hex'), faceDistance: 0.3, livenessScore: 0.9, riskListVersion: null });
      appendFileSync(path.join(k.dir, 'recorded.log'), `${r.id}\n`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  emit({ event: 'recorded', visits: cfg.visitsPerKiosk * kiosks.length, depth: kiosks.reduce((n, k) => n + k.store.outboxDepth(), 0) });
  // the runner heals the link now; report until every outbox is empty
  const t0 = Date.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const depth = kiosks.reduce((n, k) => n + k.store.outboxDepth(), 0);
    const online = kiosks.filter((k) => k.store.outboxDepth() === 0).length;
    emit({ event: 'progress', depth, drainedKiosks: online, ms: Date.now() - t0 });
    if (depth === 0) break;
  }
  await Promise.all(kiosks.map((k) => k.agent.stop()));
  const integrity = kiosks.every((k) => k.store.integrityCheck().ok);
  for (const k of kiosks) k.store.close();
  emit({ event: 'drained', integrity });
  process.exit(0);
}

main().catch((err: unknown) => {
  emit({ event: 'error', message: (err as Error).message, stack: (err as Error).stack });
  process.exit(3);
});
