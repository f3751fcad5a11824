// Risk list pull: "since version N" → deltas (or a snapshot), each checked end to end before anything
// goes live: the signed head and every manifest against the PINNED city keys, validity window, version
// chain (no rollback, no gap), every chunk's length and sha256, line format and order, and the final
// entry count and set digest. Only then is the result swapped in — in one store transaction. Any
// failure leaves the old list live and raises an alert for staff.
//
// The set digest is an LtHash (order-independent, updatable): the store keeps the live list's state,
// so a delta's resulting digest is computed from that state and the delta alone (O(delta)): minus the
// old lines of the entries it removes or replaces (one indexed lookup each), plus its new lines.
import type { RiskManifest } from '../protocol/api/risk';
import { wibIsoDate } from '../protocol/wib-time';
import {
  LtHash16,
  RISK_DIGEST_ALG,
  checkVersionChain,
  entryLine,
  setHashAfterDelta,
  verifyChunk,
  verifySignedHead,
  verifySignedManifest,
  type PinnedKey,
  type RiskChange,
  type RiskEntry as FeedEntry,
  type RiskVerifyCode,
} from '../protocol/risk-feed';
import type { HttpClient, HttpFailure } from './http-client';
import type { GateGiveWayPort, RiskEntry, RiskListMeta, RiskListMetaInput, SyncStorePort } from './ports';
import { createHash } from 'node:crypto';

/**
 * What the kiosk store offers beyond the port for the set hash (the real store has both): the meta
 * carries the list's set hash state (schema 4), and the gate's lookup reads one live entry.
 */
type SetHashFields = { digestAlg?: string | null; setHash?: Uint8Array | null };
type SetHashMeta = RiskListMeta & SetHashFields;
type RiskStore = Omit<SyncStorePort, 'riskListMeta' | 'applyRiskSnapshot' | 'applyRiskDelta'> & {
  riskListMeta(): SetHashMeta | null;
  applyRiskSnapshot(meta: RiskListMetaInput & SetHashFields, entries: Iterable<RiskEntry>): unknown;
  applyRiskDelta(meta: RiskListMetaInput & SetHashFields, adds: Iterable<RiskEntry>, removes: Iterable<string>): unknown;
  lookupRisk?(nikHash: string): { status: string; validUntil: string | null } | null;
};

const DAY_MS = 86_400_000;

