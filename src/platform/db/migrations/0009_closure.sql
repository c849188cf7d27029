-- Real closure (src/modules/closure): what a ticket must prove before it is resolved, the
-- second-line review, the customer's verification link, and the follow-up survey.

-- Per ticket type, and optionally per category (the ticket's fields.category): the evidence a
-- resolve needs, and whether an expert must review the fix before the customer verifies it.
CREATE TABLE closure_rules (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL,
  ticket_type text NOT NULL,
  category text,
  -- [{key, label, labelEn?, evidence: photo|screenshot|log|test_report|measurement|signature,
  --   required, unit?, min?, max?}]
  items jsonb NOT NULL DEFAULT '[]',
  review_required boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX closure_rules_scope ON closure_rules (tenant_id, ticket_type, (coalesce(category, '')));

-- One row per checklist item a ticket's worker has met; ticking again replaces it (the
-- ticket's event chain keeps every tick).
CREATE TABLE checklist_entries (
  tenant_id uuid NOT NULL,
  ticket_id uuid NOT NULL,
  item_key text NOT NULL,
  evidence text NOT NULL,
  attachment_ids uuid[] NOT NULL DEFAULT '{}',
  text text,
  value double precision,
  done_by uuid NOT NULL,
  done_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, ticket_id, item_key),
  FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id)
);

-- 双签: a resolved ticket of a reviewed type waits for an expert; one row per round.
CREATE TABLE closure_reviews (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  ticket_id uuid NOT NULL,
  round integer NOT NULL,
  state text NOT NULL CHECK (state IN ('pending', 'approved', 'sent_back')),
  requested_at timestamptz NOT NULL,
  requested_by uuid,
  decided_at timestamptz,
  decided_by uuid,
  reason text,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, ticket_id, round),
  FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id)
);
CREATE INDEX closure_reviews_pending ON closure_reviews (tenant_id, requested_at) WHERE state = 'pending';
-- The decided lists (approved, sent back), newest decision first, page by key.
CREATE INDEX closure_reviews_decided ON closure_reviews (tenant_id, state, decided_at, id) WHERE state <> 'pending';

-- The customer's verification links. The token itself is signed (HMAC) and names its row; the
-- row makes it single-use and revocable.
CREATE TABLE verification_links (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  ticket_id uuid NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  -- How the ticket's verification ended (satisfied, partial, unresolved, auto) or why the link
  -- stopped waiting (closed, reopened); set with used_at on every link of the ticket when it
  -- leaves resolved.
  result text,
  -- True on the one link the customer answered through.
  answered boolean NOT NULL DEFAULT false,
  created_by uuid,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id)
);
CREATE INDEX verification_links_ticket ON verification_links (tenant_id, ticket_id, created_at);
-- The verification statistics count these events in a time window without reading the others.
CREATE INDEX ticket_events_verification ON ticket_events (tenant_id, at) WHERE type IN ('verified', 'closed');

-- Follow-up surveys, sent some hours after a ticket closes; the answer attaches to the ticket.
CREATE TABLE surveys (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  ticket_id uuid NOT NULL,
  requester_id uuid,
  sent_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  answered_at timestamptz,
  stars integer CHECK (stars BETWEEN 1 AND 5),
  answer text,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, ticket_id) REFERENCES tickets (tenant_id, id)
);
CREATE INDEX surveys_ticket ON surveys (tenant_id, ticket_id, sent_at);
CREATE INDEX surveys_answered ON surveys (tenant_id, answered_at) WHERE answered_at IS NOT NULL;
-- The survey statistics count a period's surveys by when they were sent.
CREATE INDEX surveys_sent ON surveys (tenant_id, sent_at);
