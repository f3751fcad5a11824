// Check-outs for the server. The visit's upload body is frozen when it is recorded (a retry must be
// byte-identical), so a check-out that comes later (staff, exit gate, automatic after the dwell time) goes
// in its own small queue, written in the check-out's transaction, and is sent once the visit is uploaded.
import type { Migration } from './types';

export const migration0005: Migration = {
  version: 5,
  name: 'checkout-outbox',
  up(db) {
    db.exec(`
      -- one row per closed visit until the server has the check-out. No foreign key: retention may purge
      -- an acknowledged visit while its check-out still waits, and the server still wants the check-out.
      CREATE TABLE checkout_outbox (
        visit_id        TEXT PRIMARY KEY,
        checked_out_at  INTEGER NOT NULL,   -- epoch ms, device clock corrected by the measured offset
        attempts        INTEGER NOT NULL DEFAULT 0,
        enqueued_at     INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
