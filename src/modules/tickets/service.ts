/**
 * Ticket use cases. Each opens one transaction: load, decide (pure), write the ticket row and
 * its events together. `within(trx)` runs creating and editing in a caller's transaction instead.
 */
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Ctx, Db } from '../../platform/context.ts';
import type { DB } from '../../platform/db/tables.ts';
import { AppError } from '../../platform/errors.ts';
import { hasRole, type Actor } from '../../platform/http/actor.ts';
import { FreshCache } from '../../platform/fresh-cache.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { customerExists, findDeviceByCodes, getDevice, getTenant, getUser, type Tenant } from '../directory/index.ts';
import { DEFAULT_TICKET_TYPE } from './builtin-types.ts';
import { deviceFieldValues, validateFields } from './forms.ts';
import { deriveTitle, deviceTokens, findDuplicate } from './intake.ts';
import { duplicateSummary, newTicket, toTicketView, type Location, type Priority, type Status, type TicketState, type TicketView } from './model.ts';
import { SUPERVISORS } from './lifecycle.ts';
import type { TicketHooks } from './hooks.ts';
import * as store from './store.ts';
import { cachedTicketType } from './type-cache.ts';

const DEFAULT_DUPLICATE_WINDOW_SECONDS = 24 * 3600;

/**
 * Whether a repeat of an open report is likely a person reporting again. Records another system
 * sends (connectors) or an import brings carry their own ids, which make them idempotent; two
 * alike texts there are two records, and cancelling the second would lose one.
 */
const reportsByPeople = (channel: string) => !channel.startsWith('connector:') && channel !== 'import';

export interface CreateTicketInput {
  description: string;
  type?: string;
  priority?: Priority;
  customerId?: string;
  deviceId?: string;
  location?: Location;
  fields?: Record<string, unknown>;
  channel?: string;
  /** Staff taking a report by phone may name the requester. */
  requesterId?: string;
}

