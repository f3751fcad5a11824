// A kiosk as a real process for the fault suite: the real kiosk store (SQLite file) and the real sync
// agent, talking to the city server through the fault proxy. The runner kill -9s it at random moments.
// As in the app, the agent runs on its own worker thread with its own connection (SyncAgentThread; its
// bundled entry is beside this bundle, sync-worker.mjs), while visits are recorded on this thread.
//
// argv[2] is a JSON KioskChildConfig. Lines on stdout are JSON events for the runner.
// Every visit id is appended to <dataDir>/recorded.log AFTER recordVisit() returned: that file is the
// list of visits the kiosk promised to keep ("whose record call returned").
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { FileKeyStore, openKioskStore } from '../../electron/store/index';

import { enrol } from '../../sync/agent/enrol';
import { fileURLToPath } from 'node:url';
import { gateConnection } from '../../electron/app/gate-connection';
import { SyncAgentThread } from '../../electron/app/sync-thread';
import { SHARED_BYTES, sharedViews } from '../../electron/app/sync-thread-protocol';
import { createEventLog } from '../../electron/kiosk/event-log';

export interface KioskChildConfig {
  dataDir: string;
  /** URL the agent talks to (the proxy) */
  serverUrl: string;
  /** enrol with this code if the store is not enrolled yet (direct URL, before faults) */
  enrolCode?: string;
  enrolUrl?: string;
  /** total visits this kiosk should have recorded (across restarts) */
  targetVisits: number;
  /** pause between visits, ms */
  visitEveryMs: number;
  /** device clock = real clock + this */
  clockSkewMs?: number;
  /** every n-th visit is a DENY of a CONFIRMED person (a priority alert) */
  alertEvery?: number;
  /** visit numbers (1-based, across restarts) recorded with an unknown gate: the server rejects them */
  poisonAt?: number[];
  /** after recording, keep syncing until the outbox is empty, then exit 0 */
  drainAndExit?: boolean;
  /** don't record, just sync until drained (healing run) */
  syncOnly?: boolean;
  /** don't record, sync until killed (a second process on the same kiosk database) */
  syncForever?: boolean;
  agent?: { baseMs?: number; capMs?: number; timeoutMs?: number; riskIntervalMs?: number; keepAlive?: boolean; batchSize?: number };
}

const cfg = JSON.parse(process.argv[2] ?? '{}') as KioskChildConfig;
const emit = (o: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(o)}\n`);
};
const journal = path.join(cfg.dataDir, 'recorded.log');
const skew = cfg.clockSkewMs ?? 0;
const clock = { now: () => new Date(Date.now() + skew) };

async function main(): Promise<void> {
  const shared = new SharedArrayBuffer(SHARED_BYTES);
  const keyStore = new FileKeyStore(path.join(cfg.dataDir, 'data.key'));
  const dbPath = path.join(cfg.dataDir, 'kiosk.db');
  const store = gateConnection(openKioskStore({ path: dbPath, keyStore, clock }), sharedViews(shared).gateBusy);
  if (!store.getDeviceConfig()) {
    if (!cfg.enrolCode) throw new Error('not enrolled and no code');
    await enrol(store, cfg.enrolUrl ?? cfg.serverUrl, cfg.enrolCode, { now: () => clock.now().getTime(), deviceName: path.basename(cfg.dataDir) });
    // the agent must reach the server through the proxy, not the enrolment URL
    store.updateDeviceSettings({ serverUrl: cfg.serverUrl });
    emit({ event: 'enrolled' });
  } else if (store.getDeviceConfig()!.serverUrl !== cfg.serverUrl) {
    store.updateDeviceSettings({ serverUrl: cfg.serverUrl });
  }
  const here = path.dirname(fileURLToPath(import.meta.url));
  const agent = await SyncAgentThread.open({
    dbPath,
    keyStore,
    appVersion: '0.1.0',
    clock,
    log: createEventLog({ now: clock.now, sink: (e) => (e.level === 'info' ? undefined : void process.stderr.write(`${JSON.stringify(e)}\n`)) }),
    depths: store,
    shared,
    ...(here.endsWith('faults') ? {} : { workerEntry: path.join(here, 'sync-worker.mjs') }),
    agentOptions: {
      backoff: { baseMs: cfg.agent?.baseMs ?? 50, capMs: cfg.agent?.capMs ?? 1000 },
      alertBackoffCapMs: 500,
      requestTimeoutMs: cfg.agent?.timeoutMs ?? 3000,
      idlePollMs: 200,
      riskIntervalMs: cfg.agent?.riskIntervalMs ?? 2000,
      registrationsIntervalMs: 60_000,
      heartbeatIntervalMs: 5000,
      keepAlive: cfg.agent?.keepAlive ?? true,
      ...(cfg.agent?.batchSize ? { batchSize: cfg.agent.batchSize } : {}),
    },
  });
  agent.on('risk-rejected', (r) => emit({ event: 'risk-rejected', code: r.code }));
  agent.on('risk-updated', (r) => emit({ event: 'risk-updated', version: r.version, mode: r.mode }));
  agent.start();
  emit({ event: 'ready' });
  if (cfg.syncForever) return;

  let recorded = existsSync(journal) ? readFileSync(journal, 'utf8').split('\n').filter(Boolean).length : 0;
  const poison = new Set(cfg.poisonAt ?? []);
  const cfgNow = store.getDeviceConfig()!;
  if (!cfg.syncOnly && recorded < cfg.targetVisits) {
    while (recorded < cfg.targetVisits) {
      const n = recorded + 1;
      const isAlert = cfg.alertEvery ? n % cfg.alertEvery === 0 : false;
      const r = store.recordVisit({
        direction: 'entry',
        outcome: isAlert ? 'DENY' : 'ADMIT',
        reason: isAlert ? 'RISK_CONFIRMED' : 'ADMIT',
        nikHash: randomBytes(32).toString('hex'),
        faceDistance: 0.31,
        livenessScore: 0.97,
        riskListVersion: store.riskListMeta()?.version ?? null,
        ...(poison.has(n) ? { gateId: 'no-such-gate' } : { gateId: cfgNow.gateId }),
      });
      appendFileSync(journal, `${r.id}${poison.has(n) ? ' poison' : ''}\n`);
      recorded = n;
      if (r.alertQueued) agent.notifyRecorded({ alert: true });
      if (n % 250 === 0) emit({ event: 'progress', recorded: n, depth: store.outboxDepth() });
      await new Promise((res) => setTimeout(res, cfg.visitEveryMs));
    }
  }
  if (!cfg.syncOnly) emit({ event: 'recorded', recorded });
  if (cfg.drainAndExit || cfg.syncOnly) {
    for (;;) {
      const report = await agent.syncNow();
      if (report.ok && store.outboxDepth() === 0 && store.alertOutboxDepth() === 0) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    await agent.stop();
    const integrity = store.integrityCheck();
    emit({ event: 'drained', status: agent.status(), integrity: integrity.sqlite, fk: integrity.foreignKeyViolations });
    store.close();
    process.exit(0);
  }
}

main().catch((err: unknown) => {
  emit({ event: 'error', message: (err as Error).message, code: (err as { code?: string }).code });
  process.exit(3);
});
