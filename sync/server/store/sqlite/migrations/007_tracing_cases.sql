-- Dinkes tracing cases opened in the console: who traces which person, why and under which legal basis.
-- The NIK is sealed with the data key (nik_sealed); nik_hash finds a person's cases, nik_masked is what an auditor sees.
CREATE TABLE tracing_cases (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL,
  owner_name TEXT NOT NULL,
  nik_sealed TEXT NOT NULL,
  nik_hash TEXT NOT NULL,
  nik_masked TEXT NOT NULL,
  purpose TEXT NOT NULL,
  legal_basis_category TEXT NOT NULL,
  legal_basis TEXT NOT NULL,
  window_from INTEGER NOT NULL,
  opened_at INTEGER NOT NULL,
  closed_at INTEGER,
  close_note TEXT
) STRICT;
CREATE INDEX tracing_cases_owner ON tracing_cases (owner_id, opened_at);
