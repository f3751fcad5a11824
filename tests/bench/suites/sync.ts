// Bench `sync`: the kiosk sync agent against a local city server process (SQLite backend).
//  - drain_visits_per_s: 100,000 queued visits in a real kiosk store drained by the real agent
//  - risk_full_1m_s: a 1,000,000-entry risk list downloaded, verified (signatures, chunk hashes, digest) and applied
//  - risk_delta_10k_ms: a 10,000-change delta on top of it, same checks (the set digest from the stored
//    LtHash state and the delta alone: one lookup per removed/changed entry)
//  - risk_full_1m_s_floor / _ratio: the same keys inserted sorted into a bare table through better-sqlite3
//  - gate_event_loop_p99_ms: a kiosk composed as the app composes it (agent on its own thread) pulls and
//    applies the same 1M list while its gate thread records a visit every 100 ms: that thread's event-loop
//    delay p99 (perf_hooks.monitorEventLoopDelay), the longest visit write, and the same with the agent on
//    the gate's thread (`*_main_thread_*`, how the kiosk ran before) for comparison
// Seeding 100k visits through recordVisit() (one durable fsync each) would take minutes, so the bench
// records ONE visit through the store and clones its rows with plain SQL in one transaction (this
// mirrors the store's visits/visit_outbox columns; if the store's schema changes, so must this).
import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { FileKeyStore, openKioskStore, type KioskStore } from '../../../electron/store/index';
import { SyncAgent } from '../../../sync/agent/sync-agent';
import { enrol } from '../../../sync/agent/enrol';
import { randomEntries } from '../../faults/feed-fixture';
import { ScenarioEnv } from '../../faults/env';
import { composeKiosk } from '../../../electron/app/compose';
import { bareSortedInsertS } from '../floors';
import { percentile, withFloor, type BenchFigures, type BenchSuite } from '../suite';

const VISITS = Number(process.env.JEJAK_BENCH_SYNC_VISITS ?? 100_000);
const RISK = Number(process.env.JEJAK_BENCH_SYNC_RISK ?? 1_000_000);
const DELTA = 10_000;

function openStore(dir: string): KioskStore {
  return openKioskStore({ path: path.join(dir, 'kiosk.db'), keyStore: new FileKeyStore(path.join(dir, 'data.key')), clock: { now: () => new Date() } });
}

function seedVisits(dir: string, n: number): void {
  const db = new Database(path.join(dir, 'kiosk.db'));
  db.pragma('synchronous = OFF');
  const template = db.prepare('SELECT v.id, o.payload FROM visits v JOIN visit_outbox o ON o.visit_id = v.id LIMIT 1').get() as { id: string; payload: string };
  const cols = (db.prepare('PRAGMA table_info(visits)').all() as { name: string }[]).map((c) => c.name).filter((c) => c !== 'id' && c !== 'nik_hash');
  const insVisit = db.prepare(`INSERT INTO visits (id, nik_hash, ${cols.join(', ')}) SELECT ?, ?, ${cols.join(', ')} FROM visits WHERE id = ?`);
  const insOutbox = db.prepare('INSERT INTO visit_outbox (visit_id, seq, payload, enqueued_at) VALUES (?, ?, ?, ?)');
  const seq0 = (db.prepare('SELECT coalesce(max(seq), 0) AS s FROM visit_outbox').get() as { s: number }).s;
  const base = JSON.parse(template.payload) as Record<string, unknown>;
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const id = uuidv7();
      const hash = randomBytes(32);
      insVisit.run(id, hash, template.id);
      insOutbox.run(id, seq0 + 1 + i, JSON.stringify({ ...base, id, nikHash: hash.toString('hex') }), Date.now());
    }
  })();
  db.close();
}

/** A composed kiosk (agent on its own thread, or on the gate's) takes its first snapshot while the gate records visits. */
async function gateDuringSnapshot(env: ScenarioEnv, dir: string, agentIn: 'worker' | 'main', expected: number, log: (l: string) => void): Promise<{ p99: number; max: number; writeMax: number; writeP99: number; seconds: number }> {
  const kdir = path.join(dir, `gate-${agentIn}`);
  const kiosk = await composeKiosk({
    dataDir: kdir,
    keyStore: new FileKeyStore(path.join(kdir, 'data.key')),
    appVersion: '0.0.0-bench',
    engine: 'none',
    agentIn,
    agentOptions: { requestTimeoutMs: 120_000, idlePollMs: 3_600_000 },
  });
  try {
    await enrol(kiosk.store, env.directUrl, (await env.codes(1))[0]!);
    const writes: number[] = [];
    const visit = setInterval(() => {
      const t = performance.now();
      kiosk.store.recordVisit({ direction: 'entry', outcome: 'ADMIT', reason: 'ADMIT', nikHash: randomBytes(32).toString('hex'), faceDistance: 0.3, livenessScore: 0.9, riskListVersion: null });
      writes.push(performance.now() - t);
    }, 100);
    const h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    const t0 = performance.now();
    const report = await kiosk.agent.syncNow();
    const seconds = (performance.now() - t0) / 1000;
    h.disable();
    clearInterval(visit);
    if (report.risk?.kind !== 'applied' || kiosk.store.riskListCount() !== expected) throw new Error(`gate bench: list not applied: ${JSON.stringify(report.risk)}`);
    const out = { p99: h.percentile(99) / 1e6, max: h.max / 1e6, writeMax: Math.max(0, ...writes), writeP99: percentile(writes, 99), seconds };
    log(`agent on the ${agentIn === 'worker' ? 'sync thread' : "gate's thread"}: list applied in ${seconds.toFixed(1)} s; gate event loop p99 ${out.p99.toFixed(1)} ms, max ${out.max.toFixed(0)} ms; ${writes.length} visits recorded meanwhile, longest ${out.writeMax.toFixed(1)} ms`);
    return out;
  } finally {
    await kiosk.close();
  }
}

