-- visit_keys is cleaned up by id range (UUIDv7 ids carry their creation time) instead of an index on
-- occurred_at: one index fewer to maintain on every ingested visit.
DROP INDEX IF EXISTS visit_keys_time;
