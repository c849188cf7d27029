/**
 * Kysely row types of the notify module's tables (migration 0006_notify.sql); the app's DB
 * interface in src/platform/db/tables.ts lists them.
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** JSON columns are written as JSON text and read as values. */
type JsonWithDefault<T> = ColumnType<T, string | undefined, string>;

export interface NotificationsTable {
  tenant_id: string;
  id: string;
  user_id: string;
  ticket_id: string | null;
  template: string;
  title: string;
  body: string;
  data: JsonWithDefault<Record<string, unknown>>;
  urgent: Generated<boolean>;
  read_at: Timestamp | null;
  created_at: Timestamp;
}

export interface NotificationPreferencesTable {
  tenant_id: string;
  user_id: string;
  email: boolean;
  sms: boolean;
  quiet_start_minute: number | null;
  quiet_end_minute: number | null;
  updated_at: Timestamp;
}

export interface NotificationChannelsTable {
  tenant_id: string;
  id: string;
  kind: string;
  name: string;
  settings: JsonWithDefault<Record<string, unknown>>;
  secret: string | null;
  templates: Generated<string[]>;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
