-- City server schema (SQLite). Times are unix ms. No NIK in clear anywhere: nik_hash only.
CREATE TABLE venues (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  address TEXT NOT NULL,
  capacity INTEGER NOT NULL CHECK (capacity > 0),
  region TEXT NOT NULL,
  dwell_minutes INTEGER NOT NULL CHECK (dwell_minutes > 0),
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE gates (
  id TEXT PRIMARY KEY,
  venue_id TEXT NOT NULL REFERENCES venues(id),
  name TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('ENTRY', 'EXIT', 'BOTH'))
) STRICT;

CREATE TABLE enrolment_codes (
  code_hash TEXT PRIMARY KEY,
  venue_id TEXT NOT NULL REFERENCES venues(id),
  gate_id TEXT NOT NULL REFERENCES gates(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  device_id TEXT
) STRICT;

CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  public_key TEXT NOT NULL UNIQUE,
  venue_id TEXT NOT NULL REFERENCES venues(id),
  gate_id TEXT NOT NULL REFERENCES gates(id),
  name TEXT,
  enrolled_at INTEGER NOT NULL,
  revoked_at INTEGER,
  last_seen_at INTEGER,
  heartbeat TEXT
) STRICT;

CREATE TABLE device_nonces (
  device_id TEXT NOT NULL,
  nonce TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (device_id, nonce)
) STRICT, WITHOUT ROWID;
CREATE INDEX device_nonces_expiry ON device_nonces (expires_at);

CREATE TABLE risk_versions (
  list_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  published_at INTEGER NOT NULL,
  entry_count INTEGER NOT NULL,
  set_digest TEXT NOT NULL,
  snapshot TEXT NOT NULL,
  delta TEXT,
  delta_kept INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (list_id, version)
) STRICT;

CREATE TABLE risk_chunks (
  sha256 TEXT NOT NULL,
  list_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('snapshot', 'delta')),
  idx INTEGER NOT NULL,
  bytes BLOB NOT NULL,
  PRIMARY KEY (sha256, list_id, version, kind)
) STRICT;
CREATE INDEX risk_chunks_version ON risk_chunks (list_id, version, kind, idx);

CREATE TABLE registrations (
  rid TEXT PRIMARY KEY,
  nik_hash TEXT NOT NULL UNIQUE,
  region TEXT NOT NULL,
  name_sealed TEXT NOT NULL,
  templates TEXT NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0,
  source TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  seq INTEGER NOT NULL UNIQUE
) STRICT;
CREATE INDEX registrations_feed ON registrations (region, seq);

CREATE TABLE pending_registrations (
  id TEXT PRIMARY KEY,
  device_id TEXT NOT NULL,
  nik_hash TEXT NOT NULL,
  region TEXT NOT NULL,
  name_sealed TEXT NOT NULL,
  template TEXT NOT NULL,
  consent_at INTEGER NOT NULL,
  consent_text_version TEXT NOT NULL,
  captured_at INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  body_hash TEXT NOT NULL
) STRICT;

CREATE TABLE visits (
  id TEXT PRIMARY KEY,
  device_id TEXT NOT NULL,
  venue_id TEXT NOT NULL,
  gate_id TEXT NOT NULL,
  occurred_at INTEGER NOT NULL,
  device_time INTEGER NOT NULL,
  clock_offset_ms INTEGER NOT NULL,
  clock_suspect INTEGER NOT NULL,
  identity TEXT NOT NULL,
  nik_hash TEXT,
  outcome TEXT NOT NULL,
  reason TEXT NOT NULL,
  override_staff_id TEXT,
  override_reason TEXT,
  face_distance REAL,
  liveness_score REAL,
  risk_list_version INTEGER,
  checked_out_at INTEGER,
  received_at INTEGER NOT NULL,
  body_hash TEXT NOT NULL
) STRICT;
CREATE INDEX visits_person ON visits (nik_hash, occurred_at) WHERE nik_hash IS NOT NULL;
CREATE INDEX visits_venue_time ON visits (venue_id, occurred_at);
CREATE INDEX visits_time ON visits (occurred_at);

-- Same id, different body: never overwrites, kept here for review.
CREATE TABLE item_conflicts (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  body_hash TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (kind, id, body_hash)
) STRICT;

CREATE TABLE alerts (
  id TEXT PRIMARY KEY,
  device_id TEXT NOT NULL,
  visit_id TEXT NOT NULL,
  venue_id TEXT NOT NULL,
  gate_id TEXT NOT NULL,
  occurred_at INTEGER NOT NULL,
  nik_hash TEXT NOT NULL,
  risk_status TEXT NOT NULL,
  risk_list_version INTEGER,
  received_at INTEGER NOT NULL,
  body_hash TEXT NOT NULL
) STRICT;
CREATE INDEX alerts_received ON alerts (received_at);
