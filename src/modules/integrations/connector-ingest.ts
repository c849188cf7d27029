/**
 * One inbound event: parse (JSON or XML), validate against the admin's schema, map, then create
 * or update the ticket the source's id links to. A refused event is kept as a dead letter the
 * admin can fix the mapping for and replay.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { findDeviceByCodes, getTenant } from '../directory/index.ts';
import type { TicketHooks, TicketService, TicketSystem } from '../tickets/index.ts';
import { checkSchema, compiledConnector, mappingFailure } from './connector-compile.ts';
import { parseEventBody, type EventFormat } from './connector-payload.ts';
import * as store from './connector-store.ts';
import { applyMapping, MappingError, type MappedRecord } from './mapping.ts';

export type TenantConnector = store.Connector & { tenantId: string };

export interface IngestResult {
  ticketId: string;
  externalId: string;
  created: boolean;
}

/** The source's id of a ticket being created: the listener links it in the ticket's own transaction. */
const pendingLink = new AsyncLocalStorage<{ tenantId: string; connector: TenantConnector; record: MappedRecord }>();

/** Writes the link inside the creating transaction: a second ticket for the same id cannot commit. */
export function registerLinkListener(hooks: TicketHooks): void {
  hooks.onChange('connectors', async (db, change) => {
    if (change.action !== 'create') return;
    const pending = pendingLink.getStore();
    if (!pending || pending.tenantId !== change.tenantId || pending.connector.userId !== change.actorId) return;
    const { connector, record } = pending;
    await store.insertLink(db, change.tenantId, {
      system: connector.key, externalId: record.externalId!, ticketId: change.after.id, connectorId: connector.id,
      state: record.externalState ?? null, stateAt: record.externalState || record.externalNote ? change.now : null, note: record.externalNote ?? null,
    }, change.now);
  });
}

const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === '23505';

