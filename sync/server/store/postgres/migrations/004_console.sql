-- The city console: venue categories, agencies, accounts, shared sessions, named API keys, login
-- throttling and the append-only, hash-chained console audit log.
ALTER TABLE venues ADD COLUMN category text NOT NULL DEFAULT 'other'
  CHECK (category IN ('mall', 'market', 'hotel', 'restaurant', 'entertainment', 'office', 'other'));
CREATE INDEX venues_category ON venues (category);

CREATE TABLE agencies (
  id text PRIMARY KEY,
  name text NOT NULL,
  categories jsonb NOT NULL DEFAULT '[]',
  created_at bigint NOT NULL
);

CREATE TABLE console_users (
  id text PRIMARY KEY,
  username text NOT NULL UNIQUE,
  display_name text NOT NULL,
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('city-admin', 'health', 'sector', 'venue-manager', 'auditor')),
  agency_id text REFERENCES agencies(id),
  totp_sealed text,
  disabled_at bigint,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
);

CREATE TABLE console_user_venues (
  user_id text NOT NULL REFERENCES console_users(id) ON DELETE CASCADE,
  venue_id text NOT NULL REFERENCES venues(id),
  PRIMARY KEY (user_id, venue_id)
);

CREATE TABLE console_sessions (
  id_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES console_users(id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at bigint NOT NULL,
  last_seen_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  address text
);
CREATE INDEX console_sessions_user ON console_sessions (user_id);

CREATE TABLE api_keys (
  id text PRIMARY KEY,
  name text NOT NULL UNIQUE,
  role text NOT NULL CHECK (role IN ('city-admin', 'health', 'sector', 'venue-manager', 'auditor')),
  agency_id text REFERENCES agencies(id),
  venue_ids jsonb NOT NULL DEFAULT '[]',
  secret_hash text NOT NULL,
  legacy boolean NOT NULL DEFAULT false,
  created_at bigint NOT NULL,
  created_by text,
  revoked_at bigint,
  last_used_at bigint
);

CREATE TABLE login_throttle (
  key text PRIMARY KEY,
  failures integer NOT NULL,
  locked_until bigint,
  updated_at bigint NOT NULL
);

CREATE TABLE console_audit (
  seq bigint PRIMARY KEY,
  at bigint NOT NULL,
  actor_kind text NOT NULL,
  actor_id text,
  actor_name text,
  actor_role text,
  action text NOT NULL,
  target text,
  purpose text,
  address text,
  details jsonb NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL UNIQUE
);
CREATE INDEX console_audit_at ON console_audit (at);
CREATE FUNCTION console_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'console_audit is append-only';
END $$;
CREATE TRIGGER console_audit_no_change BEFORE UPDATE OR DELETE ON console_audit FOR EACH ROW EXECUTE FUNCTION console_audit_append_only();
CREATE TRIGGER console_audit_no_truncate BEFORE TRUNCATE ON console_audit FOR EACH STATEMENT EXECUTE FUNCTION console_audit_append_only();
