/**
 * Connector administration (admin only): create with a service identity, a token and a callback
 * signing secret shown once, edit the mapping, rotate the token or the secret, inspect and replay
 * dead letters and callbacks, and the external links a ticket has in other systems.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Ctx } from '../../platform/context.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import { hasRole, type Actor } from '../../platform/http/actor.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { insertUser } from '../directory/index.ts';
import type { TicketService } from '../tickets/index.ts';
import { listCallbacks, replayCallback, toLinkCallback } from './callback-admin.ts';
import { literalRefusal } from './callback-send.ts';
import { latestCallbacksOfTicket, linkKey } from './callback-store.ts';
import { checkDefinition } from './connector-compile.ts';
import type { Ingest, TenantConnector } from './connector-ingest.ts';
import * as store from './connector-store.ts';
import type { CallbackStatus } from './connector-tables.ts';
import type { MappingRule } from './mapping.ts';
import { generateSecret } from './webhook-signing.ts';

export const newConnectorToken = () => `ldc_${randomBytes(32).toString('base64url')}`;
export const hashConnectorToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface ConnectorInput {
  key: string;
  name: string;
  schema?: Record<string, unknown> | null;
  mapping: MappingRule[];
  callbackUrl?: string | null;
}

export type ConnectorPatch = Partial<Omit<ConnectorInput, 'key'>> & { active?: boolean };

export function toConnectorView(connector: store.Connector) {
  return {
    id: connector.id, key: connector.key, name: connector.name, schema: connector.schema, mapping: connector.mapping,
    callbackUrl: connector.callbackUrl, callbackSecretSet: connector.hasCallbackSecret, active: connector.active, userId: connector.userId, version: connector.version,
    createdAt: connector.createdAt.toISOString(), updatedAt: connector.updatedAt.toISOString(),
  };
}

const toDeadLetterView = (letter: store.DeadLetter) => ({
  id: letter.id, contentType: letter.contentType, body: letter.body, error: letter.error, status: letter.status,
  ticketId: letter.ticketId, receivedAt: letter.receivedAt.toISOString(), replayedAt: letter.replayedAt?.toISOString() ?? null,
});

function checkCallbackUrl(url: string | null | undefined) {
  if (!url) return;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('invalid_input', 'callbackUrl is not a URL.', { field: 'callbackUrl' });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new AppError('invalid_input', 'callbackUrl must be http or https.', { field: 'callbackUrl' });
  // Cloud metadata services answer on link-local addresses: a callback must never reach them
  // (also spelt as an IPv4-mapped IPv6 address). Host names are checked after DNS, at each send.
  const refused = literalRefusal(parsed, true);
  if (refused) throw new AppError('invalid_input', `callbackUrl may not be a link-local address: ${refused}`, { field: 'callbackUrl' });
}

export function createConnectorAdmin(ctx: Ctx, deps: { tickets: TicketService; ingest: Ingest }) {
  function requireAdmin(actor: Actor) {
    if (!hasRole(actor, 'admin')) throw forbidden('Only an admin may manage connectors.');
  }

  async function load(actor: Actor, key: string): Promise<TenantConnector> {
    requireAdmin(actor);
    const connector = await store.getConnectorByKey(ctx.db, actor.tenantId, key);
    if (!connector) throw notFound('Connector', key);
    return { ...connector, tenantId: actor.tenantId };
  }

  async function create(actor: Actor, input: ConnectorInput) {
    requireAdmin(actor);
    checkDefinition(input.mapping, input.schema ?? null);
    checkCallbackUrl(input.callbackUrl);
    if (await store.getConnectorByKey(ctx.db, actor.tenantId, input.key)) {
      throw new AppError('already_exists', `A connector with the key "${input.key}" exists.`, { field: 'key' });
    }
    const now = ctx.clock.now();
    const token = newConnectorToken();
    const callbackSecret = generateSecret();
    const id = uuidv7(now.getTime());
    const userId = uuidv7(now.getTime());
    await ctx.db.transaction().execute(async (trx) => {
      // Its own identity, without a password: the ticket history says which system did what.
      await insertUser(trx, actor.tenantId, {
        id: userId, email: `connector+${input.key}@connectors.loopdesk.invalid`, name: `连接器：${input.name}`, passwordHash: null, roles: ['dispatcher'],
      }, now);
      await store.insertConnector(trx, actor.tenantId, {
        id, key: input.key, name: input.name, schema: input.schema ?? null, mapping: input.mapping, userId,
        callbackUrl: input.callbackUrl ?? null, createdAt: now, tokenHash: hashConnectorToken(token), callbackSecret,
      });
    });
    return { id, key: input.key, token, callbackSecret };
  }

  async function update(actor: Actor, key: string, patch: ConnectorPatch) {
    const connector = await load(actor, key);
    checkDefinition(patch.mapping ?? connector.mapping, patch.schema === undefined ? connector.schema : patch.schema);
    checkCallbackUrl(patch.callbackUrl);
    await store.updateConnector(ctx.db, actor.tenantId, connector.id, patch, ctx.clock.now());
    return get(actor, key);
  }

  async function rotateToken(actor: Actor, key: string) {
    const connector = await load(actor, key);
    const token = newConnectorToken();
    await store.updateConnector(ctx.db, actor.tenantId, connector.id, { tokenHash: hashConnectorToken(token) }, ctx.clock.now());
    return { id: connector.id, key: connector.key, token };
  }

  /** A new callback signing secret; the old one stops signing at once. Connectors made before callbacks get their first one here. */
  async function rotateCallbackSecret(actor: Actor, key: string) {
    const connector = await load(actor, key);
    const callbackSecret = generateSecret();
    await store.updateConnector(ctx.db, actor.tenantId, connector.id, { callbackSecret }, ctx.clock.now());
    ctx.log.info({ connector: connector.key, by: actor.userId }, 'connector callback secret rotated');
    return { id: connector.id, key: connector.key, callbackSecret };
  }

  async function get(actor: Actor, key: string) {
    return toConnectorView(await load(actor, key));
  }

  async function list(actor: Actor) {
    requireAdmin(actor);
    return { items: (await store.listConnectors(ctx.db, actor.tenantId)).map(toConnectorView) };
  }

  async function remove(actor: Actor, key: string) {
    const connector = await load(actor, key);
    await store.deleteConnector(ctx.db, actor.tenantId, connector.id);
  }

  async function deadLetters(actor: Actor, key: string, query: { status?: 'pending' | 'replayed'; limit?: number }) {
    const connector = await load(actor, key);
    const letters = await store.listDeadLetters(ctx.db, actor.tenantId, connector.id, { status: query.status, limit: query.limit ?? 100 });
    return { items: letters.map(toDeadLetterView) };
  }

  async function replay(actor: Actor, key: string, id: string) {
    const connector = await load(actor, key);
    const letter = await store.getDeadLetter(ctx.db, actor.tenantId, connector.id, id);
    if (!letter) throw notFound('Dead letter', id);
    return deps.ingest.replay(connector, letter);
  }

  /** Replays every pending dead letter, oldest first; each one's outcome is reported. */
  async function replayAll(actor: Actor, key: string) {
    const connector = await load(actor, key);
    const letters = await store.listDeadLetters(ctx.db, actor.tenantId, connector.id, { status: 'pending', limit: 1000 });
    const results = [];
    for (const letter of letters) {
      try {
        results.push({ id: letter.id, ok: true, ...(await deps.ingest.replay(connector, letter)) });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        results.push({ id: letter.id, ok: false, error: { code: error.code, message: error.message, details: error.details } });
      }
    }
    return { items: results };
  }

  async function dryRun(actor: Actor, key: string, body: string, contentType: string | undefined) {
    return deps.ingest.dryRun(await load(actor, key), body, contentType);
  }

  async function callbacks(actor: Actor, key: string, query: { status?: CallbackStatus; ticketId?: string; cursor?: string; limit?: number }) {
    return listCallbacks(ctx, await load(actor, key), query);
  }

  async function replayOneCallback(actor: Actor, key: string, id: string) {
    return replayCallback(ctx, await load(actor, key), id);
  }

  /** The records other systems keep about a ticket the caller may see, with where the latest callback to each stands. */
  async function externalLinks(actor: Actor, ticketId: string) {
    await deps.tickets.getTicket(actor, ticketId);
    const links = await store.listLinksOfTicket(ctx.db, actor.tenantId, ticketId);
    const latest = await latestCallbacksOfTicket(ctx.db, actor.tenantId, ticketId);
    return links.map((link) => ({
      system: link.system, externalId: link.externalId, state: link.state, stateAt: link.stateAt?.toISOString() ?? null, note: link.note,
      callback: toLinkCallback(latest.get(linkKey(link.system, link.externalId))),
    }));
  }

  return {
    create, update, rotateToken, rotateCallbackSecret, get, list, remove, deadLetters, replay, replayAll, dryRun, externalLinks,
    callbacks, replayCallback: replayOneCallback,
  };
}
