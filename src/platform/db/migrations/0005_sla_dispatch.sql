-- Fast response: SLA policies on business calendars, escalation ladders, dispatch decisions
-- and offers. Timers live in due_work (0004); this adds what they act on.

-- The ticket's dispatch and SLA state. offered_to holds the engineers who may accept an
-- offer-to-N dispatch; accepting empties it, so a ticket still has one assignee at a time.
ALTER TABLE tickets
  ADD COLUMN offered_to         uuid[] NOT NULL DEFAULT '{}',
  ADD COLUMN dispatch_failed_at timestamptz,
  ADD COLUMN dispatch_failure   text,
  ADD COLUMN sla_policy_id      uuid,
  ADD COLUMN sla_state          jsonb NOT NULL DEFAULT '{}'::jsonb,
  ADD COLUMN origin_ticket_id   uuid,
  ADD FOREIGN KEY (tenant_id, origin_ticket_id) REFERENCES tickets(tenant_id, id);
CREATE INDEX tickets_offered_to ON tickets USING gin (offered_to);
CREATE INDEX tickets_dispatch_failed ON tickets (tenant_id, dispatch_failed_at, id) WHERE dispatch_failed_at IS NOT NULL;
CREATE INDEX tickets_sla_policy ON tickets (tenant_id, sla_policy_id, id) WHERE sla_policy_id IS NOT NULL;
CREATE INDEX tickets_origin ON tickets (tenant_id, origin_ticket_id) WHERE origin_ticket_id IS NOT NULL;

-- How a type is dispatched: {mode: propose|auto|offer, offerCount, acceptLimitSeconds,
-- requiredSkills:[{key,minLevel}], certificates:[key]}. Empty: propose, 30 min to accept.
ALTER TABLE ticket_types ADD COLUMN dispatch jsonb NOT NULL DEFAULT '{}'::jsonb;

-- Business calendars: working hours per weekday, holidays and make-up workdays, a time zone.
CREATE TABLE sla_calendars (
  tenant_id  uuid NOT NULL REFERENCES tenants(id),
  id         uuid NOT NULL,
  name       text NOT NULL,
  definition jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

-- SLA policies, first match by position wins. match: {types?, priorities?, tiers?}; a missing
-- list matches everything. No calendar: 24×7. ladder: the escalation steps.
CREATE TABLE sla_policies (
  tenant_id        uuid NOT NULL REFERENCES tenants(id),
  id               uuid NOT NULL,
  name             text NOT NULL,
  position         integer NOT NULL DEFAULT 100,
  match            jsonb NOT NULL DEFAULT '{}'::jsonb,
  calendar_id      uuid,
  response_seconds integer NOT NULL CHECK (response_seconds > 0),
  resolve_seconds  integer NOT NULL CHECK (resolve_seconds > 0),
  paused_statuses  text[] NOT NULL DEFAULT '{on_hold}',
  ladder           jsonb NOT NULL DEFAULT '[]'::jsonb,
  active           boolean NOT NULL DEFAULT true,
  version          integer NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, calendar_id) REFERENCES sla_calendars(tenant_id, id)
);
CREATE INDEX sla_policies_position ON sla_policies (tenant_id, position, id);
ALTER TABLE tickets ADD FOREIGN KEY (tenant_id, sla_policy_id) REFERENCES sla_policies(tenant_id, id);

-- A ladder step fires once per ticket: the primary key is the guard. snapshot is the delay
-- snapshot (the event chain so far, who was offered the ticket and when, related open tickets).
CREATE TABLE sla_escalations (
  tenant_id  uuid NOT NULL,
  ticket_id  uuid NOT NULL,
  step_key   text NOT NULL,
  policy_id  uuid NOT NULL,
  fired_at   timestamptz NOT NULL,
  actions    jsonb NOT NULL DEFAULT '[]'::jsonb,
  snapshot   jsonb NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (tenant_id, ticket_id, step_key),
  FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets(tenant_id, id),
  FOREIGN KEY (tenant_id, policy_id) REFERENCES sla_policies(tenant_id, id)
);

-- Every dispatch decision keeps its ranked candidates and score parts: "why this engineer".
CREATE TABLE dispatch_decisions (
  tenant_id      uuid NOT NULL,
  id             uuid NOT NULL,
  ticket_id      uuid NOT NULL,
  mode           text NOT NULL CHECK (mode IN ('propose', 'auto', 'offer', 'manual')),
  trigger        text NOT NULL,
  actor_id       uuid,
  chosen         uuid[] NOT NULL DEFAULT '{}',
  candidates     jsonb NOT NULL,
  eligible_count integer NOT NULL,
  excluded_count integer NOT NULL,
  weights        jsonb NOT NULL,
  created_at     timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets(tenant_id, id)
);
CREATE INDEX dispatch_decisions_ticket ON dispatch_decisions (tenant_id, ticket_id, id);
