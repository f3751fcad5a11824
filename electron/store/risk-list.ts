// The live risk list. Lookups run on every scan, so the table is a WITHOUT ROWID B-tree keyed by the
// 32-byte NIK hash and the statements are prepared once. A snapshot or delta goes live in ONE
// transaction: anything that throws (bad entry, duplicate, version or count mismatch) rolls it back
// and the old list stays live. When the store is opened with `betweenSlices` (the sync agent's own
// connection, beside the gate's), a snapshot is first written into risk_entries_staging in slices, each
// its own short transaction with `betweenSlices` called between them, and then goes live by swapping
// the two tables' names: the gate's visit writes never wait for a whole million-row transaction.
import type { Statement } from 'better-sqlite3';
import { badInput, hashToBlob, isoToMs, msToIso } from './codec';
import type { StoreContext } from './context';
import { nowMs } from './context';
import type { RiskEntry, RiskHit, RiskListMeta, RiskListMetaInput, RiskStatus } from './types';
import { StoreError } from './types';

/** hot query: one per scan (EXPLAIN QUERY PLAN tested) */
export const RISK_LOOKUP_SQL = 'SELECT status, valid_until FROM risk_entries WHERE nik_hash = ?';

/** the stored column's codes (never renumber); a new RiskStatus does not compile until it has one */
const STATUS_CODE: Record<RiskStatus, number> = { CONFIRMED: 1, SUSPECT: 2, CLOSE_CONTACT: 3 };
const STATUS_BY_CODE: readonly (RiskStatus | undefined)[] = (Object.entries(STATUS_CODE) as [RiskStatus, number][]).reduce<(RiskStatus | undefined)[]>((byCode, [status, code]) => {
  byCode[code] = status;
  return byCode;
}, []);

interface MetaRow {
  list_id: string;
  version: number;
  issued_at: number;
  expires_at: number;
  entry_count: number;
  digest: string;
  applied_at: number;
  digest_alg: string | null;
  set_hash: Buffer | null;
}

/** The list's set hash state, kept with the meta (schema 4); absent for a list applied before it. */
export interface RiskSetHashFields {
  /** e.g. 'lthash16-shake128'; null: a list applied before schema 4 (its digest is the older sha256) */
  digestAlg?: string | null;
  /** the 2048-byte state whose sha256 is `digest` */
  setHash?: Uint8Array | null;
}
export type RiskListMetaWithSetHash = RiskListMeta & RiskSetHashFields;
export type RiskListMetaInputWithSetHash = RiskListMetaInput & RiskSetHashFields;

const SET_HASH_BYTES = 2048;

function statusCode(status: unknown): number {
  const code = STATUS_CODE[status as RiskStatus];
  if (code === undefined) throw badInput({ id: `status risiko tidak dikenal ${String(status).slice(0, 20)}`, en: `unknown risk status ${String(status).slice(0, 20)}` });
  return code;
}

function checkMeta(meta: RiskListMetaInput): { issuedAt: number; expiresAt: number } {
  if (typeof meta.listId !== 'string' || meta.listId.length === 0) throw badInput({ id: 'id daftar risiko wajib diisi', en: 'risk list id is required' });
  if (!Number.isSafeInteger(meta.version) || meta.version < 0) throw badInput({ id: 'versi daftar risiko harus bilangan bulat tidak negatif', en: 'risk list version must be a non-negative integer' });
  if (!Number.isSafeInteger(meta.count) || meta.count < 0) throw badInput({ id: 'jumlah entri daftar risiko harus bilangan bulat tidak negatif', en: 'risk list count must be a non-negative integer' });
  if (typeof meta.digest !== 'string') throw badInput({ id: 'digest daftar risiko wajib diisi', en: 'risk list digest is required' });
  const { setHash, digestAlg } = meta as RiskListMetaInputWithSetHash;
  if (setHash !== undefined && setHash !== null && (!(setHash instanceof Uint8Array) || setHash.length !== SET_HASH_BYTES)) {
    throw badInput({ id: `set hash daftar risiko harus ${SET_HASH_BYTES} byte`, en: `risk list set hash must be ${SET_HASH_BYTES} bytes` });
  }
  if (digestAlg !== undefined && digestAlg !== null && typeof digestAlg !== 'string') throw badInput({ id: 'digestAlg daftar risiko harus teks', en: 'risk list digestAlg must be text' });
  return { issuedAt: isoToMs(meta.issuedAt, 'issuedAt'), expiresAt: isoToMs(meta.expiresAt, 'expiresAt') };
}

function rollback(version: number, live: number): StoreError {
  return new StoreError('RISK_VERSION_ROLLBACK', { id: `versi daftar risiko ${version} lebih lama dari versi aktif ${live}`, en: `risk list version ${version} is older than the live version ${live}` });
}

