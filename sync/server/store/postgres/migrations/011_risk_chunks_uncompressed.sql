-- Risk-list chunks are stored out of line WITHOUT compression. They are ~4.4 MB of hex hashes each;
-- PostgreSQL's default (pglz) spends ~0.5 s per chunk trying to compress them and then stores them
-- uncompressed anyway (measured: 4,433,330 bytes in, 4,433,330 stored; 490 ms per chunk written with
-- the default, 61 ms with EXTERNAL). A 1M-entry publication writes 20 such chunks (issue 14: a
-- 10,000-change publication ≤ 2 s). lz4 would save ~23 % but is not built into every PostgreSQL;
-- the table only ever holds the newest snapshot and the last few deltas.
ALTER TABLE risk_chunks ALTER COLUMN bytes SET STORAGE EXTERNAL;
