-- Outbound webhooks: subscriptions, and the outbox of deliveries the runner sends from.
-- A delivery row is written in the transaction of the ticket change it reports, with its payload
-- frozen then; the runner sends a ticket's deliveries to a subscription in `seq` order.

CREATE TABLE webhook_subscriptions (
  tenant_id            uuid NOT NULL REFERENCES tenants(id),
  id                   uuid NOT NULL,
  name                 text NOT NULL,
  url                  text NOT NULL,
  events               text[] NOT NULL,
  filter               jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Kept as given (whsec_ + base64): it must be read back to sign. Returned only at creation and rotation.
  secret               text NOT NULL,
  status               text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'disabled')),
  paused_reason        text,
  owner_id             uuid NOT NULL,
  timeout_seconds      integer NOT NULL DEFAULT 10 CHECK (timeout_seconds BETWEEN 1 AND 60),
  -- The current outage: when its first failure was, how many attempts failed in a row, whether the owner was told.
  failing_since        timestamptz,
  consecutive_failures integer NOT NULL DEFAULT 0,
  failure_alerted      boolean NOT NULL DEFAULT false,
  last_error           text,
  created_at           timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, owner_id) REFERENCES users(tenant_id, id)
);

CREATE TABLE webhook_deliveries (
  tenant_id        uuid NOT NULL REFERENCES tenants(id),
  id               uuid NOT NULL,
  -- Global insertion order: a ticket's deliveries to a subscription go out in this order.
  seq              bigserial NOT NULL,
  subscription_id  uuid NOT NULL,
  -- The webhook-id header: the original delivery's id, kept by its replays so receivers dedupe.
  message_id       uuid NOT NULL,
  replay_of        uuid,
  ticket_id        uuid NOT NULL,
  event_type       text NOT NULL,
  payload          jsonb NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'failing', 'delivered')),
  attempts         integer NOT NULL DEFAULT 0,
  -- The last attempt: what was sent (headers without the secret), what came back, how long it took.
  request          jsonb,
  response_status  integer,
  response_body    text,
  latency_ms       integer,
  error            text,
  created_at       timestamptz NOT NULL,
  last_attempt_at  timestamptz,
  delivered_at     timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, subscription_id) REFERENCES webhook_subscriptions(tenant_id, id) ON DELETE CASCADE
);

-- The runner's look-up: the oldest undelivered delivery of one ticket's lane.
CREATE INDEX webhook_deliveries_lane ON webhook_deliveries (tenant_id, subscription_id, ticket_id, seq)
  WHERE status <> 'delivered';
-- The log, newest first by cursor, and replays of a time range.
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (tenant_id, subscription_id, seq);

-- Per tenant (a missing row means the defaults): may webhooks reach loopback and private
-- networks (on-premises systems live there)? After how many failed attempts in a row is the
-- owner alerted, and after how long an outage does a subscription pause?
CREATE TABLE webhook_settings (
  tenant_id              uuid PRIMARY KEY REFERENCES tenants(id),
  allow_private_networks boolean NOT NULL DEFAULT true,
  alert_after_failures   integer NOT NULL DEFAULT 3 CHECK (alert_after_failures BETWEEN 1 AND 100),
  pause_after_seconds    integer NOT NULL DEFAULT 86400 CHECK (pause_after_seconds BETWEEN 60 AND 2592000),
  updated_at             timestamptz NOT NULL
);
