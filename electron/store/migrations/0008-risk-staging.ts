// Where a risk list snapshot is written before it goes live. The sync agent has its own connection on
// its own thread; SQLite lets one connection write at a time, so a 1M-entry snapshot written in one
// transaction into the live table would hold the gate's visit writes back for seconds. It is written
// here in slices instead (the gate's writes go in between) and goes live by swapping the two tables'
// names in one short transaction; until then the old list stays live and whole.
import type { Migration } from './types';

export const migration0008: Migration = {
  version: 8,
  name: 'risk-staging',
  up(db) {
    db.exec(`
      CREATE TABLE risk_entries_staging (
        nik_hash     BLOB PRIMARY KEY CHECK (length(nik_hash) = 32),
        status       INTEGER NOT NULL CHECK (status IN (1, 2, 3)),
        valid_until  INTEGER
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
