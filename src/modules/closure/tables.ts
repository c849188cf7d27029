/**
 * Kysely row types of the closure module's tables (migration 0009_closure.sql); the app's DB
 * interface in src/platform/db/tables.ts lists them.
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type JsonWithDefault<T> = ColumnType<T, string | undefined, string>;
type UuidArray = ColumnType<string[], string[] | undefined, string[]>;

export interface ClosureRulesTable {
  tenant_id: string;
  id: string;
  ticket_type: string;
  category: string | null;
  items: JsonWithDefault<unknown[]>;
  review_required: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ChecklistEntriesTable {
  tenant_id: string;
  ticket_id: string;
  item_key: string;
  evidence: string;
  attachment_ids: UuidArray;
  text: string | null;
  value: number | null;
  done_by: string;
  done_at: Timestamp;
}

export interface ClosureReviewsTable {
  tenant_id: string;
  id: string;
  ticket_id: string;
  round: number;
  state: 'pending' | 'approved' | 'sent_back';
  requested_at: Timestamp;
  requested_by: string | null;
  decided_at: Timestamp | null;
  decided_by: string | null;
  reason: string | null;
}

export interface VerificationLinksTable {
  tenant_id: string;
  id: string;
  ticket_id: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  result: string | null;
  answered: Generated<boolean>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface SurveysTable {
  tenant_id: string;
  id: string;
  ticket_id: string;
  requester_id: string | null;
  sent_at: Timestamp;
  expires_at: Timestamp;
  answered_at: Timestamp | null;
  stars: number | null;
  answer: string | null;
}