/** Feed dates are inclusive civil dates in WIB; the store keeps the last instant they apply. */
export function validUntilToIso(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00+07:00`) + DAY_MS - 1).toISOString();
}

export function validUntilFromIso(iso: string | null): string {
  if (iso === null) return '9999-12-31';
  return wibIsoDate(Date.parse(iso));
}

/**
 * A list has few distinct dates and a million entries: convert each date once. The verified change
 * object itself becomes the store entry (its date rewritten in place) — a million fewer allocations;
 * it is used for nothing else once the digest has been checked.
 */
function storeEntryMapper(): (c: Extract<RiskChange, { op: '+' }>) => RiskEntry {
  const iso = new Map<string, string>();
  return (c) => {
    let v = iso.get(c.validUntil);
    if (v === undefined) {
      v = validUntilToIso(c.validUntil);
      iso.set(c.validUntil, v);
    }
    const e = c as unknown as RiskEntry;
    e.validUntil = v;
    return e;
  };
}

export type RiskRejectCode = RiskVerifyCode | 'answer_malformed' | 'store_refused';

export type RiskPullResult =
  | { kind: 'current'; version: number }
  | { kind: 'applied'; mode: 'snapshot' | 'delta'; fromVersion: number; version: number; entries: number; changes: number }
  /** verification failed: nothing changed, an alert was raised */
  | { kind: 'rejected'; code: RiskRejectCode; detail: string }
  /** no usable answer (network/HTTP): nothing changed, try again later */
  | { kind: 'failure'; result: HttpFailure };

export interface RiskPullContext {
  store: SyncStorePort;
  client: HttpClient;
  /** best estimate of the server's time, ms (device clock + measured offset) */
  serverNow: () => number;
  chunkTimeoutMs?: number;
  /** live entries per page when walking the set for a delta's digest (store.riskEntriesPage) */
  digestPageSize?: number;
  /** a visitor at the gate goes first: called between chunks and before verifying/applying (ports.ts) */
  gate?: GateGiveWayPort;
}

class Reject extends Error {
  constructor(readonly code: RiskRejectCode, readonly detail: string) {
    super(`${code}: ${detail}`);
  }
}

class Failure extends Error {
  constructor(readonly result: HttpFailure) {
    super('risk pull: no answer');
  }
}

/** The city keys pinned at enrolment (risk list and registrations feed are checked against them). */
export function pinnedKeys(store: SyncStorePort): PinnedKey[] {
  const cfg = store.getDeviceConfig();
  if (!cfg) return [];
  return Object.entries(cfg.cityPublicKeys).map(([keyId, publicKey]) => ({ keyId, publicKey }));
}

/**
 * Downloads and verifies every chunk of a manifest; returns the parsed lines, chunk by chunk (parsed
 * once). The next chunk is already on its way while one is being checked: the server's work and ours
 * overlap.
 */
async function downloadChunks(ctx: RiskPullContext, m: RiskManifest): Promise<RiskChange[][]> {
  const out: RiskChange[][] = [];
  const fetchChunk = (i: number) => {
    const ref = m.chunks[i]!;
    return ctx.client.call('riskChunk', { params: { sha256: ref.sha256 }, timeoutMs: ctx.chunkTimeoutMs ?? 60_000 });
  };
  let next = m.chunks.length > 0 ? fetchChunk(0) : null;
  for (let i = 0; i < m.chunks.length; i++) {
    const res = await next!;
    ctx.gate?.giveWay();
    next = i + 1 < m.chunks.length ? fetchChunk(i + 1) : null;
    if (!res.ok) {
      await next?.catch(() => undefined);
      throw new Failure(res);
    }
    // Check here (not only when applying): a truncated or corrupted body must stop everything.
    const v = verifyChunk(m.chunks[i]!, res.raw ?? Buffer.alloc(0), m.type);
    if (!v.ok) {
      await next?.catch(() => undefined);
      throw new Reject(v.code, v.detail);
    }
    out.push(v.value);
  }
  return out;
}

function* changesOf(chunks: RiskChange[][]): Generator<RiskChange> {
  for (const c of chunks) yield* c;
}

/** Hands chunks over one by one and lets go of each once consumed (a 1M-entry list is ~20 of them). */
function* drainChunks(chunks: RiskChange[][]): Generator<RiskChange> {
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i]!;
    chunks[i] = [];
    yield* c;
  }
}

/**
 * Snapshot: every line is an entry, in ascending order across chunks, as many as the manifest says.
 * Its set hash state comes with the signed manifest (its sha256 checked against setDigest there) and
 * the lines are signed through the chunk hashes, so the state is not recomputed from a million lines
 * here; a delta whose digest does not follow from it makes the kiosk recompute it from the list.
 */
function checkSnapshot(m: RiskManifest, chunks: RiskChange[][]): Buffer {
  let count = 0;
  let last = '';
  for (const c of changesOf(chunks)) {
    if (c.op !== '+') throw new Reject('chunk_malformed', 'a snapshot holds only entries');
    if (c.nikHash <= last) throw new Reject('chunk_malformed', 'entries are not in ascending order across chunks');
    last = c.nikHash;
    count++;
  }
  if (count !== m.entryCount) throw new Reject('count_mismatch', `snapshot holds ${count} entries, manifest says ${m.entryCount}`);
  if (m.setHash === undefined) throw new Reject('manifest_malformed', 'a snapshot carries its set hash state');
  return Buffer.from(m.setHash, 'base64url');
}

/** Folds a chain of deltas into one change per hash (the last one wins), in ascending hash order. */
function foldDeltas(all: { m: RiskManifest; chunks: RiskChange[][] }[]): RiskChange[] {
  if (all.length === 1) return all[0]!.chunks.flat(); // one delta: already in ascending order
  const byHash = new Map<string, RiskChange>();
  for (const { chunks } of all) for (const c of changesOf(chunks)) byHash.set(c.nikHash, c);
  return [...byHash.values()].sort((a, b) => (a.nikHash < b.nikHash ? -1 : a.nikHash > b.nikHash ? 1 : 0));
}

type LiveEntry = { nikHash: string; status: string; validUntil: string | null };

/** store entries → feed entries (dates converted once per distinct value) */
function feedEntryMapper(): (nikHash: string, status: string, validUntil: string | null) => FeedEntry {
  const dates = new Map<string | null, string>();
  return (nikHash, status, iso) => {
    let v = dates.get(iso);
    if (v === undefined) {
      v = validUntilFromIso(iso);
      dates.set(iso, v);
    }
    return { nikHash, status: status as FeedEntry['status'], validUntil: v };
  };
}

interface LiveState {
  hash: LtHash16;
  count: number;
  oldEntry: (nikHash: string) => FeedEntry | null;
}

/** The stored set hash state, if it is there, of our algorithm and matches the list's digest. */
function storedState(store: RiskStore, meta: SetHashMeta): LiveState | null {
  const lookup = store.lookupRisk?.bind(store);
  const bytes = meta.setHash;
  if (!lookup || !bytes || meta.digestAlg !== RISK_DIGEST_ALG || bytes.length !== 2048) return null;
  if (createHash('sha256').update(bytes).digest('hex') !== meta.digest) return null;
  const toFeed = feedEntryMapper();
  return {
    hash: LtHash16.fromBytes(bytes),
    count: meta.count,
    oldEntry: (h) => {
      const hit = lookup(h);
      return hit ? toFeed(h, hit.status, hit.validUntil) : null;
    },
  };
}

/**
 * No usable stored state (a list applied before schema 4, or a store without lookups): the state is
 * computed once from every live entry, keeping the old entries the changes touch. With keyset pages the
 * walk yields to the event loop between pages (the gate shares this thread). Without them it runs in one
 * synchronous stretch: an open better-sqlite3 iterator keeps the connection busy.
 */
async function walkedState(store: RiskStore, changes: readonly RiskChange[], pageSize = 20_000): Promise<LiveState> {
  const touched = new Set(changes.map((c) => c.nikHash));
  const old = new Map<string, FeedEntry>();
  const hash = new LtHash16();
  const toFeed = feedEntryMapper();
  let count = 0;
  const push = (e: LiveEntry) => {
    const f = toFeed(e.nikHash, e.status, e.validUntil);
    hash.add(entryLine(f));
    count++;
    if (touched.has(e.nikHash)) old.set(e.nikHash, f);
  };
  if (!store.riskEntriesPage) {
    for (const e of store.iterateRiskEntries()) push(e);
  } else {
    let after: string | null = null;
    for (;;) {
      const page: LiveEntry[] = store.riskEntriesPage(after, pageSize);
      for (const e of page) push(e);
      if (page.length < pageSize) break;
      after = page[page.length - 1]!.nikHash;
      await new Promise((r) => setImmediate(r));
    }
  }
  return { hash, count, oldEntry: (h) => old.get(h) ?? null };
}

export async function pullRiskList(ctx: RiskPullContext): Promise<RiskPullResult> {
  const store = ctx.store as RiskStore;
  const meta = store.riskListMeta();
  const since = meta?.version ?? 0;
  try {
    const res = await ctx.client.call('riskUpdates', { query: { since } });
    if (!res.ok && res.kind === 'answer') throw new Reject('answer_malformed', res.detail);
    if (!res.ok) throw new Failure(res);
    const keys = pinnedKeys(store);
    const opts = { pinnedKeys: keys, now: ctx.serverNow() };
    const head = verifySignedHead(res.data.head, opts);
    if (!head.ok) throw new Reject(head.code, `head: ${head.detail}`);
    if (head.value.version < since && (!meta || head.value.listId === meta.listId)) {
      throw new Reject('rollback', `server head is version ${head.value.version}, this kiosk has ${since}`);
    }
    if (res.data.mode === 'current' || res.data.manifests.length === 0) {
      // a list applied before schema 4 holds the older sha256 digest: it is checked again at the next version
      const comparable = meta && (meta.digestAlg ?? null) === head.value.digestAlg;
      if (meta && comparable && head.value.version === since && head.value.setDigest !== meta.digest) {
        throw new Reject('digest_mismatch', `head says version ${since} has another digest than the live list`);
      }
      return { kind: 'current', version: since };
    }
    const manifests: RiskManifest[] = [];
    for (const sm of res.data.manifests) {
      const v = verifySignedManifest(sm, { ...opts, listId: head.value.listId });
      if (!v.ok) throw new Reject(v.code, `manifest: ${v.detail}`);
      manifests.push(v.value);
    }
    const isSnapshot = manifests[0]!.type === 'snapshot';
    // A snapshot replaces whatever we have, but must still be newer than what is live (no rollback);
    // after a list-id change the chain starts again from 0.
    const chainFrom = meta && meta.listId === head.value.listId ? since : 0;
    const chain = checkVersionChain(chainFrom, manifests);
    if (!chain.ok) throw new Reject(chain.code, chain.detail);
    const last = manifests[manifests.length - 1]!;
    if (last.version > head.value.version) throw new Reject('chain_broken', `manifest version ${last.version} is beyond the signed head ${head.value.version}`);

    const downloaded: { m: RiskManifest; chunks: RiskChange[][] }[] = [];
    for (const m of manifests) downloaded.push({ m, chunks: await downloadChunks(ctx, m) });

    const metaInput = {
      listId: last.listId,
      version: last.version,
      previousVersion: isSnapshot ? null : chainFrom,
      issuedAt: last.issuedAt,
      expiresAt: last.expiresAt,
      count: last.entryCount,
      digest: last.setDigest,
      digestAlg: RISK_DIGEST_ALG,
    };
    if (isSnapshot) {
      const { m, chunks } = downloaded[0]!;
      ctx.gate?.giveWay();
      const setHash = checkSnapshot(m, chunks);
      ctx.gate?.giveWay();
      try {
        const toStore = storeEntryMapper();
        store.applyRiskSnapshot({ ...metaInput, setHash }, (function* () {
          for (const c of drainChunks(chunks)) if (c.op === '+') yield toStore(c);
        })());
      } catch (err) {
        throw new Reject('store_refused', (err as Error).message);
      }
      return { kind: 'applied', mode: 'snapshot', fromVersion: since, version: m.version, entries: m.entryCount, changes: m.changeCount };
    }
    ctx.gate?.giveWay();
    const changes = foldDeltas(downloaded);
    // meta is non-null here: checkVersionChain refuses a delta on an empty list (chain from 0)
    const stored = meta && storedState(store, meta);
    let after = stored ? setHashAfterDelta(stored, changes, stored.oldEntry) : null;
    // No stored state, or the delta does not lead to the signed digest from it: recompute the state from
    // the live list itself (O(n), once) before deciding — a state that drifted from the list must not
    // lock the kiosk out of every later delta.
    if (!after || after.count !== last.entryCount || after.hash.digestHex() !== last.setDigest) {
      const walked = await walkedState(store, changes, ctx.digestPageSize);
      after = setHashAfterDelta(walked, changes, walked.oldEntry);
    }
    if (after.count !== last.entryCount) throw new Reject('count_mismatch', `after the deltas the list would hold ${after.count}, version ${last.version} has ${last.entryCount}`);
    if (after.hash.digestHex() !== last.setDigest) throw new Reject('digest_mismatch', `after the deltas the set digest would differ from version ${last.version}`);
    const adds: RiskEntry[] = [];
    const removes: string[] = [];
    const toStore = storeEntryMapper();
    for (const c of changes) {
      if (c.op === '+') adds.push(toStore(c));
      else removes.push(c.nikHash);
    }
    try {
      // the store re-checks the chain and the final count inside its transaction
      store.applyRiskDelta({ ...metaInput, setHash: after.hash.bytes() }, adds, removes);
    } catch (err) {
      throw new Reject('store_refused', (err as Error).message);
    }
    return { kind: 'applied', mode: 'delta', fromVersion: since, version: last.version, entries: last.entryCount, changes: changes.length };
  } catch (err) {
    if (err instanceof Failure) return { kind: 'failure', result: err.result };
    if (err instanceof Reject) {
      store.raiseAlert({
        code: 'RISK_LIST_REJECTED',
        severity: 'critical',
        message: {
          id: 'Pembaruan daftar risiko ditolak karena tidak lolos pemeriksaan; daftar lama tetap dipakai',
          en: 'A risk list update failed verification and was refused; the previous list stays in use',
        },
        detail: { code: err.code, detail: err.detail.slice(0, 300), liveVersion: since },
        dedupeKey: `RISK_LIST_REJECTED:${err.code}`,
      });
      return { kind: 'rejected', code: err.code, detail: err.detail };
    }
    throw err;
  }
}

