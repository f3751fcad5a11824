// Risk-list publication in O(change), on both backends: a republish of an unchanged list and a list with
// changes publish the same set digest a full rehash would, the store copies the chunks it already has,
// and the served snapshot reads back as exactly the new list.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEd25519KeyPair, sha256Hex } from '../../sync/protocol/crypto';
import { setDigestOf, sortByNikHash } from '../../sync/protocol/risk-feed';
import type { RiskEntry } from '../../sync/protocol/risk-feed';
import { publishRiskList } from '../../sync/server/risk/publisher';
import { currentRiskEntries } from '../../sync/server/risk/current-list';
import { openCityStore } from '../../sync/server/server';
import type { ServerStore } from '../../sync/server/store/types';
import { postgresUrl } from '../helpers/postgres';

const pgUrl = postgresUrl();
const backends = pgUrl ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);
const STATUSES = ['CONFIRMED', 'SUSPECT', 'CLOSE_CONTACT'] as const;
const entry = (i: number): RiskEntry => ({ nikHash: randomBytes(32).toString('hex'), status: STATUSES[i % 3]!, validUntil: '2027-01-31' });

describe.each(backends)('risk publication on %s', (backend) => {
  let store: ServerStore;
  let dataDir: string;
  const schema = `jejak_pubtest_${randomBytes(4).toString('hex')}`;
  const key = { keyId: 'k1', privateKey: generateEd25519KeyPair().privateKey };
  let now = Date.parse('2026-12-03T00:00:00Z');
  const publish = (entries: RiskEntry[]) => publishRiskList(store, entries, { listId: 'bogor', now: (now += 60_000), key, chunkEntries: 40, manifestTtlMs: 86_400_000, keepDeltaVersions: 5 });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'jejak-pub-'));
    store = await openCityStore(backend === 'postgres' ? { dataDir, pgUrl: pgUrl!, pgSchema: schema } : { dataDir });
  });
  afterAll(async () => {
    if (backend === 'postgres') await (store as unknown as { pool: { query(q: string): Promise<unknown> } }).pool.query(`DROP SCHEMA ${schema} CASCADE`);
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** what a kiosk gets: the newest snapshot's chunks, each by its sha256 */
  async function served(): Promise<{ digest: string; entries: RiskEntry[] }> {
    const latest = (await store.latestRiskVersion('bogor'))!;
    for (const c of latest.snapshot.manifest.chunks) {
      const bytes = await store.getRiskChunk(c.sha256);
      expect(bytes && sha256Hex(bytes)).toBe(c.sha256);
    }
    return { digest: latest.setDigest, entries: await currentRiskEntries(store, 'bogor') };
  }

  it('an unchanged republish and a changed one serve exactly the new set, with the digest of a full rehash', async () => {
    let list = Array.from({ length: 300 }, (_, i) => entry(i));
    const v1 = await publish(list);
    expect(v1).toMatchObject({ version: 1, entryCount: 300, added: 300 });

    const v2 = await publish([...list].reverse());
    expect(v2).toMatchObject({ version: 2, added: 0, changed: 0, removed: 0, setDigest: v1.setDigest });
    expect(await served()).toEqual({ digest: setDigestOf(sortByNikHash(list)).digest, entries: sortByNikHash(list) });

    list = [...list.slice(10), entry(1), entry(2), entry(3)];
    list[50] = { ...list[50]!, status: list[50]!.status === 'CONFIRMED' ? 'SUSPECT' : 'CONFIRMED' };
    const v3 = await publish(list);
    expect(v3).toMatchObject({ version: 3, added: 3, changed: 1, removed: 10 });
    const full = setDigestOf(sortByNikHash(list)).digest;
    expect(v3.setDigest).toBe(full);
    expect(await served()).toEqual({ digest: full, entries: sortByNikHash(list) });
    // Older snapshots are no longer served, the delta to v3 is.
    const v = (await store.latestRiskVersion('bogor'))!;
    expect(v.delta?.manifest.changeCount).toBe(14);
  });
});
