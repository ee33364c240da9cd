-- Metric histories as chunks (issue 9): one row holds a sorted run of points of one (run, key),
-- encoded by MetricChunkCodec, instead of one row per point. A log-batch of 1000 points becomes one
-- row and a 1M-point history reads as ~1000 rows. The index carries both ends of each chunk, so
-- reads choose chunks from the index alone. V8 moves the points of the metrics table here.
CREATE TABLE metric_chunks (
  chunk_id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_uuid   TEXT    NOT NULL REFERENCES runs (run_uuid),
  metric_key TEXT    NOT NULL,
  first_step BIGINT  NOT NULL,
  first_ts   BIGINT  NOT NULL,
  last_step  BIGINT  NOT NULL,
  last_ts    BIGINT  NOT NULL,
  points     INTEGER NOT NULL,
  data       BYTEA   NOT NULL
);
-- doubles do not compress: keep TOAST from trying on every chunk
ALTER TABLE metric_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
CREATE INDEX metric_chunks_series
  ON metric_chunks (run_uuid, metric_key, first_step, first_ts, last_step, last_ts);
