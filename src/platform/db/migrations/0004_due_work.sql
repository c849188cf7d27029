-- Background work: timers (SLA, re-dispatch, surveys) and the outbox (notifications, webhooks).
-- A row is inserted in the transaction of the change that caused it, and claimed by any number
-- of runner processes with FOR UPDATE SKIP LOCKED (src/platform/runner/sql.ts).

CREATE TABLE due_work (
  tenant_id       uuid NOT NULL REFERENCES tenants(id),
  id              uuid NOT NULL,
  kind            text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$'),
  payload         jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- The shape of payload: a handler reads the versions it knows, so old rows survive an upgrade.
  payload_version integer NOT NULL DEFAULT 1 CHECK (payload_version >= 1),
  run_at          timestamptz NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'dead')),
  attempts        integer NOT NULL DEFAULT 0,
  max_attempts    integer NOT NULL DEFAULT 10 CHECK (max_attempts BETWEEN 1 AND 1000),
  -- The worker that ran it last; while running, it holds the row until locked_until (the lease).
  locked_by       text,
  locked_until    timestamptz,
  last_error      text,
  dedupe_key      text,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  done_at         timestamptz,
  PRIMARY KEY (tenant_id, id),
  CHECK (status <> 'running' OR (locked_by IS NOT NULL AND locked_until IS NOT NULL))
);

-- The claim reads only these two partial indexes, so its cost depends on what is due, not on
-- how many rows wait in the future or are done.
CREATE INDEX due_work_pending ON due_work (run_at) WHERE status = 'pending';
CREATE INDEX due_work_leases ON due_work (locked_until) WHERE status = 'running';

-- A timer is scheduled once: one row per tenant, kind and key until it is done. A dead row keeps
-- its key until an admin retries it or the domain cancels it.
CREATE UNIQUE INDEX due_work_dedupe ON due_work (tenant_id, kind, dedupe_key)
  WHERE dedupe_key IS NOT NULL AND status <> 'done';

-- The admin list pages by id within a status; the daily cleanup finds old done rows.
CREATE INDEX due_work_status ON due_work (tenant_id, status, id);
CREATE INDEX due_work_done ON due_work (tenant_id, done_at) WHERE status = 'done';
