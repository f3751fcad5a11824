-- The console's overview and a venue's chart (issue 11: 1,000 venues, 1M visits today within 200 ms)
-- read entries from per-venue, per-hour counters that the visit ingest keeps in the same statement,
-- ~24 rows per venue and day instead of every visit. Hours are epoch hours (UTC); the WIB day starts
-- on a whole hour. Counts only, no person.
CREATE TABLE venue_hour_counts (
  venue_id text NOT NULL,
  hour_start bigint NOT NULL,
  admitted integer NOT NULL DEFAULT 0,
  denied integer NOT NULL DEFAULT 0,
  referred integer NOT NULL DEFAULT 0,
  PRIMARY KEY (venue_id, hour_start)
);
INSERT INTO venue_hour_counts (venue_id, hour_start, admitted, denied, referred)
  SELECT venue_id, (occurred_at / 3600000) * 3600000,
    COUNT(*) FILTER (WHERE outcome = 'ADMIT'), COUNT(*) FILTER (WHERE outcome = 'DENY'), COUNT(*) FILTER (WHERE outcome = 'REFER')
  FROM visits GROUP BY 1, 2;

-- Who is inside now (ADMIT visits of the venue's last dwell window, not checked out) by an index-only
-- scan: the same key as before (tracing's contact lookups use it as they did), outcome and checkout
-- carried in the leaf.
DROP INDEX visits_venue_time;
CREATE INDEX visits_venue_time ON visits (venue_id, occurred_at) INCLUDE (outcome, checked_out_at);

-- A venue's page and a sector's overview list only their venues' kiosks.
CREATE INDEX devices_venue ON devices (venue_id);
