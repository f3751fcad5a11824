// The kiosk's first schema. Every table is STRICT; times are INTEGER epoch milliseconds (UTC);
// NIK hashes are 32-byte BLOBs; *_enc columns hold AES-256-GCM sealed values (field-cipher.ts).
import type { Migration } from './types';

export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      -- small key/value facts about this database (data key check value, audit chain head)
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value ANY NOT NULL
      ) STRICT;

      -- enrolment and venue settings: exactly one row once enrolled
      CREATE TABLE device_config (
        id                        INTEGER PRIMARY KEY CHECK (id = 1),
        device_id                 TEXT NOT NULL,
        venue_id                  TEXT NOT NULL,
        venue_name                TEXT,
        gate_id                   TEXT NOT NULL,
        gate_mode                 TEXT NOT NULL CHECK (gate_mode IN ('entry', 'exit')),
        server_url                TEXT NOT NULL,
        city_keys_json            TEXT NOT NULL,
        nik_hash_key_enc          BLOB NOT NULL,
        device_public_key         TEXT NOT NULL,
        device_private_key_enc    BLOB NOT NULL,
        policy_json               TEXT NOT NULL,
        venue_capacity            INTEGER CHECK (venue_capacity IS NULL OR venue_capacity >= 0),
        dwell_minutes             INTEGER NOT NULL CHECK (dwell_minutes > 0),
        retention_days            INTEGER NOT NULL CHECK (retention_days > 0),
        clock_offset_ms           INTEGER NOT NULL DEFAULT 0,
        clock_offset_measured_at  INTEGER,
        enrolled_at               INTEGER NOT NULL,
        updated_at                INTEGER NOT NULL
      ) STRICT;

      -- the live risk list: one row per keyed NIK hash, looked up on every scan
      CREATE TABLE risk_entries (
        nik_hash     BLOB PRIMARY KEY CHECK (length(nik_hash) = 32),
        status       INTEGER NOT NULL CHECK (status IN (1, 2, 3)),  -- 1 CONFIRMED, 2 SUSPECT, 3 CLOSE_CONTACT
        valid_until  INTEGER                                       -- epoch ms; NULL = open-ended
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE risk_list_meta (
        id           INTEGER PRIMARY KEY CHECK (id = 1),
        list_id      TEXT NOT NULL,
        version      INTEGER NOT NULL,
        issued_at    INTEGER NOT NULL,
        expires_at   INTEGER NOT NULL,
        entry_count  INTEGER NOT NULL,
        digest       TEXT NOT NULL,
        applied_at   INTEGER NOT NULL
      ) STRICT;

      -- cursors of the server feeds (registrations, ...)
      CREATE TABLE sync_state (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL
      ) STRICT;

      CREATE TABLE registrations (
        nik_hash          BLOB PRIMARY KEY CHECK (length(nik_hash) = 32),
        registration_id   TEXT NOT NULL UNIQUE,
        display_name_enc  BLOB NOT NULL,
        origin            TEXT NOT NULL CHECK (origin IN ('server', 'local')),
        updated_at        INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE face_templates (
        template_id   TEXT PRIMARY KEY,
        nik_hash      BLOB NOT NULL REFERENCES registrations (nik_hash) ON DELETE CASCADE,
        model_id      TEXT NOT NULL,
        source        TEXT NOT NULL CHECK (source IN ('registration', 'visit', 'local')),
        origin        TEXT NOT NULL CHECK (origin IN ('server', 'kiosk')),
        template_enc  BLOB NOT NULL,
        created_at    INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX face_templates_by_person ON face_templates (nik_hash, origin);

      CREATE TABLE visits (
        id                 TEXT PRIMARY KEY,                 -- UUIDv7
        device_time        INTEGER NOT NULL,
        server_time        INTEGER,                          -- device_time + measured offset
        clock_offset_ms    INTEGER NOT NULL,
        clock_status       TEXT NOT NULL CHECK (clock_status IN ('ok', 'off', 'unknown')),
        venue_id           TEXT NOT NULL,
        gate_id            TEXT NOT NULL,
        direction          TEXT NOT NULL CHECK (direction IN ('entry', 'exit')),
        outcome            TEXT NOT NULL CHECK (outcome IN ('ADMIT', 'DENY', 'REFER')),
        reason             TEXT NOT NULL,
        nik_hash           BLOB CHECK (nik_hash IS NULL OR length(nik_hash) = 32),
        registration_id    TEXT,
        face_distance      REAL,
        liveness_score     REAL,
        risk_list_version  INTEGER,
        override_json      TEXT,
        checked_out_at     INTEGER,
        checked_out_by     TEXT CHECK (checked_out_by IS NULL OR checked_out_by IN ('exit-gate', 'staff', 'auto')),
        acked_at           INTEGER
      ) STRICT, WITHOUT ROWID;  -- keyed by the time-ordered id itself: one B-tree less to write per visit
      -- occupancy and check-out read only the open admitted entries: one partial index, appended in time
      -- order (a by-person index would cost a random page write per visit; the open set is small)
      CREATE INDEX visits_open ON visits (device_time, nik_hash)
        WHERE direction = 'entry' AND outcome = 'ADMIT' AND checked_out_at IS NULL;
      -- retention: purge acknowledged visits (unacknowledged ones are found through the outbox)
      CREATE INDEX visits_acked_by_time ON visits (device_time) WHERE acked_at IS NOT NULL;

      -- upload queue of visits; the body is frozen at record time so a retry is byte-identical.
      -- Keyed (and drained) by the time-ordered UUIDv7 visit id: one B-tree, appended at its end;
      -- seq is an informational counter, not an index.
      CREATE TABLE visit_outbox (
        visit_id     TEXT PRIMARY KEY REFERENCES visits (id),
        seq          INTEGER NOT NULL,
        payload      TEXT NOT NULL,
        attempts     INTEGER NOT NULL DEFAULT 0,
        enqueued_at  INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;

      -- priority alerts for the server (DENY of a CONFIRMED/SUSPECT person); sent before visits
      CREATE TABLE alert_outbox (
        seq          INTEGER PRIMARY KEY,
        id           TEXT NOT NULL UNIQUE,
        visit_id     TEXT NOT NULL,
        payload      TEXT NOT NULL,
        attempts     INTEGER NOT NULL DEFAULT 0,
        enqueued_at  INTEGER NOT NULL
      ) STRICT;

      -- system alerts for staff and the heartbeat
      CREATE TABLE local_alerts (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        code            TEXT NOT NULL,
        severity        TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        message_id      TEXT NOT NULL,
        message_en      TEXT NOT NULL,
        detail_json     TEXT,
        dedupe_key      TEXT NOT NULL,
        raised_at       INTEGER NOT NULL,
        last_raised_at  INTEGER NOT NULL,
        raise_count     INTEGER NOT NULL DEFAULT 1,
        resolved_at     INTEGER
      ) STRICT;
      CREATE UNIQUE INDEX local_alerts_one_open ON local_alerts (dedupe_key) WHERE resolved_at IS NULL;

      -- uploads the server will never take (rejected / conflict), kept with the reason
      CREATE TABLE dead_letter (
        id        INTEGER PRIMARY KEY AUTOINCREMENT,
        kind      TEXT NOT NULL CHECK (kind IN ('visit', 'alert', 'registration')),
        ref_id    TEXT NOT NULL,
        payload   TEXT NOT NULL,
        reason    TEXT NOT NULL,
        dead_at   INTEGER NOT NULL
      ) STRICT;

      -- staff and admin actions; each row carries the hash of the previous one
      CREATE TABLE audit_log (
        seq          INTEGER PRIMARY KEY,
        at           INTEGER NOT NULL,
        actor        TEXT NOT NULL,
        action       TEXT NOT NULL,
        target       TEXT,
        detail_json  TEXT,
        prev_hash    TEXT NOT NULL,
        hash         TEXT NOT NULL
      ) STRICT;
    `);
  },
};
