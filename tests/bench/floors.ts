// Floors the benches measure in the same run, on the same machine, beside the figure they bound (see
// withFloor in suite.ts): what the same work costs with nothing of ours in the way.
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { applyPragmas } from '../../electron/store/open-db';

const STATUS: Record<string, number> = { CONFIRMED: 1, SUSPECT: 2, CLOSE_CONTACT: 3 };

/**
 * Seconds to insert the same risk entries, already as 32-byte keys in ascending order, into a bare table
 * of the live list's shape (WITHOUT ROWID, same pragmas: WAL, synchronous=FULL) through better-sqlite3,
 * in one transaction, 100 rows per prepared INSERT (one row per statement is ~1.5× slower: a floor must be
 * the fastest plain way, or the store beats it). Decoding and sorting the keys happen before the clock
 * starts: the floor is the B-tree insert and the commit, which no risk list apply can avoid.
 */
export function bareSortedInsertS(dir: string, entries: readonly { nikHash: string; status: string; validUntil: string | null }[]): number {
  const file = path.join(dir, `floor-${process.pid}-${Date.now()}.db`);
  const db = new Database(file);
  try {
    applyPragmas(db);
    db.exec('CREATE TABLE t (nik_hash BLOB PRIMARY KEY, status INTEGER NOT NULL, valid_until INTEGER) STRICT, WITHOUT ROWID');
    const rows = entries
      .map((e) => ({ key: Buffer.from(e.nikHash, 'hex'), status: STATUS[e.status] ?? 1, until: e.validUntil === null ? null : Date.parse(e.validUntil) }))
      .sort((a, b) => Buffer.compare(a.key, b.key));
    const ROWS = 100;
    const many = db.prepare(`INSERT INTO t (nik_hash, status, valid_until) VALUES ${Array(ROWS).fill('(?, ?, ?)').join(', ')}`);
    const one = db.prepare<[Buffer, number, number | null]>('INSERT INTO t (nik_hash, status, valid_until) VALUES (?, ?, ?)');
    const args = new Array<unknown>(ROWS * 3);
    const t0 = process.hrtime.bigint();
    db.transaction(() => {
      let i = 0;
      for (; i + ROWS <= rows.length; i += ROWS) {
        for (let j = 0; j < ROWS; j++) {
          const r = rows[i + j]!;
          args[j * 3] = r.key;
          args[j * 3 + 1] = r.status;
          args[j * 3 + 2] = r.until;
        }
        many.run(...args);
      }
      for (; i < rows.length; i++) one.run(rows[i]!.key, rows[i]!.status, rows[i]!.until);
    })();
    return Number(process.hrtime.bigint() - t0) / 1e9;
  } finally {
    db.close();
    for (const side of ['', '-wal', '-shm']) rmSync(file + side, { force: true });
  }
}

/** PostgreSQL tables the server's visit ingest writes, in the order it writes them. */
const PG_INGEST_TABLES = ['visit_keys', 'visits'] as const;

/**
 * Rows per second to insert the very rows the server's ingest stored (read back from its tables, then
 * removed) straight with node-postgres: `batch` rows per statement per table (json_populate_recordset:
 * one parameter), one transaction per batch, `inFlight` connections at once, as the HTTP ingest ran.
 * No HTTP, no signature checks, no validation: what the database alone takes to store them.
 */
export async function bareIngestPostgresPerS(pgUrl: string, schema: string, opts: { batch: number; inFlight: number }): Promise<number> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: pgUrl, max: opts.inFlight, options: `-c search_path=${schema}` });
  try {
    const tables: Record<string, string[]> = {};
    for (const t of PG_INGEST_TABLES) {
      const r = await pool.query<{ j: string }>(`SELECT row_to_json(x)::text AS j FROM ${t} x ORDER BY id`);
      tables[t] = r.rows.map((row) => row.j);
    }
    const n = tables.visits!.length;
    await pool.query(`TRUNCATE ${PG_INGEST_TABLES.join(', ')}`);
    await pool.query(`VACUUM ANALYZE ${PG_INGEST_TABLES.join(', ')}`);
    let next = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: opts.inFlight }, async () => {
      const c = await pool.connect();
      try {
        while (next < n) {
          const from = next;
          next += opts.batch;
          await c.query('BEGIN');
          for (const t of PG_INGEST_TABLES) {
            await c.query(`INSERT INTO ${t} SELECT * FROM json_populate_recordset(null::${t}, $1::json)`, [`[${tables[t]!.slice(from, from + opts.batch).join(',')}]`]);
          }
          await c.query('COMMIT');
        }
      } finally {
        c.release();
      }
    }));
    return n / ((performance.now() - t0) / 1000);
  } finally {
    await pool.end();
  }
}

/**
 * The same for the SQLite backend: the visits the server stored, read back from its file, removed, and
 * inserted again straight through better-sqlite3, `batch` rows per transaction, with the server's
 * pragmas (WAL, synchronous=FULL).
 */
export function bareIngestSqlitePerS(file: string, opts: { batch: number }): number {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const rows = db.prepare('SELECT * FROM visits ORDER BY id').raw(true).all() as unknown[][];
    const cols = (db.prepare('SELECT * FROM visits LIMIT 1').columns()).map((c) => c.name);
    db.exec('DELETE FROM visits');
    db.exec('VACUUM');
    const insert = db.prepare(`INSERT INTO visits (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
    const write = db.transaction((from: number) => {
      for (const r of rows.slice(from, from + opts.batch)) insert.run(...r);
    });
    const t0 = performance.now();
    for (let from = 0; from < rows.length; from += opts.batch) write.immediate(from);
    return rows.length / ((performance.now() - t0) / 1000);
  } finally {
    db.close();
  }
}
