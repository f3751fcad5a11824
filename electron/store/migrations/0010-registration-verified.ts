// Self-registrations (issue 12) arrive unverified until an officer has seen the KTP: the gate REFERs
// them. Rows from before (staff, CLI, kiosk registrations) are verified.
import type { Migration } from './types';

export const migration0010: Migration = {
  version: 10,
  name: 'registration-verified',
  up(db) {
    db.exec('ALTER TABLE registrations ADD COLUMN verified INTEGER NOT NULL DEFAULT 1');
  },
};
