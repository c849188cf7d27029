-- Spreadsheet imports: mapping templates saved per tenant, and import runs with their rows,
-- written batch by batch by the runner.

CREATE TABLE import_templates (
  tenant_id  uuid NOT NULL REFERENCES tenants(id),
  id         uuid NOT NULL,
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  entity     text NOT NULL CHECK (entity IN ('tickets')),
  mapping    jsonb NOT NULL,
  created_by uuid NOT NULL,
  version    integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name)
);

CREATE TABLE imports (
  tenant_id   uuid NOT NULL REFERENCES tenants(id),
  id          uuid NOT NULL,
  entity      text NOT NULL,
  file_name   text NOT NULL,
  template_id uuid,
  mapping     jsonb NOT NULL,
  status      text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done')),
  batch_size  integer NOT NULL,
  total       integer NOT NULL,
  done        integer NOT NULL DEFAULT 0,
  failed      integer NOT NULL DEFAULT 0,
  -- The rows up to this one were written or refused: a job run after a crash starts after it.
  cursor      integer NOT NULL DEFAULT 0,
  -- The first 1000 problems, each {row, field, column, message}.
  errors      jsonb NOT NULL DEFAULT '[]',
  created_by  uuid NOT NULL,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  finished_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);

-- One mapped row waiting for its batch; `problems` is set when it did not validate, so its
-- batch is refused whole. Deleted once the import finishes.
CREATE TABLE import_rows (
  tenant_id uuid NOT NULL,
  import_id uuid NOT NULL,
  seq       integer NOT NULL,
  row_no    integer NOT NULL,
  record    jsonb,
  problems  jsonb,
  PRIMARY KEY (tenant_id, import_id, seq),
  FOREIGN KEY (tenant_id, import_id) REFERENCES imports (tenant_id, id) ON DELETE CASCADE
);
