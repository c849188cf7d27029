/**
 * Kysely row types of spreadsheet imports (migrations 0015_imports.sql, 0017_import_entities.sql);
 * the app's DB interface in src/platform/db/tables.ts lists them.
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;
type NullableJson<T> = ColumnType<T | null, string | null, string | null>;

/** What an import does with a row whose record exists already. */
export type OnExisting = 'error' | 'skip' | 'update';

export interface RowProblem {
  row: number;
  /** The spreadsheet column the value came from, when one rule names it. */
  column: string | null;
  /** The target the value was going to: a ticket field, or a device's, customer's or person's. */
  field: string | null;
  message: string;
}

export interface ImportTemplatesTable {
  tenant_id: string;
  id: string;
  name: string;
  entity: string;
  mapping: Json<unknown[]>;
  on_existing: Generated<OnExisting>;
  created_by: string;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ImportsTable {
  tenant_id: string;
  id: string;
  entity: string;
  file_name: string;
  template_id: string | null;
  mapping: Json<unknown[]>;
  status: Generated<'queued' | 'running' | 'done'>;
  batch_size: number;
  total: number;
  done: Generated<number>;
  failed: Generated<number>;
  updated: Generated<number>;
  skipped: Generated<number>;
  on_existing: Generated<OnExisting>;
  cursor: Generated<number>;
  errors: ColumnType<RowProblem[], string | undefined, string>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface ImportRowsTable {
  tenant_id: string;
  import_id: string;
  seq: number;
  row_no: number;
  record: NullableJson<Record<string, unknown>>;
  problems: NullableJson<RowProblem[]>;
}
