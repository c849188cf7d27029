-- An engineer taken off automatic dispatch until a time (after a customer said "not solved").
-- Manual dispatch still reaches them; the engine shows why it skipped them.
CREATE TABLE dispatch_pauses (
  tenant_id uuid NOT NULL,
  user_id uuid NOT NULL,
  until timestamptz NOT NULL,
  reason text NOT NULL,
  ticket_id uuid,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, user_id)
);
