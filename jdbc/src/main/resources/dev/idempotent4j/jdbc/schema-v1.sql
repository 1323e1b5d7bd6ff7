-- idempotent4j PostgreSQL store, schema (record format) version 1.
-- ${table} is the setting jdbc.table (default idempotent4j_record). Applied at start-up only with
-- jdbc.create-schema=true; otherwise run it with your migrations (Flyway, Liquibase, psql).
-- Every statement is idempotent (IF NOT EXISTS), so applying it twice is harmless.

-- Fencing tokens: one sequence for every key, so a token never goes back, even after the row of
-- its key was released, expired and swept.
CREATE SEQUENCE IF NOT EXISTS ${table}_fence AS bigint;

-- One row per task key.
CREATE TABLE IF NOT EXISTS ${table} (
  key           text        PRIMARY KEY,          -- <prefix>:<task>:<key>
  v             smallint    NOT NULL,             -- record format version (1)
  state         text        NOT NULL,             -- running | completed | failed | released
  owner         text        NOT NULL,             -- worker that claimed it (for people)
  fence         bigint      NOT NULL,             -- fencing token of the current claim
  attempt       integer     NOT NULL,             -- 1, one more per takeover or re-claim
  takeover      boolean     NOT NULL DEFAULT false, -- this claim took over a lapsed lease
  fp            text,                             -- request fingerprint (SHA-256), if any
  claimed_at    timestamptz NOT NULL,
  lease_until   timestamptz,                      -- running only: the claim holds until then
  done_at       timestamptz,                      -- when it completed or failed
  expires_at    timestamptz NOT NULL,             -- the row may be swept after this
  result        text,                             -- completed: the outcome as codec JSON
  error_type    text,                             -- failed: class name of the cached failure
  error_message text,                             -- failed: its message
  waiters       integer     NOT NULL DEFAULT 0    -- claims that found it running: notify them
);

-- The sweeper's scan: oldest expired rows first, in small batches.
CREATE INDEX IF NOT EXISTS ${table}_expires_at ON ${table} (expires_at);

-- The format marker idempotent4j checks at start-up (a newer one fails with a message).
COMMENT ON TABLE ${table} IS 'idempotent4j record, schema 1';
