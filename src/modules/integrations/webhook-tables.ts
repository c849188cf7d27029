/**
 * Kysely row types of the outbound webhook tables (migration 0013_webhooks.sql); the app's DB
 * interface in src/platform/db/tables.ts lists them.
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** JSON columns are written as JSON text and read as values. */
type Json<T> = ColumnType<T, string, string>;
type JsonWithDefault<T> = ColumnType<T, string | undefined, string>;
type NullableJson<T> = ColumnType<T | null, string | null, string | null>;

export type SubscriptionStatus = 'active' | 'paused' | 'disabled';
export type DeliveryStatus = 'pending' | 'failing' | 'delivered';

export interface WebhookSubscriptionsTable {
  tenant_id: string;
  id: string;
  name: string;
  url: string;
  events: string[];
  filter: JsonWithDefault<Record<string, string[]>>;
  secret: string;
  status: Generated<SubscriptionStatus>;
  paused_reason: string | null;
  owner_id: string;
  timeout_seconds: Generated<number>;
  failing_since: Timestamp | null;
  consecutive_failures: Generated<number>;
  failure_alerted: Generated<boolean>;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookDeliveriesTable {
  tenant_id: string;
  id: string;
  /** bigint: read as a string by both drivers. */
  seq: ColumnType<string, never, never>;
  subscription_id: string;
  message_id: string;
  replay_of: string | null;
  ticket_id: string;
  event_type: string;
  payload: Json<Record<string, unknown>>;
  status: Generated<DeliveryStatus>;
  attempts: Generated<number>;
  request: NullableJson<Record<string, unknown>>;
  response_status: number | null;
  response_body: string | null;
  latency_ms: number | null;
  error: string | null;
  created_at: Timestamp;
  last_attempt_at: Timestamp | null;
  delivered_at: Timestamp | null;
}

export interface WebhookSettingsTable {
  tenant_id: string;
  allow_private_networks: boolean;
  alert_after_failures: number;
  pause_after_seconds: number;
  updated_at: Timestamp;
}
