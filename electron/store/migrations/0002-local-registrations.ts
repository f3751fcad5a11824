// On-the-spot registration at the kiosk: the visitor's NIK, name and selfie are needed by the server
// to register them, so they wait here (sealed) until uploaded, then are deleted.
import type { Migration } from './types';

export const migration0002: Migration = {
  version: 2,
  name: 'local-registrations',
  up(db) {
    db.exec(`
      CREATE TABLE pending_registrations (
        id                 TEXT PRIMARY KEY,                 -- UUIDv7
        nik_hash           BLOB NOT NULL CHECK (length(nik_hash) = 32),
        nik_enc            BLOB NOT NULL,
        display_name_enc   BLOB NOT NULL,
        template_model_id  TEXT NOT NULL,
        template_enc       BLOB NOT NULL,
        selfie_jpeg_enc    BLOB NOT NULL,
        consent_at         INTEGER NOT NULL,
        created_at         INTEGER NOT NULL,
        attempts           INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX pending_registrations_by_person ON pending_registrations (nik_hash);
    `);
  },
};