export interface UpdateTicketInput {
  version?: number;
  title?: string;
  description?: string;
  type?: string;
  priority?: Priority;
  customerId?: string | null;
  deviceId?: string | null;
  location?: Location | null;
  fields?: Record<string, unknown>;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The local calendar day in the tenant's time zone, as YYYYMMDD. */
export function localDay(at: Date, timeZone: string): string {
  // Building a formatter costs 0.2-0.5 ms, a fifth of an intake's CPU: keep one per zone.
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const get = (type: string) => parts.find((part) => part.type === type)!.value;
  return `${get('year')}${get('month')}${get('day')}`;
}

export function visibilityOf(actor: Actor): store.Visibility {
  if (hasRole(actor, 'admin', 'dispatcher', 'manager', 'expert', 'finance')) return { kind: 'all' };
  if (hasRole(actor, 'engineer')) return { kind: 'worker', userId: actor.userId };
  return { kind: 'requester', userId: actor.userId };
}

export function canSee(actor: Actor, ticket: TicketState): boolean {
  const visibility = visibilityOf(actor);
  if (visibility.kind === 'all') return true;
  if (visibility.kind === 'requester') return ticket.requesterId === actor.userId;
  return ticket.assigneeId === actor.userId || ticket.requesterId === actor.userId || ticket.offeredTo.includes(actor.userId);
}

const hashRequest = (input: unknown) => createHash('sha256').update(JSON.stringify(input)).digest('hex');

export function createTicketCore(ctx: Ctx, hooks: TicketHooks) {
  const tenants = new FreshCache<string, Tenant>(5000, 10_000);

  /**
   * A use case's writes run in a transaction of their own, or, when the core was made with a
   * caller's transaction as its database (`within`), in that one: the caller's commit or
   * rollback then takes them with its own work.
   */
  function transact<T>(work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    return ctx.db.isTransaction ? work(ctx.db as Transaction<DB>) : ctx.db.transaction().execute(work);
  }

  /** Tenant settings change rarely; a few seconds of caching saves a query per intake. */
  async function tenantOf(tenantId: string): Promise<Tenant> {
    let tenant = tenants.get(tenantId);
    if (!tenant) {
      tenant = await getTenant(ctx.db, tenantId);
      tenants.set(tenantId, tenant);
    }
    return tenant;
  }

  /** The ticket if the caller may see it; 404 otherwise, the same as for another tenant's id. */
  async function loadVisible(db: Db, actor: Actor, id: string, forUpdate = false): Promise<TicketState> {
    const ticket = await store.getTicket(db, actor.tenantId, id, { forUpdate });
    if (!ticket || !canSee(actor, ticket)) throw new AppError('not_found', 'Ticket not found.', { id });
    return ticket;
  }

  async function view(db: Db, tenantId: string, ticket: TicketState): Promise<TicketView> {
    if (!ticket.duplicateOfId) return toTicketView(ticket, null, ctx.clock.now());
    const [original] = await store.getTicketsByIds(db, tenantId, [ticket.duplicateOfId]);
    return toTicketView(ticket, original && duplicateSummary(original), ctx.clock.now());
  }

  async function checkReferences(db: Db, tenantId: string, refs: { customerId?: string | null; deviceId?: string | null }) {
    if (refs.customerId && !(await customerExists(db, tenantId, refs.customerId))) {
      throw new AppError('invalid_input', 'customerId names no customer of this tenant.', { field: 'customerId' });
    }
    if (refs.deviceId) {
      const device = await getDevice(db, tenantId, refs.deviceId);
      if (!device) throw new AppError('invalid_input', 'deviceId names no device of this tenant.', { field: 'deviceId' });
      return device;
    }
    return undefined;
  }

  async function checkFields(db: Db, tenantId: string, typeKey: string, fields: Record<string, unknown>) {
    const type = await cachedTicketType(db, tenantId, typeKey);
    if (!type || !type.active) throw new AppError('invalid_input', `Unknown ticket type "${typeKey}".`, { field: 'type' });
    const problems = validateFields(`${tenantId}:${type.key}:${type.version}`, type.formSchema, fields);
    if (problems.length) throw new AppError('invalid_fields', `Custom fields: ${problems.join('; ')}.`, { problems });
    for (const deviceId of deviceFieldValues(type.formSchema, fields)) {
      if (!(await getDevice(db, tenantId, deviceId))) {
        throw new AppError('invalid_fields', 'A device field names no device of this tenant.', { value: deviceId });
      }
    }
    return type;
  }

  async function createTicket(actor: Actor, input: CreateTicketInput, idempotencyKey?: string): Promise<{ ticket: TicketView; replayed: boolean }> {
    const description = input.description.trim();
    if (!description) throw new AppError('invalid_input', 'Describe the problem: description is empty.', { field: 'description' });
    const requestHash = idempotencyKey ? hashRequest(input) : '';
    if (idempotencyKey) {
      const replay = await replayIdempotent(actor, idempotencyKey, requestHash);
      if (replay) return replay;
    }
    if (input.requesterId && input.requesterId !== actor.userId && !hasRole(actor, ...SUPERVISORS)) {
      throw new AppError('forbidden', 'Only dispatchers may report on behalf of someone else.');
    }
    const now = ctx.clock.now();
    const tenant = await tenantOf(actor.tenantId);
    const typeKey = input.type ?? DEFAULT_TICKET_TYPE;
    const fields = input.fields ?? {};
    const type = await checkFields(ctx.db, actor.tenantId, typeKey, fields);
    const requesterId = input.requesterId ?? actor.userId;
    if (requesterId !== actor.userId && !(await getUser(ctx.db, actor.tenantId, requesterId))) {
      throw new AppError('invalid_input', 'requesterId names no user of this tenant.', { field: 'requesterId' });
    }
    // A device named by id, else one whose serial or QR code value stands in the text.
    const device = (await checkReferences(ctx.db, actor.tenantId, input))
      ?? (await findDeviceByCodes(ctx.db, actor.tenantId, deviceTokens(description)));
    const number = await store.nextTicketNumber(ctx.db, actor.tenantId, localDay(now, tenant.timezone));

    const ticket = newTicket({
      id: uuidv7(now.getTime()), number, type: type.key, priority: input.priority ?? type.defaultPriority,
      title: deriveTitle(description), description, channel: input.channel ?? 'api', requesterId,
      customerId: input.customerId ?? device?.customerId ?? null, deviceId: device?.id ?? null,
      location: input.location ?? device?.location ?? null, fields, createdAt: now,
    });
    const windowSeconds = Number(tenant.settings.duplicateWindowSeconds ?? DEFAULT_DUPLICATE_WINDOW_SECONDS);
    const candidates = windowSeconds > 0 && reportsByPeople(ticket.channel)
      ? await store.findDuplicateCandidates(ctx.db, actor.tenantId, {
        requesterId, deviceId: ticket.deviceId, since: new Date(now.getTime() - windowSeconds * 1000),
      })
      : [];
    const duplicate = findDuplicate(description, candidates);
    if (duplicate) {
      // The open ticket already handles this: keep the report, linked, instead of dispatching it twice.
      ticket.duplicateOfId = duplicate.ticket.id;
      ticket.status = 'cancelled';
      ticket.closedAt = now;
    }
    const events: store.NewTicketEvent[] = [
      { ticketId: ticket.id, type: 'created', data: { after: toTicketView(ticket) } },
      ...(duplicate ? [
        { ticketId: ticket.id, type: 'duplicate_detected', data: {
          duplicateOfId: duplicate.ticket.id, duplicateOfNumber: duplicate.ticket.number, similarity: Number(duplicate.similarity.toFixed(2)),
        } },
        { ticketId: duplicate.ticket.id, type: 'duplicate_linked', data: { ticketId: ticket.id, number: ticket.number, description } },
      ] : []),
    ];
    const original = duplicate && duplicateSummary(duplicate.ticket);
    // The ticket, its events and what other modules start for it (SLA clocks, dispatch) commit
    // together; with a key, so does the key's claim, so a retry finds one or neither.
    const created = await transact(async (trx) => {
      const written = await hooks.creating(trx, { tenantId: actor.tenantId, after: ticket, events, actorId: actor.userId, now });
      await store.insertTicketWithEvents(trx, actor.tenantId, written, actor.userId, events);
      if (idempotencyKey && !(await store.claimIdempotencyKey(trx, {
        tenantId: actor.tenantId, userId: actor.userId, key: idempotencyKey, requestHash, ticketId: ticket.id, now,
      }))) {
        throw new IdempotencyRace();
      }
      return toTicketView(written, original, now);
    }).catch(async (error) => {
      if (error instanceof IdempotencyRace) return undefined;
      throw error;
    });
    if (created) return { ticket: created, replayed: false };
    // Another request with the same key committed first: answer as it did.
    const replay = await replayIdempotent(actor, idempotencyKey!, requestHash);
    if (!replay) throw new AppError('idempotency_conflict', 'A request with this Idempotency-Key is in progress.');
    return replay;
  }

  async function replayIdempotent(actor: Actor, key: string, requestHash: string) {
    const previous = await store.findIdempotencyKey(ctx.db, actor.tenantId, actor.userId, key);
    if (!previous) return undefined;
    if (previous.requestHash !== requestHash) {
      throw new AppError('idempotency_conflict', 'This Idempotency-Key was used with another request body.', { key });
    }
    const ticket = await store.getTicket(ctx.db, actor.tenantId, previous.ticketId);
    return { ticket: await view(ctx.db, actor.tenantId, ticket!), replayed: true };
  }

  async function getTicket(actor: Actor, id: string): Promise<TicketView> {
    return view(ctx.db, actor.tenantId, await loadVisible(ctx.db, actor, id));
  }

  async function listTickets(actor: Actor, query: Omit<store.TicketFilter, 'before'> & { cursor?: string }) {
    let before: string | undefined;
    if (query.cursor) {
      before = Buffer.from(query.cursor, 'base64url').toString('utf8');
      if (!/^[0-9a-f-]{36}$/.test(before)) throw new AppError('invalid_input', 'The cursor is not one this server gave.', { field: 'cursor' });
    }
    const rows = await store.listTickets(ctx.db, actor.tenantId, visibilityOf(actor), { ...query, before, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    const duplicateIds = [...new Set(page.map((ticket) => ticket.duplicateOfId).filter((id): id is string => !!id))];
    const originals = new Map((await store.getTicketsByIds(ctx.db, actor.tenantId, duplicateIds)).map((ticket) => [ticket.id, ticket]));
    return {
      items: page.map((ticket) => {
        const original = ticket.duplicateOfId ? originals.get(ticket.duplicateOfId) : undefined;
        return toTicketView(ticket, original && duplicateSummary(original));
      }),
      nextCursor: rows.length > query.limit ? Buffer.from(page[page.length - 1].id).toString('base64url') : null,
    };
  }

  async function updateTicket(actor: Actor, id: string, input: UpdateTicketInput): Promise<TicketView> {
    return transact(async (trx) => {
      const ticket = await loadVisible(trx, actor, id, true);
      const supervisor = hasRole(actor, ...SUPERVISORS);
      const assignee = hasRole(actor, 'engineer', 'expert') && ticket.assigneeId === actor.userId;
      const owner = ticket.requesterId === actor.userId && ticket.status === 'new';
      if (!supervisor && !assignee && !owner) throw new AppError('forbidden', 'Your role may not edit this ticket.');
      if (input.version !== undefined && input.version !== ticket.version) {
        throw new AppError('version_conflict', `The ticket changed since you loaded it (version ${ticket.version}, yours ${input.version}). Reload and try again.`,
          { currentVersion: ticket.version });
      }
      if (ticket.status === 'closed' || ticket.status === 'cancelled') {
        throw new AppError('illegal_transition', `A ${ticket.status} ticket cannot be edited; reopen it first.`, { status: ticket.status });
      }
      const changes: Partial<TicketState> = {};
      if (input.description !== undefined) {
        const description = input.description.trim();
        if (!description) throw new AppError('invalid_input', 'description cannot be empty.', { field: 'description' });
        changes.description = description;
      }
      if (input.title !== undefined) changes.title = input.title.trim() || deriveTitle(changes.description ?? ticket.description);
      if (input.priority !== undefined) changes.priority = input.priority;
      if (input.location !== undefined) changes.location = input.location;
      if (input.customerId !== undefined) changes.customerId = input.customerId;
      if (input.deviceId !== undefined) changes.deviceId = input.deviceId;
      await checkReferences(trx, actor.tenantId, { customerId: input.customerId, deviceId: input.deviceId });
      if (input.type !== undefined || input.fields !== undefined) {
        const type = await checkFields(trx, actor.tenantId, input.type ?? ticket.type, input.fields ?? ticket.fields);
        changes.type = type.key;
        if (input.fields !== undefined) changes.fields = input.fields;
      }
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(changes)) {
        const old = ticket[key as keyof TicketState];
        if (JSON.stringify(old) === JSON.stringify(value)) continue;
        before[key] = old;
        after[key] = value;
      }
      if (!Object.keys(after).length) return view(trx, actor.tenantId, ticket);
      const now = ctx.clock.now();
      const updated = await store.updateTicket(trx, actor.tenantId, id, after as Partial<TicketState>, now, true);
      const events = [{ type: 'updated', data: { before, after } }];
      await store.appendEvents(trx, actor.tenantId, id, actor.userId, now, events);
      const written = await hooks.changed(trx, { tenantId: actor.tenantId, before: ticket, after: updated, events, action: 'update', actorId: actor.userId, now });
      return view(trx, actor.tenantId, written);
    });
  }

  async function listEvents(actor: Actor, id: string) {
    await loadVisible(ctx.db, actor, id);
    const events = await store.listEvents(ctx.db, actor.tenantId, id);
    const staff = visibilityOf(actor).kind !== 'requester';
    return events
      .filter((event) => staff || !(event.type === 'commented' && (event.data as { internal?: boolean }).internal))
      .map((event) => ({ id: event.id, type: event.type, at: event.at.toISOString(), actorId: event.actorId, data: event.data }));
  }

  /**
   * Creating and editing tickets inside the caller's transaction (an import's batch): what they
   * write, their events and their hooks' work commit or roll back with the caller's. No
   * Idempotency-Key here: its replay relies on a transaction of its own.
   */
  function within(trx: Transaction<DB>) {
    const joined = createTicketCore({ ...ctx, db: trx }, hooks);
    return {
      createTicket: (actor: Actor, input: CreateTicketInput) => joined.createTicket(actor, input),
      updateTicket: joined.updateTicket,
    };
  }

  return { tenantOf, loadVisible, view, createTicket, getTicket, listTickets, updateTicket, listEvents, within };
}

class IdempotencyRace extends Error {}

export type TicketCore = ReturnType<typeof createTicketCore>;
export type { Status };
