-- The hourly counters get a shard in their key (issue 14: several server processes on one database).
-- Every visit batch adds to its venue's current-hour row in the storing transaction, so two server
-- processes (or two pooled connections) storing batches of one busy venue waited on that one row's lock
-- until the other's commit: with 4 processes the ingest fell to 0.65x of one process. Each connection
-- now adds to its own shard (its backend pid modulo 16) and readers sum the shards, so concurrent
-- writers of one venue-hour rarely touch the same row. Existing rows become shard 0.
ALTER TABLE venue_hour_counts ADD COLUMN shard smallint NOT NULL DEFAULT 0;
ALTER TABLE venue_hour_counts DROP CONSTRAINT venue_hour_counts_pkey;
ALTER TABLE venue_hour_counts ADD PRIMARY KEY (venue_id, hour_start, shard);
