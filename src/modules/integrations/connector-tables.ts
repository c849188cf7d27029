/**
 * Kysely row types of the inbound connectors' tables (migrations 0014_connectors.sql and
 * 0018_connector_callbacks.sql); the app's DB interface in src/platform/db/tables.ts lists them.
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
  /** whsec_ + base64; null for a connector made before callbacks, until an admin rotates it. */
  callback_secret: string | null;
  callback_failures: Generated<number>;
  callback_alerted: Generated<boolean>;
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

export type CallbackStatus = 'pending' | 'failing' | 'delivered' | 'failed';

export interface ConnectorCallbacksTable {
  tenant_id: string;
  id: string;
  /** bigint: read as a string by both drivers. */
  seq: ColumnType<string, never, never>;
  connector_id: string;
  ticket_id: string;
  system: string;
  external_id: string;
  message_id: string;
  replay_of: string | null;
  event_type: string;
  payload: Json<Record<string, unknown>>;
  status: Generated<CallbackStatus>;
  attempts: Generated<number>;
  url: string | null;
  response_status: number | null;
  response_body: string | null;
  latency_ms: number | null;
  error: string | null;
  created_at: Timestamp;
  last_attempt_at: Timestamp | null;
  delivered_at: Timestamp | null;
}
