-- Runs soft-deleted because their experiment was deleted; restoring the experiment restores exactly
-- these (a timestamp comparison cannot tell them apart from runs deleted in the same millisecond).
ALTER TABLE runs ADD COLUMN deleted_with_experiment BOOLEAN NOT NULL DEFAULT FALSE;
