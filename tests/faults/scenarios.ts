// The eight fault scenarios of issue 5. Each records visits on real kiosk processes while faults
// happen, heals, and returns the tally: recorded, on server, lost, duplicated.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { signManifest } from '../../sync/protocol/risk-feed';
import type { RiskUpdatesResponse } from '../../sync/protocol/api/risk';
import { randomEntries } from './feed-fixture';
import { bundleChildren, Child, readKiosk, sleep, tally, type KioskHoldings, type Tally } from './harness';
import type { KioskChildConfig } from './kiosk-child';
import type { FleetChildConfig } from './fleet-child';
import { randomPlan } from './proxy';
import { startTamperProxy } from './tamper-proxy';
import type { Backend, ScenarioEnv } from './env';
import { twoServers } from './scenario-two-servers';

export interface ScenarioSize {
  /** visits per scenario (≥ 2,000 in the full run) */
  visits: number;
  /** kiosk kill -9 rounds in scenario 1 (≥ 20 in the full run) */
  kioskKills: number;
  /** simulated kiosks in scenario 8 (500 in the full run) */
  fleet: number;
  /** kill -9s of one of the two server processes in scenario 9 (>= 10 in the full run) */
  serverKills: number;
}

export const FULL: ScenarioSize = { visits: 2000, kioskKills: 20, fleet: 500, serverKills: 12 };
export const SHORT: ScenarioSize = { visits: 300, kioskKills: 4, fleet: 40, serverKills: 4 };

export interface ScenarioResult extends Tally {
  name: string;
  notes: string[];
}

type Log = (line: string) => void;

const rand = (a: number, b: number): number => a + Math.random() * (b - a);

export async function kiosk(env: ScenarioEnv, name: string, cfg: Partial<KioskChildConfig>): Promise<{ dir: string; spawn: (over?: Partial<KioskChildConfig>) => Promise<Child> }> {
  const scripts = await bundleChildren();
  const dir = path.join(env.dir, name);
  mkdirSync(dir, { recursive: true });
  const [code] = await env.codes(1);
  const base: KioskChildConfig = { dataDir: dir, serverUrl: env.proxy.url, enrolUrl: env.directUrl, enrolCode: code!, targetVisits: 0, visitEveryMs: 3, alertEvery: 97, ...cfg };
  // enrol before any fault starts (provisioning is not what these scenarios test)
  const enrolling = new Child(scripts['kiosk-child']!, { ...base, targetVisits: 0 });
  const e = await enrolling.waitFor((x) => x.event === 'recorded' || x.event === 'error', 60_000);
  await enrolling.kill9();
  if (e.event === 'error') throw new Error(`enrolment failed: ${String(e.message)}`);
  return { dir, spawn: async (over = {}) => new Child(scripts['kiosk-child']!, { ...base, ...over }) };
}

/** Heal: the link passes, the server runs, one sync-only kiosk process drains the outbox. */
export async function heal(env: ScenarioEnv, k: { spawn: (over?: Partial<KioskChildConfig>) => Promise<Child> }, log: Log): Promise<void> {
  env.proxy.setPlan(() => ({ kind: 'pass' }));
  if (!env.server) await env.startServer();
  const c = await k.spawn({ syncOnly: true, agent: { baseMs: 50, capMs: 500 } });
  const drained = await c.waitFor((e) => e.event === 'drained' || e.event === 'error', 180_000);
  if (drained.event === 'error') throw new Error(`healing kiosk failed: ${String(drained.message)}`);
  await c.exited;
  log(`healed: ${JSON.stringify((drained.status as { queueDepth: number }).queueDepth)} queued, integrity ${String(drained.integrity)}`);
}

export async function finish(env: ScenarioEnv, name: string, dirs: string[], notes: string[], expected: number): Promise<ScenarioResult> {
  const holdings: KioskHoldings[] = dirs.map((d) => readKiosk(d));
  const t = tally(holdings, await env.serverVisitIds(), { healed: true });
  if (t.recorded < expected) t.problems.push(`only ${t.recorded} of ${expected} visits were recorded`);
  return { name, ...t, notes };
}

