-- Residents' self-service (issue 12): a registration is verified or not (a self-registration waits for
-- an officer to see the KTP), keeps its first registration date and an optional contact (sealed under
-- the data key); registrations held for review (same face under another NIK, or a NIK whose new selfie
-- does not match) wait in registration_reviews, not in registrations.
ALTER TABLE registrations ADD COLUMN verified INTEGER NOT NULL DEFAULT 1;
ALTER TABLE registrations ADD COLUMN verified_at INTEGER;
ALTER TABLE registrations ADD COLUMN verified_by TEXT;
ALTER TABLE registrations ADD COLUMN registered_at INTEGER;
ALTER TABLE registrations ADD COLUMN contact_sealed TEXT;
UPDATE registrations SET registered_at = updated_at, verified_at = updated_at;

CREATE TABLE registration_reviews (
  id TEXT PRIMARY KEY,
  nik_hash TEXT NOT NULL,
  region TEXT NOT NULL,
  name_sealed TEXT NOT NULL,
  template TEXT NOT NULL,
  contact_sealed TEXT,
  reason TEXT NOT NULL,
  matched_rid TEXT,
  distance REAL,
  consent_text_version TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  resolved_at INTEGER,
  resolution TEXT
) STRICT;
CREATE INDEX registration_reviews_open ON registration_reviews (resolved_at, created_at);
