-- The city console: venue categories, agencies, accounts, shared sessions, named API keys, login
-- throttling and the append-only, hash-chained console audit log.
ALTER TABLE venues ADD COLUMN category TEXT NOT NULL DEFAULT 'other'
  CHECK (category IN ('mall', 'market', 'hotel', 'restaurant', 'entertainment', 'office', 'other'));
CREATE INDEX venues_category ON venues (category);

CREATE TABLE agencies (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  -- JSON array of venue categories this agency covers
  categories TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE console_users (
  id TEXT PRIMARY KEY,
  -- lower case; unique
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('city-admin', 'health', 'sector', 'venue-manager', 'auditor')),
  agency_id TEXT REFERENCES agencies(id),
  -- TOTP secret sealed under the server data key (AES-256-GCM); NULL = no second factor
  totp_sealed TEXT,
  disabled_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE console_user_venues (
  user_id TEXT NOT NULL REFERENCES console_users(id) ON DELETE CASCADE,
  venue_id TEXT NOT NULL REFERENCES venues(id),
  PRIMARY KEY (user_id, venue_id)
) STRICT, WITHOUT ROWID;

-- Sessions live in the database so several server processes share them. Only the sha256 of the
-- cookie value is stored: a copy of the database does not log anyone in.
CREATE TABLE console_sessions (
  id_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES console_users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  -- absolute end; the idle end is last_seen_at + the configured idle time
  expires_at INTEGER NOT NULL,
  address TEXT
) STRICT;
CREATE INDEX console_sessions_user ON console_sessions (user_id);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('city-admin', 'health', 'sector', 'venue-manager', 'auditor')),
  agency_id TEXT REFERENCES agencies(id),
  -- JSON array of venue ids (venue-manager keys)
  venue_ids TEXT NOT NULL DEFAULT '[]',
  secret_hash TEXT NOT NULL,
  -- 1: the former single admin token, accepted on /v1/admin/* only
  legacy INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  created_by TEXT,
  revoked_at INTEGER,
  last_used_at INTEGER
) STRICT;

-- Failed-login counters per account name and per client address (names that do not exist are
-- counted too, so lockout behaviour does not tell which accounts exist).
CREATE TABLE login_throttle (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  locked_until INTEGER,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE console_audit (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_kind TEXT NOT NULL,
  actor_id TEXT,
  actor_name TEXT,
  actor_role TEXT,
  action TEXT NOT NULL,
  target TEXT,
  purpose TEXT,
  address TEXT,
  details TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE
) STRICT;
CREATE INDEX console_audit_at ON console_audit (at);
CREATE TRIGGER console_audit_no_update BEFORE UPDATE ON console_audit BEGIN SELECT RAISE(ABORT, 'console_audit is append-only'); END;
CREATE TRIGGER console_audit_no_delete BEFORE DELETE ON console_audit BEGIN SELECT RAISE(ABORT, 'console_audit is append-only'); END;
