-- Inbound connectors: one endpoint per source system, its mapping, its dead letters, and the
-- links between tickets and the records other systems keep about them.

CREATE TABLE connectors (
  tenant_id    uuid NOT NULL REFERENCES tenants(id),
  id           uuid NOT NULL,
  key          text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_-]{1,40}$'),
  name         text NOT NULL,
  schema       jsonb,
  mapping      jsonb NOT NULL,
  -- Only the token's sha256: the token itself is shown once, at creation or rotation.
  token_hash   text NOT NULL UNIQUE,
  -- The connector's own service identity, so its changes are attributed in ticket events.
  user_id      uuid NOT NULL,
  callback_url text,
  active       boolean NOT NULL DEFAULT true,
  version      integer NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, key),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);

-- One record of another system about one ticket. The key makes a source's id map to one
-- ticket: the same event twice finds the ticket the first one created.
CREATE TABLE external_links (
  tenant_id    uuid NOT NULL REFERENCES tenants(id),
  system       text NOT NULL,
  external_id  text NOT NULL,
  ticket_id    uuid NOT NULL,
  connector_id uuid,
  state        text,
  state_at     timestamptz,
  note         text,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, system, external_id),
  -- Deferred: the link is written while the ticket is being created, before its row exists.
  FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX external_links_ticket ON external_links (tenant_id, ticket_id);

CREATE TABLE connector_dead_letters (
  tenant_id    uuid NOT NULL REFERENCES tenants(id),
  id           uuid NOT NULL,
  connector_id uuid NOT NULL,
  content_type text NOT NULL,
  body         text NOT NULL,
  error        jsonb NOT NULL,
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'replayed')),
  ticket_id    uuid,
  received_at  timestamptz NOT NULL,
  replayed_at  timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, connector_id) REFERENCES connectors (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX connector_dead_letters_pending ON connector_dead_letters (tenant_id, connector_id, status, id);
