-- City server schema (PostgreSQL). Times are unix ms (bigint). No NIK in clear anywhere: nik_hash only.
CREATE TABLE venues (
  id text PRIMARY KEY,
  name text NOT NULL,
  address text NOT NULL,
  capacity integer NOT NULL CHECK (capacity > 0),
  region text NOT NULL,
  dwell_minutes integer NOT NULL CHECK (dwell_minutes > 0),
  created_at bigint NOT NULL
);

CREATE TABLE gates (
  id text PRIMARY KEY,
  venue_id text NOT NULL REFERENCES venues(id),
  name text NOT NULL,
  direction text NOT NULL CHECK (direction IN ('ENTRY', 'EXIT', 'BOTH'))
);

CREATE TABLE enrolment_codes (
  code_hash text PRIMARY KEY,
  venue_id text NOT NULL REFERENCES venues(id),
  gate_id text NOT NULL REFERENCES gates(id),
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  used_at bigint,
  device_id uuid
);

CREATE TABLE devices (
  id uuid PRIMARY KEY,
  public_key text NOT NULL UNIQUE,
  venue_id text NOT NULL REFERENCES venues(id),
  gate_id text NOT NULL REFERENCES gates(id),
  name text,
  enrolled_at bigint NOT NULL,
  revoked_at bigint,
  last_seen_at bigint,
  heartbeat jsonb
);

CREATE TABLE device_nonces (
  device_id uuid NOT NULL,
  nonce text NOT NULL,
  expires_at bigint NOT NULL,
  PRIMARY KEY (device_id, nonce)
);
CREATE INDEX device_nonces_expiry ON device_nonces (expires_at);

CREATE TABLE risk_versions (
  list_id text NOT NULL,
  version integer NOT NULL,
  published_at bigint NOT NULL,
  entry_count integer NOT NULL,
  set_digest text NOT NULL,
  snapshot jsonb NOT NULL,
  delta jsonb,
  delta_kept boolean NOT NULL DEFAULT true,
  PRIMARY KEY (list_id, version)
);

CREATE TABLE risk_chunks (
  sha256 text NOT NULL,
  list_id text NOT NULL,
  version integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('snapshot', 'delta')),
  idx integer NOT NULL,
  bytes bytea NOT NULL,
  PRIMARY KEY (sha256, list_id, version, kind)
);
CREATE INDEX risk_chunks_version ON risk_chunks (list_id, version, kind, idx);

CREATE SEQUENCE registrations_seq;
CREATE TABLE registrations (
  rid text PRIMARY KEY,
  nik_hash text NOT NULL UNIQUE,
  region text NOT NULL,
  name_sealed text NOT NULL,
  templates jsonb NOT NULL,
  revoked boolean NOT NULL DEFAULT false,
  source text NOT NULL,
  updated_at bigint NOT NULL,
  seq bigint NOT NULL UNIQUE
);
CREATE INDEX registrations_feed ON registrations (region, seq);

CREATE TABLE pending_registrations (
  id uuid PRIMARY KEY,
  device_id uuid NOT NULL,
  nik_hash text NOT NULL,
  region text NOT NULL,
  name_sealed text NOT NULL,
  template jsonb NOT NULL,
  consent_at bigint NOT NULL,
  consent_text_version text NOT NULL,
  captured_at bigint NOT NULL,
  received_at bigint NOT NULL,
  body_hash text NOT NULL
);

-- Visits are partitioned by day of occurred_at; retention drops whole partitions. Rows outside the
-- partitions made so far land in the default partition and are moved when their day's partition is made.
CREATE TABLE visits (
  id uuid NOT NULL,
  device_id uuid NOT NULL,
  venue_id text NOT NULL,
  gate_id text NOT NULL,
  occurred_at bigint NOT NULL,
  device_time bigint NOT NULL,
  clock_offset_ms bigint NOT NULL,
  clock_suspect boolean NOT NULL,
  identity text NOT NULL,
  nik_hash text,
  outcome text NOT NULL,
  reason text NOT NULL,
  override_staff_id text,
  override_reason text,
  face_distance double precision,
  liveness_score double precision,
  risk_list_version integer,
  checked_out_at bigint,
  received_at bigint NOT NULL,
  body_hash text NOT NULL,
  PRIMARY KEY (id, occurred_at)
) PARTITION BY RANGE (occurred_at);
CREATE TABLE visits_default PARTITION OF visits DEFAULT;
CREATE INDEX visits_person ON visits (nik_hash, occurred_at) WHERE nik_hash IS NOT NULL;
CREATE INDEX visits_venue_time ON visits (venue_id, occurred_at);

-- Idempotency by visit id across partitions (a partitioned table's unique keys must include occurred_at).
CREATE TABLE visit_keys (
  id uuid PRIMARY KEY,
  body_hash text NOT NULL,
  occurred_at bigint NOT NULL
);
CREATE INDEX visit_keys_time ON visit_keys (occurred_at);

CREATE TABLE item_conflicts (
  kind text NOT NULL,
  id text NOT NULL,
  device_id uuid NOT NULL,
  received_at bigint NOT NULL,
  body_hash text NOT NULL,
  body jsonb NOT NULL,
  PRIMARY KEY (kind, id, body_hash)
);

CREATE TABLE alerts (
  id uuid PRIMARY KEY,
  device_id uuid NOT NULL,
  visit_id uuid NOT NULL,
  venue_id text NOT NULL,
  gate_id text NOT NULL,
  occurred_at bigint NOT NULL,
  nik_hash text NOT NULL,
  risk_status text NOT NULL,
  risk_list_version integer,
  received_at bigint NOT NULL,
  body_hash text NOT NULL
);
CREATE INDEX alerts_received ON alerts (received_at);