export class RiskListRepo {
  private readonly lookupStmt: Statement<[Buffer], [number, number | null]>;
  private readonly metaStmt: Statement<[], MetaRow>;
  private readonly insertBatch: Statement<unknown[]>;
  private readonly insertOne: Statement<[unknown, number, number | null]>;
  private readonly stageBatch: Statement<unknown[]>;
  private readonly stageOne: Statement<[unknown, number, number | null]>;

  constructor(private readonly ctx: StoreContext) {
    const row = '(unhex(?), ?, ?)';
    const insert = (table: string, rows: number) => ctx.db.prepare(`INSERT INTO ${table} (nik_hash, status, valid_until) VALUES ${Array(rows).fill(row).join(', ')}`);
    this.insertBatch = insert('risk_entries', BATCH);
    this.insertOne = insert('risk_entries', 1) as Statement<[unknown, number, number | null]>;
    this.stageBatch = insert('risk_entries_staging', BATCH);
    this.stageOne = insert('risk_entries_staging', 1) as Statement<[unknown, number, number | null]>;
    this.lookupStmt = ctx.db.prepare<[Buffer], [number, number | null]>(RISK_LOOKUP_SQL).raw(true);
    this.metaStmt = ctx.db.prepare('SELECT * FROM risk_list_meta WHERE id = 1');
  }

  lookup(nikHash: string): RiskHit | null {
    const row = this.lookupStmt.get(hashToBlob(nikHash));
    if (!row) return null;
    return { status: STATUS_BY_CODE[row[0]]!, validUntil: row[1] === null ? null : this.isoOf(row[1]) };
  }

  /** valid-until dates repeat across the list; formatting one costs more than the lookup's B-tree search */
  private readonly isoCache = new Map<number, string>();
  private isoOf(ms: number): string {
    let iso = this.isoCache.get(ms);
    if (iso === undefined) {
      if (this.isoCache.size >= 4096) this.isoCache.clear();
      iso = msToIso(ms);
      this.isoCache.set(ms, iso);
    }
    return iso;
  }

  meta(): RiskListMetaWithSetHash | null {
    const row = this.metaStmt.get();
    if (!row) return null;
    return {
      listId: row.list_id,
      version: row.version,
      issuedAt: msToIso(row.issued_at),
      expiresAt: msToIso(row.expires_at),
      count: row.entry_count,
      digest: row.digest,
      appliedAt: msToIso(row.applied_at),
      digestAlg: row.digest_alg,
      setHash: row.set_hash,
    };
  }

  /** every live entry in ascending nikHash (byte) order, e.g. to recompute the list's set digest */
  *iterate(): IterableIterator<RiskEntry> {
    const rows = this.ctx.db.prepare('SELECT nik_hash, status, valid_until FROM risk_entries ORDER BY nik_hash').raw(true).iterate() as IterableIterator<[Buffer, number, number | null]>;
    for (const [h, status, until] of rows) {
      yield { nikHash: h.toString('hex'), status: STATUS_BY_CODE[status]!, validUntil: until === null ? null : msToIso(until) };
    }
  }

  /** counts the table itself (a full scan: for checks and diagnostics, not the hot path) */
  count(): number {
    return (this.ctx.db.prepare('SELECT count(*) AS n FROM risk_entries').get() as { n: number }).n;
  }

