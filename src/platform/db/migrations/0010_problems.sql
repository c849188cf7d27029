-- Recurrence and problems (src/modules/problems): a fault that keeps coming back on the same
-- device, customer or error code becomes a problem someone owns, linking all its tickets.

CREATE TABLE problems (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  number text NOT NULL,
  title text NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'investigating', 'closed')),
  owner_id uuid,
  -- What the tickets share: device, customer or error_code, and its value (an error code
  -- trimmed and upper-cased). Both null for a problem someone opened by hand.
  match_kind text CHECK (match_kind IN ('device', 'customer', 'error_code')),
  match_value text,
  ticket_type text,
  root_cause text,
  corrective_action text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  closed_at timestamptz,
  closed_by uuid,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, number),
  CHECK ((match_kind IS NULL) = (match_value IS NULL))
);
-- One problem not yet closed per recurring key: two runners detecting the same recurrence at
-- once cannot open it twice.
CREATE UNIQUE INDEX problems_match ON problems (tenant_id, match_kind, match_value)
  WHERE status <> 'closed' AND match_kind IS NOT NULL;
CREATE INDEX problems_status ON problems (tenant_id, status, id);

-- Problem numbers are per tenant and per local day: PRB-20261124-001.
CREATE TABLE problem_counters (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  day text NOT NULL,
  last integer NOT NULL,
  PRIMARY KEY (tenant_id, day)
);

CREATE TABLE problem_tickets (
  tenant_id uuid NOT NULL,
  problem_id uuid NOT NULL,
  ticket_id uuid NOT NULL,
  linked_at timestamptz NOT NULL,
  -- Null when recurrence detection linked it.
  linked_by uuid,
  PRIMARY KEY (tenant_id, problem_id, ticket_id),
  FOREIGN KEY (tenant_id, problem_id) REFERENCES problems (tenant_id, id),
  FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id)
);
-- A ticket belongs to one problem at most (tickets.problem_id mirrors it).
CREATE UNIQUE INDEX problem_tickets_ticket ON problem_tickets (tenant_id, ticket_id);

ALTER TABLE tickets ADD COLUMN problem_id uuid;
CREATE INDEX tickets_problem ON tickets (tenant_id, problem_id) WHERE problem_id IS NOT NULL;
-- Recurrence looks back over a window per customer and per error code (device has tickets_device).
CREATE INDEX tickets_customer_created ON tickets (tenant_id, customer_id, created_at) WHERE customer_id IS NOT NULL;
-- Error codes compare trimmed and upper-cased (`err-001 ` is ERR-001); the expression and the
-- predicate are repeated word for word by the queries (src/modules/problems/similar-store.ts).
-- Longer values are prose typed into the field, not codes, and would overflow a btree entry.
CREATE INDEX tickets_error_code ON tickets (tenant_id, (upper(btrim(fields ->> 'errorCode', E' \t\r\n\u3000'))), created_at)
  WHERE fields ? 'errorCode' AND length(fields ->> 'errorCode') <= 64;
-- The eradication rate reads the tickets closed in a period.
CREATE INDEX tickets_closed ON tickets (tenant_id, closed_at) WHERE status = 'closed';
