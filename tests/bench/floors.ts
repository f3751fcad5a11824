// Floors the benches measure in the same run, on the same machine, beside the figure they bound (see
// withFloor in suite.ts): what the same work costs with nothing of ours in the way.
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { applyPragmas } from '../../electron/store/open-db';

const STATUS: Record<string, number> = { CONFIRMED: 1, SUSPECT: 2, CLOSE_CONTACT: 3 };

/**
 * Seconds to insert the same risk entries, already as 32-byte keys in ascending order, into a bare table
 * of the live list's shape (WITHOUT ROWID, same pragmas: WAL, synchronous=FULL) through better-sqlite3:
 * one prepared INSERT per row in one transaction. Decoding and sorting the keys happen before the clock
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
    const insert = db.prepare<[Buffer, number, number | null]>('INSERT INTO t (nik_hash, status, valid_until) VALUES (?, ?, ?)');
    const t0 = process.hrtime.bigint();
    db.transaction(() => {
      for (const r of rows) insert.run(r.key, r.status, r.until);
    })();
    return Number(process.hrtime.bigint() - t0) / 1e9;
  } finally {
    db.close();
    for (const side of ['', '-wal', '-shm']) rmSync(file + side, { force: true });
  }
}
