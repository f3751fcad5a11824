// When a signed head last confirmed the live risk list is current. The stale-list policy counts the list's
// age from it (a list unchanged for days is not stale while the server confirms it every few minutes); it
// was kept in the sync agent's memory only, so a restart fell back to the time the list was applied.
import type { Migration } from './types';

export const migration0006: Migration = {
  version: 6,
  name: 'risk-list-confirmed',
  up(db) {
    db.exec('ALTER TABLE risk_list_meta ADD COLUMN confirmed_at INTEGER');
  },
};