// ---------------------------------------------------------------- 1. kiosk kill -9

export async function kioskKill(env: ScenarioEnv, size: ScenarioSize, log: Log): Promise<ScenarioResult> {
  const k = await kiosk(env, 'kiosk', { targetVisits: size.visits, visitEveryMs: 0 });
  let kills = 0;
  let recorded = 0;
  while (kills < size.kioskKills) {
    // Once every visit is recorded, the kiosk keeps running its agent until killed (a sync-only child that
    // drains and exits on its own would never be killed, and a fast machine would loop here forever).
    const c = await k.spawn(recorded >= size.visits ? { syncForever: true } : {});
    await c.waitFor((e) => e.event === 'ready' || e.event === 'error', 60_000).catch(() => undefined);
    // somewhere in the middle of scanning and uploading
    const lived = await Promise.race([c.exited.then(() => 'exited' as const), sleep(rand(100, 1000)).then(() => 'killed' as const)]);
    if (lived === 'killed') {
      await c.kill9();
      kills++;
    }
    recorded = readKiosk(k.dir).journal.length;
    if (kills % 5 === 0 && lived === 'killed') log(`kill -9 #${kills}: ${recorded} visits recorded so far`);
  }
  if (recorded < size.visits) {
    // the rest of the visits, recorded and uploaded by a kiosk left alone
    const c = await k.spawn({ drainAndExit: true });
    await c.waitFor((e) => e.event === 'drained', 600_000);
    await c.exited;
  }
  await heal(env, k, log);
  return finish(env, '1 kiosk kill -9', [k.dir], [`${kills} kiosk kills`], size.visits);
}

// ---------------------------------------------------------------- 2. server kill -9 (+ database restart)

export async function serverKill(env: ScenarioEnv, size: ScenarioSize, log: Log): Promise<ScenarioResult> {
  // small batches and a slower gate, so kills land in the middle of many batches
  const k = await kiosk(env, 'kiosk', { targetVisits: size.visits, visitEveryMs: 5, agent: { baseMs: 50, capMs: 800, batchSize: 40 } });
  const c = await k.spawn();
  let kills = 0;
  let cut = 0;
  let done = false;
  void c.waitFor((e) => e.event === 'recorded', 600_000).then(() => { done = true; }, () => { done = true; });
  while (!done) {
    await sleep(rand(400, 1500));
    if (done) break;
    if (env.backend === 'postgres' && kills % 2 === 1) {
      // the database goes away under the running server (connections cut mid-transaction)
      cut += await env.cutDatabaseConnections();
    }
    await env.killServer();
    kills++;
    await sleep(rand(100, 600));
    await env.startServer();
  }
  await c.kill9();
  await heal(env, k, log);
  return finish(env, '2 server kill -9', [k.dir], [`${kills} server kills`, ...(env.backend === 'postgres' ? [`${cut} database connections cut`] : [])], size.visits);
}

// ---------------------------------------------------------------- 3. proxy faults

export async function proxyFaults(env: ScenarioEnv, size: ScenarioSize, log: Log): Promise<ScenarioResult> {
  env.proxy.setPlan(randomPlan({ delay: 0.1, drop: 0.07, reset: 0.07, cutRequest: 0.08, cutResponse: 0.08, dropResponse: 0.12, blackhole: 0.03 }));
  // a fresh connection per request, so every request meets its own fault
  const k = await kiosk(env, 'kiosk', { targetVisits: size.visits, visitEveryMs: 3, agent: { baseMs: 30, capMs: 400, timeoutMs: 1500, keepAlive: false, batchSize: 25 } });
  // it records, then keeps syncing through the faults until its outbox is empty
  const c = await k.spawn({ drainAndExit: true });
  await c.waitFor((e) => e.event === 'drained', 600_000);
  await c.exited;
  const st = env.proxy.stats();
  log(`proxy: ${st.connections} connections; faults: drop ${st.drop}, reset ${st.reset}, cutRequest ${st.cutRequest}, cutResponse ${st.cutResponse}, dropResponse ${st.dropResponse}, delay ${st.delay}, blackhole ${st.blackhole}`);
  await heal(env, k, log);
  return finish(env, '3 proxy faults', [k.dir], [`${st.connections - st.pass} faulted connections (${st.dropResponse} committed-but-lost)`], size.visits);
}

