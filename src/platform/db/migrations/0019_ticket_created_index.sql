-- The dashboard counts tickets by creation day over a period (GET /api/v1/analytics/dashboard).
CREATE INDEX tickets_created ON tickets (tenant_id, created_at);
