// Publishes a new version of the risk list: diff against the current set, chunk the snapshot and the
// delta, sign both manifests, store everything in one transaction.
import { buildChunks, buildSnapshotChunks, entryLine, LtHash16, RISK_DIGEST_ALG, RISK_MANIFEST_FORMAT, setHashAfterDelta, signManifest, sortByNikHash } from '../../protocol/risk-feed';
import type { BuiltChunk, RiskChange, RiskEntry, SigningKey } from '../../protocol/risk-feed';
import type { RiskManifest, SignedRiskManifest } from '../../protocol/api/risk';
import type { ServerStore } from '../store/types';
import { diffSnapshots } from './snapshot-diff';
import type { RiskDiff } from './snapshot-diff';

export type { RiskDiff };

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
  /** the set hash of `entries` when already known (updated from the previous version in O(change)) */
  setHash?: LtHash16;
  /** the snapshot chunks of `entries` when already built (they do not depend on the set hash) */
  snapshotChunks?: readonly BuiltChunk[];
}): BuiltVersion {
  const snap = args.snapshotChunks && args.setHash
    ? { chunks: args.snapshotChunks, count: args.entries.length, digest: args.setHash.digestHex(), hash: args.setHash }
    : buildSnapshotChunks(args.entries, args.chunkEntries, args.setHash);
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


/**
 * Publishes `entries` as the next version. Cost is O(change) beyond sorting and chunking the list it
 * is handed: the snapshot chunks are built first (they do not depend on the set hash); when they are
 * the previous version's chunks the list is unchanged and nothing is read back; otherwise the previous
 * snapshot's bytes are read and diffed against the new ones (risk/snapshot-diff.ts), and the set hash is updated from the previous state by the diff. Chunks the
 * previous snapshot already holds are not sent to the store again (it copies them).
 */
export async function publishRiskList(store: ServerStore, entries: RiskEntry[], opts: PublishOptions): Promise<PublishSummary> {
  const sorted = sortByNikHash(entries);
  for (let k = 1; k < sorted.length; k++) if (sorted[k - 1]!.nikHash === sorted[k]!.nikHash) throw new Error('duplicate nikHash in risk list');
  opts.onProgress?.('reading the current list');
  const latest = await store.latestRiskVersion(opts.listId);
  const previousVersion = latest?.version ?? 0;
  // The hash passed here is a placeholder that only skips per-line hashing; the real one is set below.
  const snapshotChunks = buildSnapshotChunks(sorted, opts.chunkEntries, new LtHash16()).chunks;
  const prev = latest?.snapshot.manifest;
  const sameChunks = prev !== undefined && prev.entryCount === sorted.length && prev.chunks.length === snapshotChunks.length
    && snapshotChunks.every((c, i) => c.ref.sha256 === prev.chunks[i]!.sha256);
  let diff: RiskDiff;
  let setHash: LtHash16 | null = null;
  if (prev && sameChunks) {
    diff = { changes: [], replaced: new Map(), added: 0, changed: 0, removed: 0, beforeCount: prev.entryCount };
  } else {
    diff = diffSnapshots(latest ? await store.currentRiskSnapshot(opts.listId) : [], snapshotChunks.map((c) => c.bytes));
  }
  if (prev) setHash = nextSetHash(prev, diff);
  // No usable previous state (first version, or a damaged one): hash every line once.
  setHash ??= LtHash16.of(sorted.map(entryLine));
  opts.onProgress?.(`building version ${previousVersion + 1}: ${sorted.length} entries, +${diff.added} ~${diff.changed} -${diff.removed}`);
  const built = buildVersion({
    listId: opts.listId, version: previousVersion + 1, previousVersion, entries: sorted, changes: latest ? diff.changes : null,
    now: opts.now, key: opts.key, chunkEntries: opts.chunkEntries, manifestTtlMs: opts.manifestTtlMs, setHash, snapshotChunks,
  });
  const kept = new Set(prev?.chunks.map((c) => c.sha256));
  const toSend = new Map([...built.chunks].filter(([sha]) => !kept.has(sha)));
  opts.onProgress?.(`storing ${toSend.size} new chunks (${built.chunks.size - toSend.size} kept from version ${previousVersion})`);
  await store.publishRiskVersion({
    listId: opts.listId, version: previousVersion + 1, previousVersion, publishedAt: opts.now, entries: sorted, changes: diff.changes,
    entryCount: built.entryCount, setDigest: built.setDigest, snapshot: built.snapshot, delta: built.delta, chunks: toSend,
    keepDeltaVersions: opts.keepDeltaVersions,
  });
  return {
    version: previousVersion + 1, previousVersion, entryCount: built.entryCount, added: diff.added, changed: diff.changed, removed: diff.removed,
    setDigest: built.setDigest, snapshotChunks: built.snapshot.manifest.chunks.length,
  };
}

/**
 * The new version's set hash from the previous snapshot's stored state plus the diff: O(change) instead
 * of hashing every line again (SHAKE-128 per line made a 1M-entry publication ~20 s). Null when the
 * previous manifest carries no state, or when its state does not match its signed digest or count (then
 * the caller hashes the whole set, as for a first version). `diff.beforeCount` is the line count of the
 * snapshot actually read, so a stored state that disagrees with the stored chunks is not trusted.
 */
export function nextSetHash(previous: RiskManifest, diff: RiskDiff): LtHash16 | null {
  const previousCount = diff.beforeCount;
  if (previous.type !== 'snapshot' || previous.setHash === undefined || previous.digestAlg !== RISK_DIGEST_ALG) return null;
  const state = Buffer.from(previous.setHash, 'base64url');
  if (state.length !== 2048 || previous.entryCount !== previousCount) return null;
  const before = LtHash16.fromBytes(state);
  if (before.digestHex() !== previous.setDigest) return null;
  return setHashAfterDelta({ hash: before, count: previousCount }, diff.changes, (h) => diff.replaced.get(h) ?? null).hash;
}
