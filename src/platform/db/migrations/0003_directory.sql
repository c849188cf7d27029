-- Lookups of the directory by org unit: people of a unit (and the units under it), and the
-- check that refuses to delete a unit that still has people or customers. The same indexes
-- spare PostgreSQL a full scan of users and customers on its own foreign-key check when an
-- org unit is deleted.
CREATE INDEX users_org_unit ON users (tenant_id, org_unit_id);
CREATE INDEX customers_org_unit ON customers (tenant_id, org_unit_id);
