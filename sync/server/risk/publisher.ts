// Publishes a new version of the risk list: diff against the current set, chunk the snapshot and the
// delta, sign both manifests, store everything in one transaction.
import { buildChunks, buildSnapshotChunks, RISK_DIGEST_ALG, RISK_MANIFEST_FORMAT, signManifest, sortByNikHash } from '../../protocol/risk-feed';
import type { RiskChange, RiskEntry, SigningKey } from '../../protocol/risk-feed';
import type { RiskManifest, SignedRiskManifest } from '../../protocol/api/risk';
import type { ServerStore } from '../store/types';

export interface PublishOptions {
  listId: string;
  now: number;
  key: SigningKey;
  chunkEntries: number;
  manifestTtlMs: number;
  keepDeltaVersions: number;
  onProgress?: (step: string) => void;
}

export interface PublishSummary {
  version: number;
  previousVersion: number;
  entryCount: number;
  added: number;
  changed: number;
  removed: number;
  setDigest: string;
  snapshotChunks: number;
}

/** Changes turning `before` into `after` (both sorted by nikHash), sorted by nikHash. */
export function diffSorted(before: readonly RiskEntry[], after: readonly RiskEntry[]): { changes: RiskChange[]; added: number; changed: number; removed: number } {
  const changes: RiskChange[] = [];
  let i = 0, j = 0, added = 0, changed = 0, removed = 0;
  while (i < before.length || j < after.length) {
    const a = before[i], b = after[j];
    if (b === undefined || (a !== undefined && a.nikHash < b.nikHash)) {
      changes.push({ op: '-', nikHash: a!.nikHash });
      removed++;
      i++;
    } else if (a === undefined || b.nikHash < a.nikHash) {
      changes.push({ op: '+', ...b });
      added++;
      j++;
    } else {
      if (a.status !== b.status || a.validUntil !== b.validUntil) {
        changes.push({ op: '+', ...b });
        changed++;
      }
      i++;
      j++;
    }
  }
  return { changes, added, changed, removed };
}

export interface BuiltVersion {
  snapshot: SignedRiskManifest;
  delta: SignedRiskManifest | null;
  chunks: Map<string, Buffer>;
  entryCount: number;
  setDigest: string;
}

/** Builds and signs the snapshot (and delta) of a version; pure apart from the clock value passed in. */
export function buildVersion(args: {
  listId: string; version: number; previousVersion: number; entries: readonly RiskEntry[]; changes: readonly RiskChange[] | null;
  now: number; key: SigningKey; chunkEntries: number; manifestTtlMs: number;
}): BuiltVersion {
  const snap = buildSnapshotChunks(args.entries, args.chunkEntries);
  const { count, digest } = snap;
  const chunks = new Map<string, Buffer>();
  const base = {
    format: RISK_MANIFEST_FORMAT, listId: args.listId, version: args.version, previousVersion: args.previousVersion,
    entryCount: count, digestAlg: RISK_DIGEST_ALG, setDigest: digest, issuedAt: new Date(args.now).toISOString(), expiresAt: new Date(args.now + args.manifestTtlMs).toISOString(),
  } as const;
  const snapChunks = snap.chunks;
  for (const c of snapChunks) chunks.set(c.ref.sha256, c.bytes);
  const snapshotManifest: RiskManifest = { ...base, type: 'snapshot', changeCount: count, setHash: snap.hash.bytes().toString('base64url'), chunks: snapChunks.map((c) => c.ref) };
  let delta: SignedRiskManifest | null = null;
  if (args.changes) {
    const deltaChunks = buildChunks(args.changes, args.chunkEntries);
    for (const c of deltaChunks) chunks.set(c.ref.sha256, c.bytes);
    delta = signManifest({ ...base, type: 'delta', changeCount: args.changes.length, chunks: deltaChunks.map((c) => c.ref) }, args.key);
  }
  return { snapshot: signManifest(snapshotManifest, args.key), delta, chunks, entryCount: count, setDigest: digest };
}

export async function publishRiskList(store: ServerStore, entries: RiskEntry[], opts: PublishOptions): Promise<PublishSummary> {
  const sorted = sortByNikHash(entries);
  for (let k = 1; k < sorted.length; k++) if (sorted[k - 1]!.nikHash === sorted[k]!.nikHash) throw new Error('duplicate nikHash in risk list');
  opts.onProgress?.('reading the current list');
  const latest = await store.latestRiskVersion(opts.listId);
  const previousVersion = latest?.version ?? 0;
  const current = latest ? await store.currentRiskEntries(opts.listId) : [];
  const diff = diffSorted(current, sorted);
  opts.onProgress?.(`building version ${previousVersion + 1}: ${sorted.length} entries, +${diff.added} ~${diff.changed} -${diff.removed}`);
  const built = buildVersion({
    listId: opts.listId, version: previousVersion + 1, previousVersion, entries: sorted, changes: latest ? diff.changes : null,
    now: opts.now, key: opts.key, chunkEntries: opts.chunkEntries, manifestTtlMs: opts.manifestTtlMs,
  });
  opts.onProgress?.(`storing ${built.chunks.size} chunks`);
  await store.publishRiskVersion({
    listId: opts.listId, version: previousVersion + 1, previousVersion, publishedAt: opts.now, entries: sorted, changes: diff.changes,
    entryCount: built.entryCount, setDigest: built.setDigest, snapshot: built.snapshot, delta: built.delta, chunks: built.chunks,
    keepDeltaVersions: opts.keepDeltaVersions,
  });
  return {
    version: previousVersion + 1, previousVersion, entryCount: built.entryCount, added: diff.added, changed: diff.changed, removed: diff.removed,
    setDigest: built.setDigest, snapshotChunks: built.snapshot.manifest.chunks.length,
  };
}
