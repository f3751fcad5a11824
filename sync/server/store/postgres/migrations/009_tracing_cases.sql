-- Dinkes tracing cases opened in the console: who traces which person, why and under which legal basis.
-- The NIK is sealed with the data key (nik_sealed); nik_hash finds a person's cases, nik_masked is what an auditor sees.
CREATE TABLE tracing_cases (
  id text PRIMARY KEY,
  owner_id text NOT NULL,
  owner_name text NOT NULL,
  nik_sealed text NOT NULL,
  nik_hash text NOT NULL,
  nik_masked text NOT NULL,
  purpose text NOT NULL,
  legal_basis_category text NOT NULL,
  legal_basis text NOT NULL,
  window_from bigint NOT NULL,
  opened_at bigint NOT NULL,
  closed_at bigint,
  close_note text
);
CREATE INDEX tracing_cases_owner ON tracing_cases (owner_id, opened_at);
