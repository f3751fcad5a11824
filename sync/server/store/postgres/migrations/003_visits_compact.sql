-- Smaller visit rows and person index: the NIK hash as 32 raw bytes instead of 64 hex characters,
-- and no body hash on the visit (visit_keys holds it for the idempotency check).
DROP INDEX IF EXISTS visits_person;
ALTER TABLE visits ALTER COLUMN nik_hash TYPE bytea USING decode(nik_hash, 'hex');
ALTER TABLE visits DROP COLUMN body_hash;
CREATE INDEX visits_person ON visits (nik_hash, occurred_at) WHERE nik_hash IS NOT NULL;
