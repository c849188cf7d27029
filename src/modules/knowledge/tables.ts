/**
 * Kysely row types of the knowledge module's table (migration 0011_knowledge.sql); the app's DB
 * interface in src/platform/db/tables.ts lists it.
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export interface KnowledgeArticlesTable {
  tenant_id: string;
  id: string;
  title: string;
  problem: string;
  cause: string | null;
  steps: string;
  evidence_ids: TextArray;
  source_ticket_id: string | null;
  ticket_type: string | null;
  tags: TextArray;
  terms: TextArray;
  status: Generated<'draft' | 'published' | 'archived'>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}
