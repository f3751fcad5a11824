import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateEd25519KeyPair } from '/work/wt/publish/sync/protocol/crypto';
import { publishRiskList } from '/work/wt/publish/sync/server/risk/publisher';
import { openCityStore } from '/work/wt/publish/sync/server/server';
const N = 1_000_000;
const S = ['CONFIRMED', 'SUSPECT', 'CLOSE_CONTACT'] as const;
const e = (i: number) => ({ nikHash: randomBytes(32).toString('hex'), status: S[i % 3]!, validUntil: '2026-12-31' });
async function main() {
  const pg = process.argv[2] === 'pg';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pp-'));
  const store = await openCityStore(pg ? { dataDir: dir, pgUrl: process.env.JEJAK_PG_URL!, pgSchema: 'pp_' + randomBytes(3).toString('hex') } : { dataDir: dir });
  const key = { keyId: 'b', privateKey: generateEd25519KeyPair().privateKey };
  let now = Date.now();
  let list = Array.from({ length: N }, (_, i) => e(i));
  const pub = async (l: typeof list, label: string) => {
    let t = performance.now(); const t0 = t;
    const steps: string[] = [];
    await publishRiskList(store, l, { listId: 'b', now: (now += 1000), key, chunkEntries: 50_000, manifestTtlMs: 86_400_000, keepDeltaVersions: 10,
      onProgress: (s) => { const n = performance.now(); steps.push(`${(n - t).toFixed(0)}ms→[${s.slice(0, 40)}]`); t = n; } });
    const n = performance.now(); steps.push(`${(n - t).toFixed(0)}ms→end`);
    console.log(label, ((n - t0) / 1000).toFixed(2), 's', steps.join(' '));
  };
  await pub(list, 'first');
  await pub(list.slice().reverse(), 'unchanged');
  for (let r = 0; r < 2; r++) {
    list = list.slice(); for (let k = 0; k < 3333; k++) list.push(e(k));
    for (let k = 0; k < 3333; k++) list.splice(Math.floor(Math.random() * list.length), 1);
    for (let k = 0; k < 3334; k++) { const i = Math.floor(Math.random() * list.length); list[i] = { ...list[i]!, status: list[i]!.status === 'CONFIRMED' ? 'SUSPECT' : 'CONFIRMED' }; }
    await pub(list, 'change10k');
  }
  await store.close();
}
void main();
