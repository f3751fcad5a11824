// Bench suite `store`: the kiosk's local store on a real file in a temp directory (not :memory:).
// - record one visit durably (visit + outbox row in one transaction, WAL + synchronous=FULL)
// - apply a 1,000,000-entry risk-list snapshot (one transaction), its DB size, and lookups
// - apply a 10,000-entry delta on top of it
// Floors in the same run (`*_floor`, `*_ratio` = measured / floor): record_visit against a bare WAL-style
// append + fsync of one page; the risk apply against the same keys inserted sorted into a bare table
// through better-sqlite3 (tests/bench/floors.ts).
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileKeyStore, openKioskStore } from '../../../electron/store/index';
import type { KioskStore, RiskEntry, RiskStatus } from '../../../electron/store/index';
import { demoDeviceConfig } from '../../helpers/store';
import { bareSortedInsertS } from '../floors';
import { percentile, withFloor } from '../suite';
import type { BenchSuite } from '../suite';

const VISITS = 3000;
const WARMUP_VISITS = 300;
const RISK_ENTRIES = 1_000_000;
const DELTA_ENTRIES = 10_000;
const LOOKUPS = 200_000;

const elapsedMs = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

function riskEntries(n: number): { entries: RiskEntry[]; hashes: string[] } {
  const statuses: RiskStatus[] = ['CONFIRMED', 'SUSPECT', 'CLOSE_CONTACT'];
  const days = Array.from({ length: 21 }, (_, i) => new Date(Date.UTC(2026, 11, 1 + i)).toISOString());
  const bytes = randomBytes(32 * n);
  const hashes = new Array<string>(n);
  const entries = new Array<RiskEntry>(n);
  for (let i = 0; i < n; i++) {
    const h = bytes.toString('hex', i * 32, i * 32 + 32);
    hashes[i] = h;
    entries[i] = { nikHash: h, status: statuses[i % 3]!, validUntil: i % 10 === 0 ? null : days[i % days.length]! };
  }
  return { entries, hashes };
}

/**
 * What one durable write costs on this disk right now: the floor under record_visit. It repeats
 * SQLite's own pattern for a WAL commit (strace: pwrite of a 24-byte frame header + a 4 KiB page at
 * the end of the -wal file, then fsync), one page instead of the ~6 a visit writes.
 */
