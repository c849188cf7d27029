/**
 * Kysely row types of the problems module's tables (migration 0010_problems.sql); the app's DB
 * interface in src/platform/db/tables.ts lists them.
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface ProblemsTable {
  tenant_id: string;
  id: string;
  number: string;
  title: string;
  status: 'open' | 'investigating' | 'closed';
  owner_id: string | null;
  /** Null for a problem opened by hand. */
  match_kind: 'device' | 'customer' | 'error_code' | null;
  match_value: string | null;
  ticket_type: string | null;
  root_cause: string | null;
  corrective_action: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: Timestamp | null;
  closed_by: string | null;
  version: Generated<number>;
}

export interface ProblemTicketsTable {
  tenant_id: string;
  problem_id: string;
  ticket_id: string;
  linked_at: Timestamp;
  linked_by: string | null;
}

/** The last problem number given out per tenant and local day (PRB-YYYYMMDD-NNN). */
export interface ProblemCountersTable {
  tenant_id: string;
  day: string;
  last: number;
}
