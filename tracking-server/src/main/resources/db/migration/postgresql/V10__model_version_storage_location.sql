-- Where a version's files are, when its source is another version (models:/<name>/<version>, as
-- MLflow's copy_model_version makes): resolved once at creation, as MLflow's storage_location, so
-- the download URI still answers after the source version or model is deleted. NULL: the source.
ALTER TABLE model_versions ADD COLUMN storage_location TEXT;