function fsyncBaseline(dir: string): { p50: number; p99: number } {
  const file = path.join(dir, 'fsync-probe.bin');
  const fd = openSync(file, 'w');
  const header = Buffer.alloc(24, 1);
  const page = Buffer.alloc(4096, 7);
  const samples: number[] = [];
  try {
    for (let i = 0; i < 500; i++) {
      const at = i * (24 + 4096);
      const t0 = process.hrtime.bigint();
      writeSync(fd, header, 0, 24, at);
      writeSync(fd, page, 0, 4096, at + 24);
      fsyncSync(fd);
      samples.push(elapsedMs(t0));
    }
  } finally {
    closeSync(fd);
    rmSync(file);
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

function benchVisits(store: KioskStore, log: (l: string) => void): { p50: number; p99: number } {
  const people = Array.from({ length: 500 }, () => randomBytes(32).toString('hex'));
  const one = (i: number) =>
    store.recordVisit({
      direction: 'entry', outcome: i % 20 === 0 ? 'DENY' : 'ADMIT', reason: i % 20 === 0 ? 'RISK_CONFIRMED' : 'ADMIT',
      nikHash: people[i % people.length]!, registrationId: `reg-${i % people.length}`, faceDistance: 0.31, livenessScore: 0.97,
      riskListVersion: 12,
    });
  for (let i = 0; i < WARMUP_VISITS; i++) one(i);
  const samples: number[] = [];
  for (let i = 0; i < VISITS; i++) {
    const t0 = process.hrtime.bigint();
    one(i);
    samples.push(elapsedMs(t0));
  }
  log(`recorded ${VISITS} visits (+${WARMUP_VISITS} warm-up), 1 in 20 a DENY with a priority alert`);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

export default {
  async run(log) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jejak-bench-store-'));
    const dbPath = path.join(dir, 'kiosk.db');
    const clock = { now: () => new Date() };
    const open = () => openKioskStore({ path: dbPath, keyStore: new FileKeyStore(path.join(dir, 'data.key')), clock });
    log(`temp dir ${dir}`);
    try {
      let store = open();
      store.saveDeviceConfig(demoDeviceConfig());
      const diskBefore = fsyncBaseline(dir);
      const visits = benchVisits(store, log);
      const diskAfter = fsyncBaseline(dir);
      // the disk floor brackets the visits too (before and after, mean)
      const disk = { p50: (diskBefore.p50 + diskAfter.p50) / 2, p99: (diskBefore.p99 + diskAfter.p99) / 2 };
      log(`disk: a bare WAL-style append of one page + fsync takes p50 ${disk.p50.toFixed(2)} ms, p99 ${disk.p99.toFixed(2)} ms (before/after the visits; the floor for a durable commit)`);

      log(`generating ${RISK_ENTRIES.toLocaleString('en')} risk entries (not timed)`);
      const { entries, hashes } = riskEntries(RISK_ENTRIES);
      const meta = (version: number, count: number) => ({
        listId: 'bench', version, previousVersion: version - 1, issuedAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 3 * 86_400_000).toISOString(), count, digest: 'bench',
      });
      // The floor is taken right before the first apply and right after the second (their mean is used):
      // the machine's speed drifts within a run, and the floor must bracket the figures it bounds.
      const floorBefore = bareSortedInsertS(dir, entries);
      let t0 = process.hrtime.bigint();
      const cpu0 = process.cpuUsage();
      store.applyRiskSnapshot(meta(1, RISK_ENTRIES), entries);
      const applyS = elapsedMs(t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const applyCpuS = (cpu.user + cpu.system) / 1e6;
      log(`snapshot applied in ${applyS.toFixed(2)} s (${applyCpuS.toFixed(2)} s CPU of this process; the rest is I/O and other load)`);

      // a second snapshot replaces a full list (the steady-state case)
      t0 = process.hrtime.bigint();
      store.applyRiskSnapshot(meta(2, RISK_ENTRIES), entries);
      const reapplyS = elapsedMs(t0) / 1000;
      log(`replacing snapshot applied in ${reapplyS.toFixed(2)} s`);

      const floorAfter = bareSortedInsertS(dir, entries);
      const floorS = (floorBefore + floorAfter) / 2;
      log(`floor: the same ${RISK_ENTRIES.toLocaleString('en')} keys inserted sorted into a bare table through better-sqlite3: ${floorBefore.toFixed(2)} s before, ${floorAfter.toFixed(2)} s after`);

      const removes = hashes.slice(0, DELTA_ENTRIES / 2);
      const adds = riskEntries(DELTA_ENTRIES / 2).entries;
      t0 = process.hrtime.bigint();
      store.applyRiskDelta(meta(3, RISK_ENTRIES), adds, removes);
      const deltaMs = elapsedMs(t0);
      log(`delta (${adds.length} adds, ${removes.length} removes) applied in ${deltaMs.toFixed(1)} ms`);

      store.close(); // checkpoints the WAL into the file
      const dbMb = statSync(dbPath).size / 1e6;
      store = open();

      const samples: number[] = [];
      let hits = 0;
      for (let i = 0; i < LOOKUPS; i++) {
        const h = i % 2 === 0 ? hashes[(Math.random() * RISK_ENTRIES) | 0]! : randomBytes(32).toString('hex');
        const s = process.hrtime.bigint();
        if (store.lookupRisk(h)) hits++;
        samples.push(Number(process.hrtime.bigint() - s) / 1000);
      }
      log(`${LOOKUPS.toLocaleString('en')} lookups, half present (${hits} hits)`);
      store.close();
      return {
        ...withFloor('record_visit_p50_ms', visits.p50, disk.p50),
        ...withFloor('record_visit_p99_ms', visits.p99, disk.p99),
        disk_fsync_p50_ms: disk.p50,
        disk_fsync_p99_ms: disk.p99,
        ...withFloor('risk_apply_1m_s', applyS, floorS),
        risk_apply_1m_cpu_s: applyCpuS,
        ...withFloor('risk_reapply_1m_s', reapplyS, floorS),
        risk_delta_10k_apply_ms: deltaMs,
        risk_db_mb: dbMb,
        risk_lookup_p50_us: percentile(samples, 50),
        risk_lookup_p99_us: percentile(samples, 99),
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
} satisfies BenchSuite;