  applySnapshot(meta: RiskListMetaInputWithSetHash, entries: Iterable<RiskEntry>): RiskListMetaWithSetHash {
    const times = checkMeta(meta);
    const current = this.meta();
    if (current && current.listId === meta.listId && meta.version < current.version) throw rollback(meta.version, current.version);
    const { db } = this.ctx;
    const untilMs = memoIsoToMs();
    // materialised before the transaction: a source that throws mid-way changes nothing
    const list = Array.isArray(entries) ? (entries as RiskEntry[]) : Array.from(entries);
    if (list.length !== meta.count) throw countMismatch(meta.count, list.length);
    const order = byteOrder(list);
    const status = new Uint8Array(list.length);
    const until = new Array<number | null>(list.length);
    list.forEach((e, i) => {
      status[i] = statusCode(e.status);
      until[i] = e.validUntil === null || e.validUntil === undefined ? null : untilMs(e.validUntil);
    });
    // Inserting in key order appends to the B-tree's right edge (about twice as fast as random
    // order); BATCH rows per statement cut the per-call overhead. unhex() runs in C; a malformed
    // hash becomes NULL or the wrong length and fails the table's constraints.
    const insertRange = (batch: Statement<unknown[]>, one: Statement<[unknown, number, number | null]>, from: number, to: number): void => {
      const args = new Array<unknown>(BATCH * 3);
      let i = from;
      for (; i + BATCH <= to; i += BATCH) {
        for (let j = 0; j < BATCH; j++) {
          const k = order[i + j]!;
          args[j * 3] = list[k]!.nikHash;
          args[j * 3 + 1] = status[k];
          args[j * 3 + 2] = until[k];
        }
        batch.run(...args);
      }
      for (; i < to; i++) {
        const k = order[i]!;
        one.run(list[k]!.nikHash, status[k]!, until[k]!);
      }
    };
    const pause = this.ctx.betweenSlices;
    try {
      if (!pause) {
        db.transaction(() => {
          // DELETE without WHERE takes SQLite's truncate path: pages go to the freelist and are reused
          db.prepare('DELETE FROM risk_entries').run();
          insertRange(this.insertBatch, this.insertOne, 0, order.length);
          this.writeMeta(meta, times);
        }).immediate();
      } else {
        // a staging table left over from an interrupted apply (a crash, a failed slice) starts empty
        db.prepare('DELETE FROM risk_entries_staging').run();
        for (let from = 0; from < order.length; from += SLICE) {
          pause();
          db.transaction(() => insertRange(this.stageBatch, this.stageOne, from, Math.min(order.length, from + SLICE))).immediate();
        }
        pause();
        db.transaction(() => {
          // re-checked under the write lock: nothing else may have gone live in between
          const live = this.meta();
          if (live && live.listId === meta.listId && meta.version < live.version) throw rollback(meta.version, live.version);
          db.exec('ALTER TABLE risk_entries RENAME TO risk_entries_old; ALTER TABLE risk_entries_staging RENAME TO risk_entries; ALTER TABLE risk_entries_old RENAME TO risk_entries_staging');
          this.writeMeta(meta, times);
        }).immediate();
        // the old list's pages go back to the freelist (reused by the next snapshot)
        pause();
        db.prepare('DELETE FROM risk_entries_staging').run();
      }
    } catch (err) {
      throw translateConstraint(err);
    }
    return this.meta()!;
  }

  applyDelta(meta: RiskListMetaInputWithSetHash, adds: Iterable<RiskEntry>, removes: Iterable<string>): RiskListMetaWithSetHash {
    const times = checkMeta(meta);
    const current = this.meta();
    if (!current || current.listId !== meta.listId) {
      throw new StoreError('RISK_VERSION_GAP', { id: 'delta memerlukan snapshot dari daftar yang sama terlebih dahulu', en: 'a delta needs the snapshot of the same list first' });
    }
    if (meta.version <= current.version) {
      throw new StoreError(
        'RISK_VERSION_ROLLBACK',
        { id: `delta daftar risiko ke versi ${meta.version} tidak lebih baru dari versi aktif ${current.version}`, en: `risk list delta to version ${meta.version} is not newer than the live version ${current.version}` },
      );
    }
    if (meta.previousVersion !== undefined && meta.previousVersion !== null && meta.previousVersion !== current.version) {
      throw new StoreError(
        'RISK_VERSION_GAP',
        { id: `delta berlaku untuk versi ${meta.previousVersion} tetapi versi aktif ${current.version}`, en: `delta applies on version ${meta.previousVersion} but the live version is ${current.version}` },
      );
    }
    const { db } = this.ctx;
    const del = db.prepare('DELETE FROM risk_entries WHERE nik_hash = ?');
    const insert = db.prepare('INSERT OR IGNORE INTO risk_entries (nik_hash, status, valid_until) VALUES (?, ?, ?)');
    const update = db.prepare('UPDATE risk_entries SET status = ?, valid_until = ? WHERE nik_hash = ?');
    db.transaction(() => {
      // the live count is exact (checked at every apply), so track it instead of rescanning 1M rows
      let count = current.count;
      for (const h of removes) count -= del.run(hashToBlob(h)).changes;
      for (const e of adds) {
        const key = hashToBlob(e.nikHash);
        const status = statusCode(e.status);
        const until = e.validUntil === null || e.validUntil === undefined ? null : isoToMs(e.validUntil, 'validUntil');
        if (insert.run(key, status, until).changes === 1) count++;
        else update.run(status, until, key);
      }
      if (count !== meta.count) throw countMismatch(meta.count, count);
      this.writeMeta(meta, times);
    }).immediate();
    return this.meta()!;
  }

  /** the set hash state is written with the list in the same transaction, or cleared (never stale) */
  private writeMeta(meta: RiskListMetaInputWithSetHash, times: { issuedAt: number; expiresAt: number }): void {
    const setHash = meta.setHash ? Buffer.from(meta.setHash.buffer, meta.setHash.byteOffset, meta.setHash.byteLength) : null;
    this.ctx.db
      .prepare(
        `INSERT INTO risk_list_meta (id, list_id, version, issued_at, expires_at, entry_count, digest, applied_at, digest_alg, set_hash)
         VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET list_id = excluded.list_id, version = excluded.version, issued_at = excluded.issued_at,
           expires_at = excluded.expires_at, entry_count = excluded.entry_count, digest = excluded.digest, applied_at = excluded.applied_at,
           digest_alg = excluded.digest_alg, set_hash = excluded.set_hash`,
      )
      .run(meta.listId, meta.version, times.issuedAt, times.expiresAt, meta.count, meta.digest, nowMs(this.ctx), meta.digestAlg ?? null, setHash);
  }
}