// ---------------------------------------------------------------- 4. same batch replayed concurrently

export async function concurrentReplay(env: ScenarioEnv, size: ScenarioSize, log: Log): Promise<ScenarioResult> {
  // answers lost after commit make every sender replay, and three processes drain the same outbox
  env.proxy.setPlan(randomPlan({ dropResponse: 0.25 }));
  const k = await kiosk(env, 'kiosk', { targetVisits: size.visits, visitEveryMs: 3, agent: { baseMs: 20, capMs: 200, keepAlive: false, batchSize: 25 } });
  const main = await k.spawn({ drainAndExit: true });
  await main.waitFor((e) => e.event === 'ready', 60_000);
  const others = [await k.spawn({ syncForever: true }), await k.spawn({ syncForever: true })];
  await main.waitFor((e) => e.event === 'drained', 600_000);
  await main.exited;
  for (const o of others) await o.kill9();
  log(`replays: ${env.proxy.stats().dropResponse} answers dropped after commit`);
  await heal(env, k, log);
  return finish(env, '4 concurrent replay', [k.dir], ['3 processes draining one outbox'], size.visits);
}

// ---------------------------------------------------------------- 5. poison record

export async function poisonRecord(env: ScenarioEnv, size: ScenarioSize, log: Log): Promise<ScenarioResult> {
  const mid = Math.floor(size.visits / 2);
  const k = await kiosk(env, 'kiosk', { targetVisits: size.visits, visitEveryMs: 2, poisonAt: [mid, mid + 1, Math.floor(size.visits / 3)] });
  const c = await k.spawn({ drainAndExit: true });
  await c.waitFor((e) => e.event === 'drained', 600_000);
  await c.exited;
  await heal(env, k, log);
  const r = await finish(env, '5 poison record', [k.dir], [], size.visits);
  const h = readKiosk(k.dir);
  const poisonDead = [...h.poison].filter((id) => h.deadIds.has(id)).length;
  if (poisonDead !== h.poison.size) r.problems.push(`only ${poisonDead} of ${h.poison.size} poison records in dead-letter`);
  r.notes.push(`${poisonDead} poison records dead-lettered, the rest delivered`);
  return r;
}

// ---------------------------------------------------------------- 6. kiosk clock ±1 day

export async function clockSkew(env: ScenarioEnv, size: ScenarioSize, log: Log): Promise<ScenarioResult> {
  const DAY = 86_400_000;
  const dirs: string[] = [];
  const notes: string[] = [];
  const children: { c: Child; skew: number; dir: string; k: Awaited<ReturnType<typeof kiosk>> }[] = [];
  for (const skew of [DAY, -DAY]) {
    // enrolled with a right clock, then the clock jumps a day: the stored offset is suddenly wrong
    const k = await kiosk(env, skew > 0 ? 'fast' : 'slow', { targetVisits: Math.ceil(size.visits / 2), visitEveryMs: 3 });
    children.push({ c: await k.spawn({ clockSkewMs: skew, drainAndExit: true }), skew, dir: k.dir, k });
    dirs.push(k.dir);
  }
  for (const ch of children) {
    await ch.c.waitFor((e) => e.event === 'drained', 600_000);
    await ch.c.exited;
    await heal(env, ch.k, log);
    const db = new Database(path.join(ch.dir, 'kiosk.db'), { readonly: true });
    const rows = db.prepare('SELECT device_time, server_time, clock_status FROM visits').all() as { device_time: number; server_time: number | null; clock_status: string }[];
    db.close();
    const corrected = rows.filter((r) => r.server_time !== null && Math.abs(r.server_time - (r.device_time - ch.skew)) < 5000).length;
    const flagged = rows.filter((r) => r.clock_status !== 'ok').length;
    notes.push(`clock ${ch.skew > 0 ? '+' : '-'}1 day: ${flagged}/${rows.length} visits flagged, ${corrected} with server time corrected`);
  }
  return finish(env, '6 kiosk clock ±1 day', dirs, notes, size.visits);
}

