-- Run search ordered by a metric that its filter also names (metrics.acc > 0.5 ORDER BY metrics.acc
-- DESC, issue 9) reads this index in sort order and stops after a page, instead of sorting every
-- run of the experiment. experiment_id is a copy of the run's: runs never change experiment.
-- is_nan comes before value because NaN is stored as 0; run_uuid makes the index cover the scan.
-- SQLite cannot add a NOT NULL column without a default, so the table is rebuilt.
CREATE TABLE latest_metrics_v6 (
  run_uuid      TEXT    NOT NULL REFERENCES runs (run_uuid),
  metric_key    TEXT    NOT NULL,
  step          INTEGER NOT NULL,
  timestamp_ms  INTEGER NOT NULL,
  value         REAL    NOT NULL,
  is_nan        BOOLEAN NOT NULL,
  experiment_id INTEGER NOT NULL REFERENCES experiments (experiment_id),
  PRIMARY KEY (run_uuid, metric_key)
);
INSERT INTO latest_metrics_v6
  (run_uuid, metric_key, step, timestamp_ms, value, is_nan, experiment_id)
SELECT lm.run_uuid, lm.metric_key, lm.step, lm.timestamp_ms, lm.value, lm.is_nan, r.experiment_id
  FROM latest_metrics lm JOIN runs r ON r.run_uuid = lm.run_uuid;
-- drops latest_metrics_key_value too: no query starts from a metric across all experiments
DROP TABLE latest_metrics;
ALTER TABLE latest_metrics_v6 RENAME TO latest_metrics;
CREATE INDEX latest_metrics_experiment_key_value
  ON latest_metrics (experiment_id, metric_key, is_nan, value, run_uuid);
