/**
 * Kysely row types of every table, grouped by the module that owns it. Only the owning module's
 * store.ts reads or writes a table; others go through that module's index.ts.
 */
import type { ColumnType, Generated } from 'kysely';
import type { NotificationChannelsTable, NotificationPreferencesTable, NotificationsTable } from '../../modules/notify/tables.ts';
import type {
  ChecklistEntriesTable, ClosureReviewsTable, ClosureRulesTable, SurveysTable, VerificationLinksTable,
} from '../../modules/closure/tables.ts';
import type { ProblemCountersTable, ProblemTicketsTable, ProblemsTable } from '../../modules/problems/tables.ts';
import type { KnowledgeArticlesTable } from '../../modules/knowledge/tables.ts';
import type { WebhookDeliveriesTable, WebhookSettingsTable, WebhookSubscriptionsTable } from '../../modules/integrations/webhook-tables.ts';
import type { ConnectorCallbacksTable, ConnectorDeadLettersTable, ConnectorsTable, ExternalLinksTable } from '../../modules/integrations/connector-tables.ts';
import type { ImportRowsTable, ImportTemplatesTable, ImportsTable } from '../../modules/integrations/import-tables.ts';
import type { ApiClientsTable } from '../../modules/auth/tables.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** JSON columns are written as JSON text and read as values. */
type Json<T> = ColumnType<T, string, string>;
type JsonWithDefault<T> = ColumnType<T, string | undefined, string>;
type NullableJson<T> = ColumnType<T | null, string | null, string | null>;

