-- Residents' self-service (issue 12): a registration is verified or not (a self-registration waits for
-- an officer to see the KTP), keeps its first registration date and an optional contact (sealed under
-- the data key); registrations held for review (same face under another NIK, or a NIK whose new selfie
-- does not match) wait in registration_reviews, not in registrations.
ALTER TABLE registrations ADD COLUMN verified boolean NOT NULL DEFAULT true;
ALTER TABLE registrations ADD COLUMN verified_at bigint;
ALTER TABLE registrations ADD COLUMN verified_by text;
ALTER TABLE registrations ADD COLUMN registered_at bigint;
ALTER TABLE registrations ADD COLUMN contact_sealed text;
UPDATE registrations SET registered_at = updated_at, verified_at = updated_at;

CREATE TABLE registration_reviews (
  id text PRIMARY KEY,
  nik_hash text NOT NULL,
  region text NOT NULL,
  name_sealed text NOT NULL,
  template text NOT NULL,
  contact_sealed text,
  reason text NOT NULL,
  matched_rid text,
  distance double precision,
  consent_text_version text NOT NULL,
  created_at bigint NOT NULL,
  resolved_at bigint,
  resolution text
);
CREATE INDEX registration_reviews_open ON registration_reviews (resolved_at, created_at);
