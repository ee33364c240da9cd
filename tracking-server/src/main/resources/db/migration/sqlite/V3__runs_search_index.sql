-- Run search always filters by experiment and lifecycle stage and sorts by start_time, run_uuid by
-- default; with every column the default search and the metric/param/tag sort joins need in one
-- index, a search over 100k runs reads the index only, never the run rows.
DROP INDEX runs_experiment_start;
CREATE INDEX runs_experiment_lifecycle_start
  ON runs (experiment_id, lifecycle_stage, start_time DESC, run_uuid);
