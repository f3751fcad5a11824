// The live risk list's set hash state (LtHash16, 2048 bytes) and the name of its algorithm, next to the
// list meta: a delta is then verified in O(delta) instead of re-walking the whole list. Lists applied
// before this step keep NULL; the sync agent computes the state from the live entries once.
import type { Migration } from './types';

export const migration0004: Migration = {
  version: 4,
  name: 'risk-set-hash',
  up(db) {
    db.exec(`
      ALTER TABLE risk_list_meta ADD COLUMN digest_alg TEXT;
      ALTER TABLE risk_list_meta ADD COLUMN set_hash BLOB CHECK (set_hash IS NULL OR length(set_hash) = 2048);
    `);
  },
};
