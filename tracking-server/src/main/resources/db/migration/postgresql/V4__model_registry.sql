-- Model registry, after MLflow's SQL registry (mlflow/store/model_registry/dbmodels/models.py).
-- Names are the keys, as in MLflow; a rename cascades to versions, tags and aliases.

-- last_version counts up and is never reused, so a deleted version's number stays retired and
-- concurrent creators (several servers on one database) serialize on this row when they take one.
CREATE TABLE registered_models (
  name              TEXT    PRIMARY KEY,
  creation_time     BIGINT NOT NULL,
  last_updated_time BIGINT NOT NULL,
  description       TEXT,
  last_version      BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE registered_model_tags (
  name    TEXT NOT NULL REFERENCES registered_models (name) ON UPDATE CASCADE ON DELETE CASCADE,
  tag_key TEXT NOT NULL,
  value   TEXT NOT NULL,
  PRIMARY KEY (name, tag_key)
);

CREATE TABLE model_versions (
  name              TEXT    NOT NULL
                    REFERENCES registered_models (name) ON UPDATE CASCADE ON DELETE CASCADE,
  version           BIGINT NOT NULL,
  creation_time     BIGINT NOT NULL,
  last_updated_time BIGINT NOT NULL,
  description       TEXT,
  user_id           TEXT,
  current_stage     TEXT    NOT NULL,
  source            TEXT,
  run_id            TEXT,
  run_link          TEXT,
  status            TEXT    NOT NULL,
  status_message    TEXT,
  PRIMARY KEY (name, version)
);
-- "versions made from this run" (run page, search run_id = ...)
CREATE INDEX model_versions_run ON model_versions (run_id);

CREATE TABLE model_version_tags (
  name    TEXT    NOT NULL,
  version BIGINT NOT NULL,
  tag_key TEXT    NOT NULL,
  value   TEXT    NOT NULL,
  PRIMARY KEY (name, version, tag_key),
  FOREIGN KEY (name, version) REFERENCES model_versions (name, version)
    ON UPDATE CASCADE ON DELETE CASCADE
);

CREATE TABLE registered_model_aliases (
  name    TEXT    NOT NULL,
  alias   TEXT    NOT NULL,
  version BIGINT NOT NULL,
  PRIMARY KEY (name, alias),
  FOREIGN KEY (name, version) REFERENCES model_versions (name, version)
    ON UPDATE CASCADE ON DELETE CASCADE
);
