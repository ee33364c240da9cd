-- Bearer tokens for `trackbook server --auth` (issue 9, Security). Only the SHA-256 of a token is
-- kept: the secret itself is shown once at creation and cannot be read back from the database.
-- V5 rather than V4: the model registry takes V4 on a parallel branch.
CREATE TABLE api_tokens (
  token_id       VARCHAR(32)  NOT NULL PRIMARY KEY,
  name           VARCHAR(256) NOT NULL,
  scope          VARCHAR(16)  NOT NULL CHECK (scope IN ('read', 'write', 'admin')),
  secret_sha256  VARCHAR(64)  NOT NULL UNIQUE,
  created_time   BIGINT       NOT NULL,
  last_used_time BIGINT,
  revoked_time   BIGINT
);
