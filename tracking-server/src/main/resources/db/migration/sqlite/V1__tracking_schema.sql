-- Trackbook tracking schema, SQLite dialect. Mirrors MLflow's SQL store (mlflow/store/tracking/
-- dbmodels/models.py) with Trackbook's column names; the PostgreSQL file defines the same tables.

-- INTEGER PRIMARY KEY is SQLite's rowid: the next id is max(id)+1, so "0" (Default) comes first.
CREATE TABLE experiments (
  experiment_id     INTEGER PRIMARY KEY,
  name              TEXT    NOT NULL UNIQUE,
  artifact_location TEXT,
  lifecycle_stage   TEXT    NOT NULL,
  creation_time     INTEGER NOT NULL,
  last_update_time  INTEGER NOT NULL
);
CREATE INDEX experiments_creation ON experiments (creation_time);

CREATE TABLE experiment_tags (
  experiment_id INTEGER NOT NULL REFERENCES experiments (experiment_id),
  tag_key       TEXT    NOT NULL,
  value         TEXT    NOT NULL,
  PRIMARY KEY (experiment_id, tag_key)
);

CREATE TABLE runs (
  run_uuid        TEXT    PRIMARY KEY,
  name            TEXT,
  experiment_id   INTEGER NOT NULL REFERENCES experiments (experiment_id),
  user_id         TEXT,
  status          TEXT    NOT NULL,
  start_time      INTEGER NOT NULL,
  end_time        INTEGER,
  artifact_uri    TEXT,
  lifecycle_stage TEXT    NOT NULL,
  deleted_time    INTEGER
);
-- search's default order within experiments
CREATE INDEX runs_experiment_start ON runs (experiment_id, start_time DESC, run_uuid);

CREATE TABLE params (
  run_uuid  TEXT NOT NULL REFERENCES runs (run_uuid),
  param_key TEXT NOT NULL,
  value     TEXT NOT NULL,
  PRIMARY KEY (run_uuid, param_key)
);

CREATE TABLE tags (
  run_uuid TEXT NOT NULL REFERENCES runs (run_uuid),
  tag_key  TEXT NOT NULL,
  value    TEXT NOT NULL,
  PRIMARY KEY (run_uuid, tag_key)
);

-- Append-only history. The whole point is the key, so a resent point is ignored (INSERT ... ON
-- CONFLICT DO NOTHING); its prefix (run, key, step) serves history reads and sampling.
CREATE TABLE metrics (
  run_uuid     TEXT    NOT NULL REFERENCES runs (run_uuid),
  metric_key   TEXT    NOT NULL,
  step         INTEGER NOT NULL,
  timestamp_ms INTEGER NOT NULL,
  value        REAL    NOT NULL,
  is_nan       BOOLEAN NOT NULL,
  PRIMARY KEY (run_uuid, metric_key, step, timestamp_ms, value, is_nan)
) WITHOUT ROWID;

-- The latest point per (run, key): max step, then max timestamp, then max value (MLflow's rule).
CREATE TABLE latest_metrics (
  run_uuid     TEXT    NOT NULL REFERENCES runs (run_uuid),
  metric_key   TEXT    NOT NULL,
  step         INTEGER NOT NULL,
  timestamp_ms INTEGER NOT NULL,
  value        REAL    NOT NULL,
  is_nan       BOOLEAN NOT NULL,
  PRIMARY KEY (run_uuid, metric_key)
);
CREATE INDEX latest_metrics_key_value ON latest_metrics (metric_key, value);

CREATE TABLE datasets (
  dataset_uuid   TEXT    PRIMARY KEY,
  experiment_id  INTEGER NOT NULL REFERENCES experiments (experiment_id),
  name           TEXT    NOT NULL,
  digest         TEXT    NOT NULL,
  source_type    TEXT    NOT NULL,
  source         TEXT    NOT NULL,
  dataset_schema TEXT,
  profile        TEXT,
  UNIQUE (experiment_id, name, digest)
);

CREATE TABLE inputs (
  input_uuid   TEXT PRIMARY KEY,
  run_uuid     TEXT NOT NULL REFERENCES runs (run_uuid),
  dataset_uuid TEXT NOT NULL REFERENCES datasets (dataset_uuid),
  UNIQUE (run_uuid, dataset_uuid)
);

CREATE TABLE input_tags (
  input_uuid TEXT NOT NULL REFERENCES inputs (input_uuid),
  tag_key    TEXT NOT NULL,
  value      TEXT NOT NULL,
  PRIMARY KEY (input_uuid, tag_key)
);
