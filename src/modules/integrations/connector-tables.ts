/**
 * Kysely row types of the inbound connectors' tables (migration 0014_connectors.sql); the app's
 * DB interface in src/platform/db/tables.ts lists them.
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;
type NullableJson<T> = ColumnType<T | null, string | null, string | null>;

export interface ConnectorsTable {
  tenant_id: string;
  id: string;
  key: string;
  name: string;
  schema: NullableJson<Record<string, unknown>>;
  mapping: Json<unknown[]>;
  token_hash: string;
  user_id: string;
  callback_url: string | null;
  active: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ExternalLinksTable {
  tenant_id: string;
  system: string;
  external_id: string;
  ticket_id: string;
  connector_id: string | null;
  state: string | null;
  state_at: Timestamp | null;
  note: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ConnectorDeadLettersTable {
  tenant_id: string;
  id: string;
  connector_id: string;
  content_type: string;
  body: string;
  error: Json<{ code: string; message: string; details: Record<string, unknown> }>;
  status: Generated<'pending' | 'replayed'>;
  ticket_id: string | null;
  received_at: Timestamp;
  replayed_at: Timestamp | null;
}