// --- directory ---------------------------------------------------------------------------
export interface TenantsTable {
  id: string;
  slug: string;
  name: string;
  timezone: Generated<string>;
  settings: JsonWithDefault<Record<string, unknown>>;
  created_at: Timestamp;
}
export interface OrgUnitsTable {
  tenant_id: string;
  id: string;
  parent_id: string | null;
  kind: 'company' | 'region' | 'service_point' | 'department';
  name: string;
  code: string | null;
  manager_id: string | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface UsersTable {
  tenant_id: string;
  id: string;
  email: string;
  name: string;
  phone: string | null;
  password_hash: string | null;
  roles: string[];
  org_unit_id: string | null;
  availability: Generated<string>;
  leave_delegate_id: string | null;
  leave_from: Timestamp | null;
  leave_until: Timestamp | null;
  lat: number | null;
  lng: number | null;
  located_at: Timestamp | null;
  locale: Generated<string>;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface UserSkillsTable {
  tenant_id: string;
  user_id: string;
  skill_key: string;
  level: number;
  certificate_no: string | null;
  expires_at: Timestamp | null;
}
export interface CustomersTable {
  tenant_id: string;
  id: string;
  name: string;
  tier: Generated<string>;
  contact_name: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  org_unit_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface DevicesTable {
  tenant_id: string;
  id: string;
  serial: string;
  model: string;
  customer_id: string | null;
  site: string | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  installed_at: Timestamp | null;
  qr_code: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

// --- auth --------------------------------------------------------------------------------
export interface AuthTokensTable {
  tenant_id: string;
  id: string;
  user_id: string;
  token_hash: string;
  kind: 'session' | 'personal' | 'client';
  name: string | null;
  /** NULL: every scope the user's roles allow. */
  scopes: string[] | null;
  client_id: string | null;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
  created_at: Timestamp;
}

// --- tickets -----------------------------------------------------------------------------
export interface TicketTypesTable {
  tenant_id: string;
  key: string;
  name_zh: string;
  name_en: string;
  default_priority: Generated<string>;
  form_schema: JsonWithDefault<Record<string, unknown>>;
  active: Generated<boolean>;
  builtin: Generated<boolean>;
  position: Generated<number>;
  version: Generated<number>;
  dispatch: JsonWithDefault<Record<string, unknown>>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface TicketCountersTable {
  tenant_id: string;
  day: string;
  last: number;
}
export interface TicketsTable {
  tenant_id: string;
  id: string;
  number: string;
  type: string;
  status: string;
  priority: string;
  title: string;
  description: string;
  channel: Generated<string>;
  requester_id: string | null;
  assignee_id: string | null;
  customer_id: string | null;
  device_id: string | null;
  location: NullableJson<{ lat: number; lng: number; address?: string }>;
  fields: JsonWithDefault<Record<string, unknown>>;
  duplicate_of_id: string | null;
  hold_reason: string | null;
  held_from: string | null;
  solution: string | null;
  verification: NullableJson<Record<string, unknown>>;
  response_due_at: Timestamp | null;
  resolve_due_at: Timestamp | null;
  first_responded_at: Timestamp | null;
  sla_breaches: JsonWithDefault<unknown[]>;
  resolved_at: Timestamp | null;
  closed_at: Timestamp | null;
  reopen_count: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
  offered_to: ColumnType<string[], string[] | undefined, string[]>;
  dispatch_failed_at: Timestamp | null;
  dispatch_failure: string | null;
  sla_policy_id: string | null;
  sla_state: JsonWithDefault<Record<string, unknown>>;
  origin_ticket_id: string | null;
  problem_id: string | null;
}
export interface TicketEventsTable {
  tenant_id: string;
  id: string;
  ticket_id: string;
  type: string;
  actor_id: string | null;
  at: Timestamp;
  data: Json<Record<string, unknown>>;
}
export interface AttachmentsTable {
  tenant_id: string;
  id: string;
  ticket_id: string;
  sha256: string;
  size: number;
  mime: string;
  name: string;
  kind: string;
  uploaded_by: string | null;
  created_at: Timestamp;
}
export interface IdempotencyKeysTable {
  tenant_id: string;
  user_id: string;
  key: string;
  request_hash: string;
  ticket_id: string;
  created_at: Timestamp;
}

// --- sla ---------------------------------------------------------------------------------
export interface SlaCalendarsTable {
  tenant_id: string;
  id: string;
  name: string;
  definition: Json<Record<string, unknown>>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface SlaPoliciesTable {
  tenant_id: string;
  id: string;
  name: string;
  position: Generated<number>;
  match: JsonWithDefault<Record<string, unknown>>;
  calendar_id: string | null;
  response_seconds: number;
  resolve_seconds: number;
  paused_statuses: ColumnType<string[], string[] | undefined, string[]>;
  ladder: JsonWithDefault<unknown[]>;
  active: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface SlaEscalationsTable {
  tenant_id: string;
  ticket_id: string;
  step_key: string;
  policy_id: string;
  fired_at: Timestamp;
  actions: JsonWithDefault<unknown[]>;
  snapshot: JsonWithDefault<Record<string, unknown>>;
}

// --- dispatch ----------------------------------------------------------------------------
export interface DispatchDecisionsTable {
  tenant_id: string;
  id: string;
  ticket_id: string;
  mode: 'propose' | 'auto' | 'offer' | 'manual';
  trigger: string;
  actor_id: string | null;
  chosen: ColumnType<string[], string[] | undefined, string[]>;
  candidates: Json<unknown[]>;
  eligible_count: number;
  excluded_count: number;
  weights: Json<Record<string, number>>;
  created_at: Timestamp;
}

export interface DispatchPausesTable {
  tenant_id: string;
  user_id: string;
  until: Timestamp;
  reason: string;
  ticket_id: string | null;
  created_at: Timestamp;
}

// --- runner (platform) --------------------------------------------------------------------
export interface DueWorkTable {
  tenant_id: string;
  id: string;
  kind: string;
  payload: JsonWithDefault<Record<string, unknown>>;
  payload_version: Generated<number>;
  run_at: Timestamp;
  status: Generated<'pending' | 'running' | 'done' | 'dead'>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_by: string | null;
  locked_until: Timestamp | null;
  last_error: string | null;
  dedupe_key: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  done_at: Timestamp | null;
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: Timestamp;
}

export interface DB {
  tenants: TenantsTable;
  org_units: OrgUnitsTable;
  users: UsersTable;
  user_skills: UserSkillsTable;
  customers: CustomersTable;
  devices: DevicesTable;
  auth_tokens: AuthTokensTable;
  api_clients: ApiClientsTable;
  ticket_types: TicketTypesTable;
  ticket_counters: TicketCountersTable;
  tickets: TicketsTable;
  ticket_events: TicketEventsTable;
  attachments: AttachmentsTable;
  idempotency_keys: IdempotencyKeysTable;
  sla_calendars: SlaCalendarsTable;
  sla_policies: SlaPoliciesTable;
  sla_escalations: SlaEscalationsTable;
  dispatch_decisions: DispatchDecisionsTable;
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
  notification_channels: NotificationChannelsTable;
  dispatch_pauses: DispatchPausesTable;
  closure_rules: ClosureRulesTable;
  checklist_entries: ChecklistEntriesTable;
  closure_reviews: ClosureReviewsTable;
  verification_links: VerificationLinksTable;
  surveys: SurveysTable;
  problems: ProblemsTable;
  problem_tickets: ProblemTicketsTable;
  problem_counters: ProblemCountersTable;
  knowledge_articles: KnowledgeArticlesTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_settings: WebhookSettingsTable;
  connectors: ConnectorsTable;
  external_links: ExternalLinksTable;
  connector_dead_letters: ConnectorDeadLettersTable;
  connector_callbacks: ConnectorCallbacksTable;
  import_templates: ImportTemplatesTable;
  imports: ImportsTable;
  import_rows: ImportRowsTable;
  due_work: DueWorkTable;
  schema_migrations: SchemaMigrationsTable;
}
