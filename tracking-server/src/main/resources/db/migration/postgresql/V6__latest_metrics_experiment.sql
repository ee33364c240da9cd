-- Run search ordered by a metric that its filter also names (metrics.acc > 0.5 ORDER BY metrics.acc
-- DESC, issue 9) reads this index in sort order and stops after a page, instead of sorting every
-- run of the experiment. experiment_id is a copy of the run's: runs never change experiment.
-- is_nan comes before value because NaN is stored as 0; run_uuid makes the index cover the scan.
ALTER TABLE latest_metrics ADD COLUMN experiment_id BIGINT REFERENCES experiments (experiment_id);
UPDATE latest_metrics lm SET experiment_id = r.experiment_id FROM runs r
  WHERE r.run_uuid = lm.run_uuid;
ALTER TABLE latest_metrics ALTER COLUMN experiment_id SET NOT NULL;
-- no query starts from a metric across all experiments
DROP INDEX latest_metrics_key_value;
CREATE INDEX latest_metrics_experiment_key_value
  ON latest_metrics (experiment_id, metric_key, is_nan, value, run_uuid);
