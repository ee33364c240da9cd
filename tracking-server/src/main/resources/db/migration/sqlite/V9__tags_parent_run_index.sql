-- The runs table of the web UI pages by parent groups (trackbook/runs/search-groups): it walks down
-- from a page's top-level runs to the runs that name them in tag mlflow.parentRunId. This index
-- holds only those tags, by parent, so the walk reads a page's own runs however large the
-- experiment. Queries name the key as a literal, which is what lets the planner use a partial index.
CREATE INDEX tags_parent_run ON tags (value, run_uuid) WHERE tag_key = 'mlflow.parentRunId';