const BATCH = 100;
/** rows per staging transaction: ~10–20 ms here, the longest a gate write waits behind a snapshot */
const SLICE = 10_000;

const HEX_VALUE = new Uint8Array(128);
for (let c = 0; c < 10; c++) HEX_VALUE[48 + c] = c;
for (let c = 0; c < 6; c++) HEX_VALUE[65 + c] = HEX_VALUE[97 + c] = 10 + c;

const BUCKET_BITS = 20;
const BUCKETS = 1 << BUCKET_BITS;

/**
 * Indices of `list` in ascending byte order of the hashes: a counting sort on the first 20 bits (five hex
 * digits; about one entry per bucket for 1M random hashes), then an insertion sort inside each bucket.
 * For lowercase (or uniformly uppercase) hex, string order is byte order. Order only affects speed: a
 * malformed or mixed-case list still applies correctly (or fails on its constraints).
 */
function byteOrder(list: readonly RiskEntry[]): Uint32Array {
  const n = list.length;
  for (const e of list) {
    if (typeof e.nikHash !== 'string') throw badInput({ id: 'nikHash harus 64 karakter heksadesimal', en: 'nikHash must be 64 hex characters' });
  }
  // small lists: a plain comparison sort beats allocating 8 MB of buckets
  if (n < 65_536) return Uint32Array.from(list.keys()).sort((a, b) => (list[a]!.nikHash < list[b]!.nikHash ? -1 : list[a]!.nikHash > list[b]!.nikHash ? 1 : 0));
  const bucket = new Uint32Array(n);
  const starts = new Uint32Array(BUCKETS + 1);
  for (let i = 0; i < n; i++) {
    const h = list[i]!.nikHash;
    const b =
      (HEX_VALUE[h.charCodeAt(0) & 127]! << 16) | (HEX_VALUE[h.charCodeAt(1) & 127]! << 12) | (HEX_VALUE[h.charCodeAt(2) & 127]! << 8) |
      (HEX_VALUE[h.charCodeAt(3) & 127]! << 4) | HEX_VALUE[h.charCodeAt(4) & 127]!;
    bucket[i] = b;
    starts[b + 1]!++;
  }
  for (let b = 0; b < BUCKETS; b++) starts[b + 1]! += starts[b]!;
  const next = starts.slice(0, BUCKETS);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[next[bucket[i]!]!++] = i;
  for (let b = 0; b < BUCKETS; b++) {
    const lo = starts[b]!;
    const hi = starts[b + 1]!;
    for (let i = lo + 1; i < hi; i++) {
      const k = order[i]!;
      const key = list[k]!.nikHash;
      let j = i - 1;
      while (j >= lo && list[order[j]!]!.nikHash > key) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = k;
    }
  }
  return order;
}

/** Date.parse for a stream where the same validUntil repeats (lists carry few distinct dates). */
function memoIsoToMs(): (iso: string) => number {
  let lastIso = '';
  let lastMs = 0;
  return (iso) => {
    if (iso !== lastIso) {
      lastMs = isoToMs(iso, 'validUntil');
      lastIso = iso;
    }
    return lastMs;
  };
}

/** SQLite constraint failures during an apply mean bad input: say which, in both languages. */
function translateConstraint(err: unknown): unknown {
  const code = (err as { code?: unknown }).code;
  if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') {
    return badInput({ id: 'daftar risiko memuat nikHash yang sama dua kali; tidak ada yang diterapkan', en: 'the risk list holds the same nikHash twice; nothing applied' });
  }
  if (code === 'SQLITE_CONSTRAINT_CHECK' || code === 'SQLITE_CONSTRAINT_NOTNULL') {
    return badInput({ id: 'entri daftar risiko memiliki nikHash yang salah (harus 64 karakter heksadesimal); tidak ada yang diterapkan', en: 'a risk list entry has a malformed nikHash (64 hex characters expected); nothing applied' });
  }
  return err;
}

function countMismatch(expected: number, actual: number): StoreError {
  return new StoreError(
    'RISK_COUNT_MISMATCH',
    { id: `daftar risiko seharusnya berisi ${expected} entri tetapi akan berisi ${actual}; tidak ada yang diterapkan`, en: `risk list should hold ${expected} entries but would hold ${actual}; nothing applied` },
  );
}
