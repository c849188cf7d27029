-- Ticket types, tickets, their append-only event chain, attachments and idempotency keys.

CREATE TABLE ticket_types (
  tenant_id        uuid NOT NULL REFERENCES tenants(id),
  key              text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]{1,40}$'),
  name_zh          text NOT NULL,
  name_en          text NOT NULL,
  default_priority text NOT NULL DEFAULT 'P3' CHECK (default_priority IN ('P1', 'P2', 'P3', 'P4')),
  form_schema      jsonb NOT NULL DEFAULT '{"type":"object","properties":{}}'::jsonb,
  active           boolean NOT NULL DEFAULT true,
  builtin          boolean NOT NULL DEFAULT false,
  position         integer NOT NULL DEFAULT 100,
  version          integer NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, key)
);

-- Human numbers are per tenant and per local day: WO-20260223-0042.
CREATE TABLE ticket_counters (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  day       text NOT NULL,
  last      integer NOT NULL,
  PRIMARY KEY (tenant_id, day)
);

CREATE TABLE tickets (
  tenant_id          uuid NOT NULL REFERENCES tenants(id),
  id                 uuid NOT NULL,
  number             text NOT NULL,
  type               text NOT NULL,
  status             text NOT NULL CHECK (status IN
                     ('new', 'dispatched', 'accepted', 'in_progress', 'on_hold', 'resolved', 'closed', 'cancelled')),
  priority           text NOT NULL CHECK (priority IN ('P1', 'P2', 'P3', 'P4')),
  title              text NOT NULL,
  description        text NOT NULL,
  channel            text NOT NULL DEFAULT 'api',
  requester_id       uuid,
  assignee_id        uuid,
  customer_id        uuid,
  device_id          uuid,
  location           jsonb,
  fields             jsonb NOT NULL DEFAULT '{}'::jsonb,
  duplicate_of_id    uuid,
  hold_reason        text,
  held_from          text,
  solution           text,
  verification       jsonb,
  response_due_at    timestamptz,
  resolve_due_at     timestamptz,
  first_responded_at timestamptz,
  sla_breaches       jsonb NOT NULL DEFAULT '[]'::jsonb,
  resolved_at        timestamptz,
  closed_at          timestamptz,
  reopen_count       integer NOT NULL DEFAULT 0,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  version            integer NOT NULL DEFAULT 1,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, number),
  FOREIGN KEY (tenant_id, type) REFERENCES ticket_types(tenant_id, key),
  FOREIGN KEY (tenant_id, requester_id) REFERENCES users(tenant_id, id),
  FOREIGN KEY (tenant_id, assignee_id) REFERENCES users(tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers(tenant_id, id),
  FOREIGN KEY (tenant_id, device_id) REFERENCES devices(tenant_id, id),
  FOREIGN KEY (tenant_id, duplicate_of_id) REFERENCES tickets(tenant_id, id)
);
-- Lists page by id (UUIDv7, so id order is creation order) within a filter.
CREATE INDEX tickets_status ON tickets (tenant_id, status, id);
CREATE INDEX tickets_assignee ON tickets (tenant_id, assignee_id, id);
CREATE INDEX tickets_requester ON tickets (tenant_id, requester_id, id);
CREATE INDEX tickets_device ON tickets (tenant_id, device_id, id);
CREATE INDEX tickets_duplicate_of ON tickets (tenant_id, duplicate_of_id) WHERE duplicate_of_id IS NOT NULL;

CREATE TABLE ticket_events (
  tenant_id uuid NOT NULL,
  id        uuid NOT NULL,
  ticket_id uuid NOT NULL,
  type      text NOT NULL,
  actor_id  uuid,
  at        timestamptz NOT NULL,
  data      jsonb NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets(tenant_id, id)
);
CREATE INDEX ticket_events_ticket ON ticket_events (tenant_id, ticket_id, id);

-- The event chain is the audit trail: it is never updated or deleted.
CREATE FUNCTION ticket_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ticket_events is append-only';
END $$;
CREATE TRIGGER ticket_events_append_only BEFORE UPDATE OR DELETE ON ticket_events
  FOR EACH ROW EXECUTE FUNCTION ticket_events_append_only();

CREATE TABLE attachments (
  tenant_id   uuid NOT NULL,
  id          uuid NOT NULL,
  ticket_id   uuid NOT NULL,
  sha256      text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size        bigint NOT NULL,
  mime        text NOT NULL,
  name        text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('photo', 'audio', 'evidence', 'document')),
  uploaded_by uuid,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets(tenant_id, id)
);
CREATE INDEX attachments_ticket ON attachments (tenant_id, ticket_id, id);
CREATE INDEX attachments_sha256 ON attachments (sha256);

-- A creating POST with an Idempotency-Key is remembered with a hash of its body.
CREATE TABLE idempotency_keys (
  tenant_id    uuid NOT NULL,
  user_id      uuid NOT NULL,
  key          text NOT NULL,
  request_hash text NOT NULL,
  ticket_id    uuid NOT NULL,
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, user_id, key),
  FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets(tenant_id, id)
);
