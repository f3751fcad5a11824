-- Venue entry policies issued by the city console: one row per venue and version (history kept),
-- each signed by the city key as delivered to kiosks. Versions are dense per venue: saving version
-- n+1 twice fails on the primary key, so two editors cannot both replace version n.
CREATE TABLE venue_policies (
  venue_id text NOT NULL REFERENCES venues(id),
  version integer NOT NULL CHECK (version >= 1),
  -- the SignedVenuePolicy JSON exactly as kiosks receive it
  signed text NOT NULL,
  issued_at bigint NOT NULL,
  created_by text,
  PRIMARY KEY (venue_id, version)
);

-- Device history and per-target reads of the audit log (device:…, venue:…).
CREATE INDEX console_audit_target ON console_audit (target, seq);
