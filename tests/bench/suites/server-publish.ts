// Bench `server`, publication part: a 1M-entry risk list published through the real store, then
// republished unchanged and with 10,000 changes (issue 14: publication in O(change)). The floor is the
// same run's cost of what any publication must do whatever the change: sorting the entries it is handed
// and writing the snapshot bytes (chunking + sha256 per chunk), without the set hash or the store.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { generateEd25519KeyPair } from '../../../sync/protocol/crypto';
import { buildSnapshotChunks, LtHash16, sortByNikHash } from '../../../sync/protocol/risk-feed';
import type { RiskEntry } from '../../../sync/protocol/risk-feed';
import { publishRiskList } from '../../../sync/server/risk/publisher';
import { openCityStore } from '../../../sync/server/server';
import type { ServerStore } from '../../../sync/server/store/types';
import { median } from '../suite';
import type { BenchFigures } from '../suite';

const ENTRIES = Number(process.env.BENCH_PUBLISH_ENTRIES ?? 1_000_000);
const CHANGES = 10_000;
const RUNS = 3;
const STATUSES = ['CONFIRMED', 'SUSPECT', 'CLOSE_CONTACT'] as const;

function randomEntry(i: number): RiskEntry {
  return { nikHash: randomBytes(32).toString('hex'), status: STATUSES[i % 3]!, validUntil: '2026-12-31' };
}

/** 10,000 changes: a third added, a third removed, a third with a new status. */
function withChanges(list: RiskEntry[]): RiskEntry[] {
  const out = list.slice();
  const third = Math.floor(CHANGES / 3);
  for (let k = 0; k < third; k++) out.push(randomEntry(k));
  for (let k = 0; k < third; k++) out.splice(Math.floor(Math.random() * out.length), 1);
  for (let k = 0; k < CHANGES - 2 * third; k++) {
    const i = Math.floor(Math.random() * out.length);
    out[i] = { ...out[i]!, status: out[i]!.status === 'CONFIRMED' ? 'SUSPECT' : 'CONFIRMED' };
  }
  return out;
}

async function publishOn(log: (line: string) => void, label: string, store: ServerStore): Promise<BenchFigures> {
  const key = { keyId: 'bench', privateKey: generateEd25519KeyPair().privateKey };
  let now = Date.now();
  const publish = async (entries: RiskEntry[]) => {
    const t0 = performance.now();
    const s = await publishRiskList(store, entries, { listId: 'bench', now: (now += 1000), key, chunkEntries: 50_000, manifestTtlMs: 86_400_000, keepDeltaVersions: 10 });
    return { s, seconds: (performance.now() - t0) / 1000 };
  };
  let list = Array.from({ length: ENTRIES }, (_, i) => randomEntry(i));
  const first = await publish(list);
  log(`${label}: first publication of ${ENTRIES} entries (every line hashed) ${first.seconds.toFixed(2)} s`);
  // The floor is measured right before each run, so that a ratio compares two figures taken under the
  // same load (this machine is shared; its speed moves by 2x between minutes).
  const floorOnce = () => {
    const t0 = performance.now();
    buildSnapshotChunks(sortByNikHash(list.slice().reverse()), 50_000, new LtHash16());
    return (performance.now() - t0) / 1000;
  };
  const unchanged: number[] = [], unchangedRatio: number[] = [], floors: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const f = floorOnce();
    const p = await publish(list.slice().reverse()); // handed unsorted, as an import would be
    if (p.s.added + p.s.changed + p.s.removed !== 0) throw new Error('unchanged republish found changes');
    unchanged.push(p.seconds);
    unchangedRatio.push(p.seconds / f);
    floors.push(f);
  }
  const changed: number[] = [], changedRatio: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    list = withChanges(list);
    const f = floorOnce();
    const p = await publish(list);
    if (p.s.added + p.s.changed + p.s.removed < CHANGES * 0.9) throw new Error(`expected ~${CHANGES} changes, got ${p.s.added}/${p.s.changed}/${p.s.removed}`);
    changed.push(p.seconds);
    changedRatio.push(p.seconds / f);
    floors.push(f);
  }
  const floor = median(floors);
  const u = median(unchanged), c = median(changed);
  log(`${label}: republish unchanged ${unchanged.map((x) => x.toFixed(2)).join(' / ')} s; ${CHANGES} changes ${changed.map((x) => x.toFixed(2)).join(' / ')} s; floor (sort + chunk, before each run) ${floors.map((x) => x.toFixed(2)).join(' / ')} s`);
  const suffix = label === 'sqlite' ? '_sqlite' : '';
  return {
    [`publish_1m_first_s${suffix}`]: first.seconds,
    [`publish_1m_unchanged_s${suffix}`]: u,
    [`publish_10k_change_s${suffix}`]: c,
    [`publish_floor_s${suffix}`]: floor,
    [`publish_1m_unchanged_ratio${suffix}`]: median(unchangedRatio),
    [`publish_10k_change_ratio${suffix}`]: median(changedRatio),
  };
}

export async function publishBench(log: (line: string) => void, pgUrl: string | null): Promise<BenchFigures> {
  const figures: BenchFigures = {};
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jejak-bench-publish-'));
  try {
    const sqlite = await openCityStore({ dataDir: path.join(dataDir, 'sqlite') });
    try {
      Object.assign(figures, await publishOn(log, 'sqlite', sqlite));
    } finally {
      await sqlite.close();
    }
    if (pgUrl) {
      const schema = `jejak_bench_pub_${randomBytes(4).toString('hex')}`;
      const store = await openCityStore({ dataDir: path.join(dataDir, 'pg'), pgUrl, pgSchema: schema });
      try {
        Object.assign(figures, await publishOn(log, 'postgres', store));
      } finally {
        await (store as unknown as { pool: pg.Pool }).pool.query(`DROP SCHEMA ${schema} CASCADE`);
        await store.close();
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return figures;
}
