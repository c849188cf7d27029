-- Callbacks to a connector's source system when its ticket is resolved, closed, cancelled or
-- reopened (two-way confirmation). A callback row is written in the transaction of the ticket
-- change it reports, with its body frozen then; the runner sends one ticket's callbacks to one
-- connector in `seq` order, signed with the connector's callback secret.

-- Kept as given (whsec_ + base64): it must be read back to sign. Returned only at creation and
-- rotation. Connectors made before this migration have none until an admin rotates it.
ALTER TABLE connectors ADD COLUMN callback_secret text;
-- The current outage of the connector's callbacks: attempts failed in a row, whether the admins were told.
ALTER TABLE connectors ADD COLUMN callback_failures integer NOT NULL DEFAULT 0;
ALTER TABLE connectors ADD COLUMN callback_alerted boolean NOT NULL DEFAULT false;

CREATE TABLE connector_callbacks (
  tenant_id        uuid NOT NULL REFERENCES tenants(id),
  id               uuid NOT NULL,
  -- Global insertion order: a ticket's callbacks to a connector go out in this order.
  seq              bigserial NOT NULL,
  connector_id     uuid NOT NULL,
  ticket_id        uuid NOT NULL,
  -- The external link it reports to: the connector's key and the source's id of the record.
  system           text NOT NULL,
  external_id      text NOT NULL,
  -- The webhook-id header: the original callback's id, kept by its replays so the source dedupes.
  message_id       uuid NOT NULL,
  replay_of        uuid,
  event_type       text NOT NULL,
  payload          jsonb NOT NULL,
  -- failing: tried, will be tried again; failed: given up after the last attempt (a dead letter).
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'failing', 'delivered', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  -- The last attempt: where it went, what came back, how long it took, why it failed.
  url              text,
  response_status  integer,
  response_body    text,
  latency_ms       integer,
  error            text,
  created_at       timestamptz NOT NULL,
  last_attempt_at  timestamptz,
  delivered_at     timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, connector_id) REFERENCES connectors (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id)
);

-- The runner's look-up: the oldest callback of one ticket's lane still to send.
CREATE INDEX connector_callbacks_lane ON connector_callbacks (tenant_id, connector_id, ticket_id, seq)
  WHERE status IN ('pending', 'failing');
-- The connector's log, newest first by cursor.
CREATE INDEX connector_callbacks_log ON connector_callbacks (tenant_id, connector_id, seq);
-- The latest callback of each of a ticket's links, on the ticket's external-links answer.
CREATE INDEX connector_callbacks_ticket ON connector_callbacks (tenant_id, ticket_id, seq);