export function createIngest(ctx: Ctx, tickets: TicketService, system: TicketSystem) {
  const slugs = new Map<string, string>();

  async function actorOf(connector: TenantConnector): Promise<Actor> {
    let slug = slugs.get(connector.tenantId);
    if (!slug) {
      slug = (await getTenant(ctx.db, connector.tenantId)).slug;
      slugs.set(connector.tenantId, slug);
    }
    return {
      tenantId: connector.tenantId, tenantSlug: slug, userId: connector.userId, name: connector.name,
      email: `connector+${connector.key}@loopdesk.invalid`, roles: ['dispatcher'], tokenId: `connector:${connector.id}`,
    };
  }

  /** Parse, validate, map: everything but the write. Throws the 4xx the source gets. */
  function interpret(connector: TenantConnector, body: string, contentType: string | undefined): { format: EventFormat; record: MappedRecord } {
    const { format, document } = parseEventBody(body, contentType);
    const compiled = compiledConnector(connector);
    checkSchema(compiled, format, document);
    try {
      return { format, record: applyMapping(compiled.mapping, document) };
    } catch (error) {
      if (error instanceof MappingError) throw mappingFailure(error);
      throw error;
    }
  }

  async function deviceIdOf(tenantId: string, record: MappedRecord): Promise<string | undefined> {
    if (record.deviceId || !record.deviceSerial) return record.deviceId;
    const device = await findDeviceByCodes(ctx.db, tenantId, [record.deviceSerial]);
    if (!device) throw new AppError('business_rule', `No device has the serial "${record.deviceSerial}".`, { field: 'deviceSerial', rule: 'device_lookup' });
    return device.id;
  }

  /**
   * A status the source reports. `cancelled` is a dispatcher's cancel. `resolved` is the source
   * saying the fault is fixed: the system resolves the ticket on the connector's behalf from any
   * open status, with a solution naming the source (tickets' resolveForSource says why no
   * checklist applies), and the review and verification flow follows as after any resolve.
   * `closed` is that resolve if the ticket is still open, then a close, in one transaction.
   * A report the ticket is already past (resolved on a closed ticket) changes nothing.
   */
  async function applyStatus(connector: TenantConnector, actor: Actor, ticketId: string, currentStatus: string, record: MappedRecord): Promise<void> {
    const target = record.status;
    if (!target || target === currentStatus) return;
    const note = record.externalNote ?? record.externalState;
    if (target === 'cancelled') {
      await tickets.act(actor, ticketId, 'cancel', { reason: note ?? `来源系统 ${connector.name} 报告已取消` });
      return;
    }
    const now = ctx.clock.now();
    await ctx.db.transaction().execute(async (trx) => {
      const report = { solution: `${connector.name}：${note ?? '来源系统报告故障已解决'}`, system: connector.key, externalId: record.externalId! };
      const ticket = await system.resolveForSource(trx, connector.tenantId, ticketId, report, now, connector.userId);
      if (target === 'closed' && ticket.status === 'resolved') {
        await system.act(trx, connector.tenantId, ticketId, 'close', { comment: note && `${connector.name}：${note}` }, now, connector.userId);
      }
    });
  }

  async function create(connector: TenantConnector, actor: Actor, record: MappedRecord): Promise<IngestResult | undefined> {
    if (!record.description) {
      throw new AppError('business_rule', 'A new ticket needs a description: the mapping gave none for this event.', { field: 'description', rule: 'required' });
    }
    const deviceId = await deviceIdOf(connector.tenantId, record);
    try {
      const { ticket } = await pendingLink.run({ tenantId: connector.tenantId, connector, record }, () => tickets.createTicket(actor, {
        description: record.description!, type: record.type, priority: record.priority, customerId: record.customerId, deviceId,
        fields: Object.keys(record.fields).length ? record.fields : undefined, channel: `connector:${connector.key}`,
      }));
      if (record.title && record.title !== ticket.title) await tickets.updateTicket(actor, ticket.id, { title: record.title });
      await applyStatus(connector, actor, ticket.id, ticket.status, record);
      return { ticketId: ticket.id, externalId: record.externalId!, created: true };
    } catch (error) {
      // The same id arrived twice at once: the other one's ticket won; this one updates it.
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
  }

  async function update(connector: TenantConnector, actor: Actor, link: store.ExternalLink, record: MappedRecord): Promise<IngestResult> {
    const ticket = await tickets.getTicket(actor, link.ticketId);
    const changes: Parameters<TicketService['updateTicket']>[2] = {};
    if (record.description !== undefined && record.description !== ticket.description) changes.description = record.description;
    if (record.title !== undefined && record.title !== ticket.title) changes.title = record.title;
    if (record.priority !== undefined && record.priority !== ticket.priority) changes.priority = record.priority;
    if (record.type !== undefined && record.type !== ticket.type) changes.type = record.type;
    if (record.customerId !== undefined && record.customerId !== ticket.customerId) changes.customerId = record.customerId;
    const deviceId = await deviceIdOf(connector.tenantId, record);
    if (deviceId !== undefined && deviceId !== ticket.deviceId) changes.deviceId = deviceId;
    const fields = { ...ticket.fields, ...record.fields };
    if (JSON.stringify(fields) !== JSON.stringify(ticket.fields)) changes.fields = fields;
    const open = ticket.status !== 'closed' && ticket.status !== 'cancelled';
    if (Object.keys(changes).length && open) await tickets.updateTicket(actor, ticket.id, changes);
    if (record.externalState !== undefined || record.externalNote !== undefined) {
      await store.updateLinkState(ctx.db, connector.tenantId, connector.key, link.externalId, { state: record.externalState, note: record.externalNote }, ctx.clock.now());
    }
    await applyStatus(connector, actor, ticket.id, ticket.status, record);
    return { ticketId: ticket.id, externalId: link.externalId, created: false };
  }

  /** Creates or updates the linked ticket; the same event twice leaves one ticket. */
  async function write(connector: TenantConnector, record: MappedRecord): Promise<IngestResult> {
    const actor = await actorOf(connector);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const link = await store.findLink(ctx.db, connector.tenantId, connector.key, record.externalId!);
      if (link) return update(connector, actor, link, record);
      const created = await create(connector, actor, record);
      if (created) return created;
    }
    throw new AppError('idempotency_conflict', 'The same source id is being written by another request; send the event again.', { externalId: record.externalId });
  }

  async function keepDeadLetter(connector: TenantConnector, body: string, contentType: string | undefined, error: AppError) {
    await store.insertDeadLetter(ctx.db, connector.tenantId, connector.id, {
      id: uuidv7(ctx.clock.now().getTime()), contentType: contentType ?? '', body, receivedAt: ctx.clock.now(),
      error: { code: error.code, message: error.message, details: error.details },
    });
  }

  /** POST …/events: a refused event answers its 4xx and is kept (unless it is too large to keep). */
  async function receive(connector: TenantConnector, body: string, contentType: string | undefined): Promise<IngestResult> {
    try {
      const { record } = interpret(connector, body, contentType);
      return await write(connector, record);
    } catch (error) {
      if (error instanceof AppError && error.status < 500 && error.code !== 'payload_too_large') {
        await keepDeadLetter(connector, body, contentType, error);
      }
      throw error;
    }
  }

  /** What an event would become, without writing anything. */
  async function dryRun(connector: TenantConnector, body: string, contentType: string | undefined) {
    const { format, record } = interpret(connector, body, contentType);
    const link = await store.findLink(ctx.db, connector.tenantId, connector.key, record.externalId!);
    return { format, mapped: { ...record } as Record<string, unknown>, ticketId: link?.ticketId ?? null, wouldCreate: !link };
  }

  /** Runs a dead letter again with the connector as it is now; it is marked replayed once it lands. */
  async function replay(connector: TenantConnector, letter: store.DeadLetter): Promise<IngestResult> {
    if (letter.status === 'replayed' && letter.ticketId) {
      throw new AppError('illegal_transition', 'This dead letter was already replayed.', { id: letter.id, ticketId: letter.ticketId });
    }
    try {
      const { record } = interpret(connector, letter.body, letter.contentType);
      const result = await write(connector, record);
      await store.markReplayed(ctx.db, connector.tenantId, letter.id, result.ticketId, ctx.clock.now());
      return result;
    } catch (error) {
      if (error instanceof AppError && error.status < 500) {
        await store.recordReplayFailure(ctx.db, connector.tenantId, letter.id, { code: error.code, message: error.message, details: error.details });
      }
      throw error;
    }
  }

  return { receive, dryRun, replay };
}

export type Ingest = ReturnType<typeof createIngest>;
