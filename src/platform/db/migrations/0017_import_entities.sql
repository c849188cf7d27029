-- Spreadsheet imports of devices, customers and people as well as tickets, and what an import
-- does with a row whose record exists already (the same device serial, customer name or
-- email): report it as an error (the default), skip it, or update the record from the row.

ALTER TABLE import_templates DROP CONSTRAINT import_templates_entity_check;
ALTER TABLE import_templates ADD CONSTRAINT import_templates_entity_check
  CHECK (entity IN ('tickets', 'devices', 'customers', 'users'));
ALTER TABLE import_templates ADD COLUMN on_existing text NOT NULL DEFAULT 'error'
  CHECK (on_existing IN ('error', 'skip', 'update'));

ALTER TABLE imports ADD CONSTRAINT imports_entity_check
  CHECK (entity IN ('tickets', 'devices', 'customers', 'users'));
ALTER TABLE imports ADD COLUMN on_existing text NOT NULL DEFAULT 'error'
  CHECK (on_existing IN ('error', 'skip', 'update'));
-- Of the rows counted in `done`, those that updated an existing record; `skipped` rows matched
-- an existing record and were left as they were. done + skipped + failed reaches total.
ALTER TABLE imports ADD COLUMN updated integer NOT NULL DEFAULT 0;
ALTER TABLE imports ADD COLUMN skipped integer NOT NULL DEFAULT 0;
