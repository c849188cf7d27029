-- Reads of the dispatch engine, which ranks every engineer of a tenant for each decision in a
-- few set-based statements (src/modules/dispatch/store.ts): these keep them index look-ups on
-- what they need instead of scans of every ticket and event.

-- "Tickets taken in the last 7 days": the accepts of a tenant within a time window.
CREATE INDEX ticket_events_accepted ON ticket_events (tenant_id, at) WHERE type = 'accepted';

-- "Past results on this type": a type's assigned tickets of the last months, by creation.
CREATE INDEX tickets_type_assigned ON tickets (tenant_id, type, created_at) WHERE assignee_id IS NOT NULL;
