/** Ticket types and their forms: everyone reads them, admins change them. */
import type { Ctx, Db } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { hasRole, type Actor } from '../../platform/http/actor.ts';
import { BUILTIN_TICKET_TYPES } from './builtin-types.ts';
import { validateFormSchema } from './forms.ts';
import type { Priority } from './model.ts';
import * as store from './store.ts';
import { forgetTicketType } from './type-cache.ts';

export interface TicketTypeInput {
  key: string;
  nameZh: string;
  nameEn: string;
  defaultPriority?: Priority;
  formSchema?: unknown;
  active?: boolean;
  position?: number;
}

/** Gives a new tenant the built-in types (repair, maintenance, emergency, …). */
export function installBuiltinTicketTypes(db: Db, tenantId: string, now: Date): Promise<void> {
  return store.insertBuiltinTypes(db, tenantId, BUILTIN_TICKET_TYPES, now);
}

function requireAdmin(actor: Actor) {
  if (!hasRole(actor, 'admin')) throw new AppError('forbidden', 'Only admins may change ticket types.');
}

export function createTypeService(ctx: Ctx) {
  async function list(actor: Actor, includeInactive: boolean) {
    const types = await store.listTicketTypes(ctx.db, actor.tenantId);
    return includeInactive ? types : types.filter((type) => type.active);
  }

  async function get(actor: Actor, key: string) {
    const type = await store.getTicketType(ctx.db, actor.tenantId, key);
    if (!type) throw new AppError('not_found', 'Ticket type not found.', { key });
    return type;
  }

  async function create(actor: Actor, input: TicketTypeInput) {
    requireAdmin(actor);
    if (await store.getTicketType(ctx.db, actor.tenantId, input.key)) {
      throw new AppError('already_exists', `A ticket type "${input.key}" exists already.`, { key: input.key });
    }
    const formSchema = validateFormSchema(input.formSchema ?? { type: 'object', properties: {} });
    await store.insertTicketType(ctx.db, actor.tenantId, {
      key: input.key, nameZh: input.nameZh, nameEn: input.nameEn, defaultPriority: input.defaultPriority ?? 'P3',
      formSchema, active: input.active ?? true, position: input.position ?? 1000,
    }, ctx.clock.now());
    forgetTicketType(actor.tenantId, input.key);
    return get(actor, input.key);
  }

  async function update(actor: Actor, key: string, input: Partial<Omit<TicketTypeInput, 'key'>>) {
    requireAdmin(actor);
    const formSchema = input.formSchema !== undefined ? validateFormSchema(input.formSchema) : undefined;
    const found = await store.updateTicketType(ctx.db, actor.tenantId, key, { ...input, formSchema }, ctx.clock.now());
    if (!found) throw new AppError('not_found', 'Ticket type not found.', { key });
    forgetTicketType(actor.tenantId, key);
    return get(actor, key);
  }

  return { list, get, create, update };
}