// ---------------------------------------------------------------- 7. risk list failures

export async function riskFailures(env: ScenarioEnv, size: ScenarioSize, log: Log): Promise<ScenarioResult> {
  const tamper = await startTamperProxy(env.serverCfg.port);
  const notes: string[] = [];
  let entries = randomEntries(2000);
  await env.publishRisk(entries);
  const k = await kiosk(env, 'kiosk', { serverUrl: tamper.url, targetVisits: size.visits, visitEveryMs: 3, agent: { riskIntervalMs: 300 } });
  const c = await k.spawn();
  const kioskVersion = (): number => {
    const db = new Database(path.join(k.dir, 'kiosk.db'), { readonly: true });
    try {
      return (db.prepare('SELECT version FROM risk_list_meta').get() as { version: number } | undefined)?.version ?? 0;
    } finally {
      db.close();
    }
  };
  const waitVersion = async (v: number): Promise<void> => {
    await c.waitFor((e) => e.event === 'risk-updated' && e.version === v, 120_000);
  };
  await waitVersion(1);
  entries = [...entries.slice(100), ...randomEntries(150)];
  const v2 = await env.publishRisk(entries);
  await waitVersion(v2);
  const signing = env.keys.activeSigningKey();
  const cases: [string, string, () => void][] = [
    ['corrupt chunk', 'chunk_hash_mismatch', () => { tamper.rules = { chunk: (b) => { const x = Buffer.from(b); x[10] = x[10]! ^ 0xff; return x; } }; }],
    ['truncated chunk', 'chunk_hash_mismatch', () => { tamper.rules = { chunk: (b) => b.subarray(0, b.length - 37) }; }],
    ['rollback', 'rollback', () => { tamper.rules = { updates: () => tamper.seen.get(0) }; }],
    ['expired manifest', 'expired', () => {
      tamper.rules = {
        updates: (body) => {
          const b = body as RiskUpdatesResponse;
          return { ...b, manifests: b.manifests.map((m) => signManifest({ ...m.manifest, issuedAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-08T00:00:00.000Z' }, signing)) };
        },
      };
    }],
    ['bad signature', 'bad_signature', () => {
      tamper.rules = { updates: (body) => { const b = body as RiskUpdatesResponse; return { ...b, manifests: b.manifests.map((m) => ({ ...m, manifest: { ...m.manifest, entryCount: m.manifest.entryCount - 1 } })) }; } };
    }],
  ];
  entries = [...entries.slice(50), ...randomEntries(80)];
  const v3 = await env.publishRisk(entries);
  let refused = 0;
  for (const [name, code, arm] of cases) {
    const seen = c.events.length;
    arm();
    await c.waitFor((e) => c.events.indexOf(e) >= seen && e.event === 'risk-rejected' && e.code === code, 120_000);
    const live = kioskVersion();
    if (live !== v2) notes.push(`PROBLEM: after ${name} the kiosk has version ${live}, expected ${v2}`);
    else refused++;
    log(`${name}: refused (${code}), live list still version ${live}`);
  }
  tamper.rules = {};
  await waitVersion(v3);
  const db = new Database(path.join(k.dir, 'kiosk.db'), { readonly: true });
  const alerts = (db.prepare("SELECT count(*) AS n FROM local_alerts WHERE code = 'RISK_LIST_REJECTED'").get() as { n: number }).n;
  const meta = db.prepare('SELECT digest, entry_count FROM risk_list_meta').get() as { digest: string; entry_count: number };
  db.close();
  const latest = await env.store.latestRiskVersion(env.config.riskListId);
  await c.waitFor((e) => e.event === 'recorded', 600_000);
  await c.kill9();
  await tamper.close();
  // heal through the TCP proxy (pass)
  const kk = { spawn: (over: Partial<KioskChildConfig> = {}) => k.spawn({ serverUrl: env.proxy.url, ...over }) };
  await heal(env, kk, log);
  const r = await finish(env, '7 risk-list failures', [k.dir], notes, size.visits);
  r.notes.push(`${refused}/${cases.length} tampered updates refused with the old list live, ${alerts} distinct alert codes raised; then v${v3} applied (digest ${meta.digest === latest?.setDigest ? 'matches' : 'DIFFERS'}, ${meta.entry_count} entries)`);
  if (refused !== cases.length || meta.digest !== latest?.setDigest) r.problems.push('risk list check failed');
  return r;
}

// ---------------------------------------------------------------- 8. fleet reconnect

export async function fleetReconnect(env: ScenarioEnv, size: ScenarioSize, log: Log): Promise<ScenarioResult> {
  const scripts = await bundleChildren();
  const baseDir = path.join(env.dir, 'fleet');
  mkdirSync(baseDir, { recursive: true });
  const codes = await env.codes(size.fleet);
  // the outage: every connection through the proxy is reset until the fleet has recorded its visits
  env.proxy.setPlan(() => ({ kind: 'reset' }));
  const cfg: FleetChildConfig = { baseDir, serverUrl: env.proxy.url, enrolUrl: env.directUrl, codes, visitsPerKiosk: Math.ceil(size.visits / size.fleet), backoff: { baseMs: 500, capMs: 10_000 } };
  const c = new Child(scripts['fleet-child']!, cfg);
  await c.waitFor((e) => e.event === 'enrolled' || e.event === 'error', 600_000);
  await c.waitFor((e) => e.event === 'recorded', 600_000);
  // the outage lasts long enough for every kiosk's backoff window to reach its cap, as in a real one
  await sleep(size.fleet >= 100 ? 12_000 : 3000);
  const connectionsBefore = env.proxy.stats().connections;
  env.proxy.setPlan(() => ({ kind: 'pass' }));
  const t0 = Date.now();
  const perSecond: number[] = [];
  let last = env.proxy.stats().connections;
  const sampler = setInterval(() => {
    const n = env.proxy.stats().connections;
    perSecond.push(n - last);
    last = n;
  }, 1000);
  const drained = await c.waitFor((e) => e.event === 'drained' || e.event === 'error', 600_000);
  clearInterval(sampler);
  if (drained.event === 'error') throw new Error(String(drained.message));
  const ms = Date.now() - t0;
  log(`${size.fleet} kiosks drained ${Math.ceil(size.visits / size.fleet) * size.fleet} visits in ${(ms / 1000).toFixed(1)} s after the link came back; new connections/s peak ${Math.max(0, ...perSecond)}`);
  const dirs = codes.map((_, i) => path.join(baseDir, `k${String(i).padStart(3, '0')}`));
  const r = await finish(env, '8 fleet reconnect', dirs, [`${size.fleet} kiosks, drained in ${(ms / 1000).toFixed(1)} s, connection peak ${Math.max(0, ...perSecond)}/s (${connectionsBefore} refused during the outage)`], size.visits);
  if (drained.integrity !== true) r.problems.push('integrity check failed on a fleet kiosk');
  return r;
}

export const SCENARIOS = [
  { id: 1, run: kioskKill },
  { id: 2, run: serverKill },
  { id: 3, run: proxyFaults },
  { id: 4, run: concurrentReplay },
  { id: 5, run: poisonRecord },
  { id: 6, run: clockSkew },
  { id: 7, run: riskFailures },
  { id: 8, run: fleetReconnect },
  // several server processes share one database only on PostgreSQL (SQLite is one process, one writer)
  { id: 9, run: twoServers, backends: ['postgres'] },
] as const satisfies readonly { id: number; run: unknown; backends?: readonly Backend[] }[];

export function readJournal(dir: string): string[] {
  return readFileSync(path.join(dir, 'recorded.log'), 'utf8').split('\n').filter(Boolean);
}