export default {
  async run(log) {
    const env = await ScenarioEnv.create('sqlite', 'bench', null, { riskChunkEntries: 50_000 });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jejak-bench-sync-'));
    try {
      // ---------------------------------------------------------------- drain
      const drainDir = path.join(dir, 'drain');
      let store = openStore(drainDir);
      await enrol(store, env.directUrl, (await env.codes(1))[0]!);
      store.recordVisit({ direction: 'entry', outcome: 'ADMIT', reason: 'ADMIT', nikHash: randomBytes(32).toString('hex'), faceDistance: 0.3, livenessScore: 0.9, riskListVersion: null });
      store.close();
      log(`seeding ${VISITS} queued visits…`);
      seedVisits(drainDir, VISITS - 1);
      store = openStore(drainDir);
      const agent = new SyncAgent({ store, requestTimeoutMs: 60_000 });
      log(`outbox depth ${store.outboxDepth()}; draining to ${env.directUrl}`);
      const t0 = performance.now();
      const report = await agent.syncNow();
      const drainS = (performance.now() - t0) / 1000;
      if (!report.ok || store.outboxDepth() !== 0) throw new Error(`drain incomplete: ${JSON.stringify(report.failure)} depth ${store.outboxDepth()}`);
      const onServer = (await env.serverVisitIds()).length;
      log(`drained ${report.visits?.accepted} visits in ${drainS.toFixed(1)} s (server holds ${onServer})`);
      store.close();

      // ---------------------------------------------------------------- risk list
      log(`publishing a ${RISK}-entry risk list…`);
      const entries = randomEntries(RISK);
      const tp = performance.now();
      await env.publishRisk(entries);
      log(`published in ${((performance.now() - tp) / 1000).toFixed(1)} s`);
      const riskDir = path.join(dir, 'risk');
      const rstore = openStore(riskDir);
      await enrol(rstore, env.directUrl, (await env.codes(1))[0]!);
      const ragent = new SyncAgent({ store: rstore, requestTimeoutMs: 120_000 });
      const t1 = performance.now();
      const full = await ragent.syncNow();
      const fullS = (performance.now() - t1) / 1000;
      if (full.risk?.kind !== 'applied' || rstore.riskListCount() !== RISK) throw new Error(`full list not applied: ${JSON.stringify(full.risk)}`);
      log(`full list: ${full.risk.entries} entries in ${fullS.toFixed(2)} s`);

      const changed = [...entries.slice(DELTA / 2), ...randomEntries(DELTA / 2)];
      await env.publishRisk(changed);
      const t2 = performance.now();
      const delta = await ragent.syncNow();
      const deltaMs = performance.now() - t2;
      if (delta.risk?.kind !== 'applied' || delta.risk.mode !== 'delta') throw new Error(`delta not applied: ${JSON.stringify(delta.risk)}`);
      log(`delta: ${delta.risk.changes} changes in ${deltaMs.toFixed(0)} ms (set digest from the stored state of the ${RISK}-entry list and the delta)`);
      rstore.close();

      const floorS = bareSortedInsertS(dir, entries);
      log(`floor: the same ${RISK} keys inserted sorted into a bare table through better-sqlite3 in ${floorS.toFixed(2)} s`);

      // ---------------------------------------------------------------- the gate while a first list arrives
      const onThread = await gateDuringSnapshot(env, dir, 'worker', RISK, log);
      const onGate = await gateDuringSnapshot(env, dir, 'main', RISK, log);
      const scale = 1_000_000 / RISK;
      const figures: BenchFigures = {
        drain_visits_per_s: VISITS / drainS,
        ...withFloor('risk_full_1m_s', fullS * scale, floorS * scale),
        risk_delta_10k_ms: deltaMs,
        gate_event_loop_p99_ms: onThread.p99,
        gate_event_loop_max_ms: onThread.max,
        gate_record_visit_during_snapshot_max_ms: onThread.writeMax,
        gate_record_visit_during_snapshot_p99_ms: onThread.writeP99,
        risk_full_1m_on_sync_thread_s: onThread.seconds * scale,
        gate_event_loop_p99_main_thread_ms: onGate.p99,
        gate_event_loop_max_main_thread_ms: onGate.max,
        gate_record_visit_during_snapshot_max_main_thread_ms: onGate.writeMax,
      };
      return figures;
    } finally {
      await env.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
} satisfies BenchSuite;
