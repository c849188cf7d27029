/** SQL for connectors, their dead letters and the external links of tickets. Always by tenant. */
import type { Db } from '../../platform/context.ts';
import type { MappingRule } from './mapping.ts';

export interface Connector {
  id: string;
  key: string;
  name: string;
  schema: Record<string, unknown> | null;
  mapping: MappingRule[];
  userId: string;
  callbackUrl: string | null;
  /** Whether callbacks can be signed; the secret itself is read only by the sender. */
  hasCallbackSecret: boolean;
  active: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const connectorColumns = ['id', 'tenant_id', 'key', 'name', 'schema', 'mapping', 'user_id', 'callback_url', 'callback_secret', 'active', 'version', 'created_at', 'updated_at'] as const;

type ConnectorRow = {
  id: string; key: string; name: string; schema: Record<string, unknown> | null; mapping: unknown[]; user_id: string;
  callback_url: string | null; callback_secret: string | null; active: boolean; version: number; created_at: Date; updated_at: Date;
};

const toConnector = (row: ConnectorRow): Connector => ({
  id: row.id, key: row.key, name: row.name, schema: row.schema, mapping: row.mapping as MappingRule[], userId: row.user_id,
  callbackUrl: row.callback_url, hasCallbackSecret: row.callback_secret !== null, active: row.active, version: row.version, createdAt: row.created_at, updatedAt: row.updated_at,
});

export async function insertConnector(db: Db, tenantId: string,
  connector: Omit<Connector, 'active' | 'version' | 'updatedAt' | 'hasCallbackSecret'> & { tokenHash: string; callbackSecret: string }) {
  await db.insertInto('connectors').values({
    tenant_id: tenantId, id: connector.id, key: connector.key, name: connector.name,
    schema: connector.schema ? JSON.stringify(connector.schema) : null, mapping: JSON.stringify(connector.mapping),
    token_hash: connector.tokenHash, user_id: connector.userId, callback_url: connector.callbackUrl, callback_secret: connector.callbackSecret,
    created_at: connector.createdAt, updated_at: connector.createdAt,
  }).execute();
}

export async function getConnectorByKey(db: Db, tenantId: string, key: string): Promise<Connector | undefined> {
  const row = await db.selectFrom('connectors').select(connectorColumns).where('tenant_id', '=', tenantId).where('key', '=', key).executeTakeFirst();
  return row && toConnector(row);
}

/** The connector a token belongs to, in whichever tenant: the token names its tenant. */
export async function findConnectorByTokenHash(db: Db, tokenHash: string): Promise<(Connector & { tenantId: string }) | undefined> {
  const row = await db.selectFrom('connectors').select(connectorColumns).where('token_hash', '=', tokenHash).executeTakeFirst();
  return row && { ...toConnector(row), tenantId: row.tenant_id };
}

export async function listConnectors(db: Db, tenantId: string): Promise<Connector[]> {
  const rows = await db.selectFrom('connectors').select(connectorColumns).where('tenant_id', '=', tenantId).orderBy('key').execute();
  return rows.map(toConnector);
}

export async function updateConnector(db: Db, tenantId: string, id: string, changes: {
  name?: string; schema?: Record<string, unknown> | null; mapping?: MappingRule[]; callbackUrl?: string | null; active?: boolean; tokenHash?: string;
  callbackSecret?: string;
}, now: Date): Promise<void> {
  await db.updateTable('connectors').set((eb) => ({
    ...(changes.name !== undefined ? { name: changes.name } : {}),
    ...(changes.schema !== undefined ? { schema: changes.schema ? JSON.stringify(changes.schema) : null } : {}),
    ...(changes.mapping !== undefined ? { mapping: JSON.stringify(changes.mapping) } : {}),
    ...(changes.callbackUrl !== undefined ? { callback_url: changes.callbackUrl } : {}),
    ...(changes.active !== undefined ? { active: changes.active } : {}),
    ...(changes.tokenHash !== undefined ? { token_hash: changes.tokenHash } : {}),
    ...(changes.callbackSecret !== undefined ? { callback_secret: changes.callbackSecret } : {}),
    version: eb('version', '+', 1),
    updated_at: now,
  })).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export async function deleteConnector(db: Db, tenantId: string, id: string): Promise<void> {
  await db.deleteFrom('connectors').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

// --- external links ----------------------------------------------------------------------

export interface ExternalLink {
  system: string;
  externalId: string;
  ticketId: string;
  state: string | null;
  stateAt: Date | null;
  note: string | null;
}

const linkColumns = ['system', 'external_id', 'ticket_id', 'state', 'state_at', 'note'] as const;
const toLink = (row: { system: string; external_id: string; ticket_id: string; state: string | null; state_at: Date | null; note: string | null }): ExternalLink => ({
  system: row.system, externalId: row.external_id, ticketId: row.ticket_id, state: row.state, stateAt: row.state_at, note: row.note,
});

export async function findLink(db: Db, tenantId: string, system: string, externalId: string): Promise<ExternalLink | undefined> {
  const row = await db.selectFrom('external_links').select(linkColumns)
    .where('tenant_id', '=', tenantId).where('system', '=', system).where('external_id', '=', externalId).executeTakeFirst();
  return row && toLink(row);
}

/** Fails with a unique violation when the source's id is already linked: the caller's transaction rolls back. */
export async function insertLink(db: Db, tenantId: string, link: ExternalLink & { connectorId: string }, now: Date): Promise<void> {
  await db.insertInto('external_links').values({
    tenant_id: tenantId, system: link.system, external_id: link.externalId, ticket_id: link.ticketId, connector_id: link.connectorId,
    state: link.state, state_at: link.stateAt, note: link.note, created_at: now, updated_at: now,
  }).execute();
}

export async function updateLinkState(db: Db, tenantId: string, system: string, externalId: string, state: { state?: string; note?: string }, now: Date) {
  await db.updateTable('external_links').set({
    ...(state.state !== undefined ? { state: state.state, state_at: now } : {}),
    ...(state.note !== undefined ? { note: state.note, state_at: now } : {}),
    updated_at: now,
  }).where('tenant_id', '=', tenantId).where('system', '=', system).where('external_id', '=', externalId).execute();
}

export async function listLinksOfTicket(db: Db, tenantId: string, ticketId: string): Promise<ExternalLink[]> {
  const rows = await db.selectFrom('external_links').select(linkColumns)
    .where('tenant_id', '=', tenantId).where('ticket_id', '=', ticketId).orderBy('system').orderBy('external_id').execute();
  return rows.map(toLink);
}

// --- dead letters ------------------------------------------------------------------------

export interface DeadLetter {
  id: string;
  contentType: string;
  body: string;
  error: { code: string; message: string; details: Record<string, unknown> };
  status: 'pending' | 'replayed';
  ticketId: string | null;
  receivedAt: Date;
  replayedAt: Date | null;
}

const deadLetterColumns = ['id', 'content_type', 'body', 'error', 'status', 'ticket_id', 'received_at', 'replayed_at'] as const;

export async function insertDeadLetter(db: Db, tenantId: string, connectorId: string, letter: Pick<DeadLetter, 'id' | 'contentType' | 'body' | 'error' | 'receivedAt'>) {
  await db.insertInto('connector_dead_letters').values({
    tenant_id: tenantId, id: letter.id, connector_id: connectorId, content_type: letter.contentType, body: letter.body,
    error: JSON.stringify(letter.error), ticket_id: null, received_at: letter.receivedAt, replayed_at: null,
  }).execute();
}

export async function listDeadLetters(db: Db, tenantId: string, connectorId: string, filter: { status?: 'pending' | 'replayed'; limit: number }): Promise<DeadLetter[]> {
  let query = db.selectFrom('connector_dead_letters').select(deadLetterColumns)
    .where('tenant_id', '=', tenantId).where('connector_id', '=', connectorId);
  if (filter.status) query = query.where('status', '=', filter.status);
  const rows = await query.orderBy('id').limit(filter.limit).execute();
  return rows.map((row) => ({
    id: row.id, contentType: row.content_type, body: row.body, error: row.error, status: row.status, ticketId: row.ticket_id,
    receivedAt: row.received_at, replayedAt: row.replayed_at,
  }));
}

export async function getDeadLetter(db: Db, tenantId: string, connectorId: string, id: string, forUpdate = false): Promise<DeadLetter | undefined> {
  let query = db.selectFrom('connector_dead_letters').select(deadLetterColumns)
    .where('tenant_id', '=', tenantId).where('connector_id', '=', connectorId).where('id', '=', id);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && {
    id: row.id, contentType: row.content_type, body: row.body, error: row.error, status: row.status, ticketId: row.ticket_id,
    receivedAt: row.received_at, replayedAt: row.replayed_at,
  };
}

export async function markReplayed(db: Db, tenantId: string, id: string, ticketId: string, now: Date): Promise<void> {
  await db.updateTable('connector_dead_letters').set({ status: 'replayed', ticket_id: ticketId, replayed_at: now })
    .where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export async function recordReplayFailure(db: Db, tenantId: string, id: string, error: DeadLetter['error']): Promise<void> {
  await db.updateTable('connector_dead_letters').set({ error: JSON.stringify(error) })
    .where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}
