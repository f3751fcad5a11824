// How the visitor identified (the server's wire Visit needs it): a signed city QR, a NIK (typed or scanned),
// or nothing. Rows recorded before this step keep NULL: the sync agent derives it for them as before.
import type { Migration } from './types';

export const migration0003: Migration = {
  version: 3,
  name: 'visit-identity',
  up(db) {
    db.exec(`ALTER TABLE visits ADD COLUMN identity TEXT CHECK (identity IS NULL OR identity IN ('QR', 'NIK', 'NONE'))`);
  },
};
