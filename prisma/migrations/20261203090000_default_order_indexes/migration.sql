-- The root `observations` and `sources` pages are newest first by default
-- (period_start, id / published_on, id, descending). Without an index on those
-- keys their first page was a sequential scan and a top-N sort over the whole
-- table (54 ms on 200,000 observations); with one it is a backward index scan
-- that stops after the page, and keyset pages after it are range scans.
CREATE INDEX "observation_period_start_id_idx" ON "observation"("period_start", "id");
CREATE INDEX "source_published_on_id_idx" ON "source"("published_on", "id");
