/**
 * Kysely row types of the auth module's own tables (migration 0016_api_clients.sql); the app's
 * DB interface in src/platform/db/tables.ts lists them.
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface ApiClientsTable {
  tenant_id: string;
  id: string;
  client_id: string;
  secret_hash: string;
  name: string;
  user_id: string;
  scopes: string[];
  rate_limit_per_minute: Generated<number>;
  token_ttl_seconds: Generated<number>;
  active: Generated<boolean>;
  created_by: string;
  last_token_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
