/** Customer use cases: staff read them; admins and dispatchers keep them up to date. */
import type { Ctx, Db } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { Actor } from '../../platform/http/actor.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { DESK_WRITERS, requireRole, requireStaff } from './access.ts';
import { decodeCursor, toPage } from './cursor.ts';
import * as store from './customers-store.ts';
import { translateDatabaseError } from './db-errors.ts';
import { countDevicesOfCustomer } from './devices-store.ts';
import { requireOrgUnitOfTenant } from './references.ts';

export interface CustomerInput {
  name: string;
  tier?: store.CustomerTier;
  contactName?: string | null;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
  orgUnitId?: string | null;
}

/** Trimmed text, with blank meaning "none". */
const text = (value: string | null | undefined) => (value === undefined ? undefined : value?.trim() || null);

function toFields(input: Partial<CustomerInput>): Partial<store.CustomerFields> {
  const fields: Partial<store.CustomerFields> = {
    name: input.name?.trim(), tier: input.tier, contactName: text(input.contactName), phone: text(input.phone),
    email: text(input.email), address: text(input.address), orgUnitId: input.orgUnitId,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/** Adds a customer in the caller's transaction, with the checks the route makes after its schema; its id. */
export async function insertCheckedCustomer(db: Db, tenantId: string, input: CustomerInput, now: Date): Promise<string> {
  await requireOrgUnitOfTenant(db, tenantId, input.orgUnitId, 'orgUnitId');
  const id = uuidv7(now.getTime());
  await store.insertCustomer(db, tenantId, id, {
    name: input.name.trim(), tier: input.tier ?? 'standard', contactName: null, phone: null, email: null, address: null,
    orgUnitId: null, ...toFields(input),
  }, now);
  return id;
}

/** Changes a customer in the caller's transaction; 404 when the tenant has no such customer. */
export async function applyCustomerChanges(db: Db, tenantId: string, id: string, input: Partial<CustomerInput>, now: Date): Promise<void> {
  if (!(await store.customerExists(db, tenantId, id))) throw notFound('Customer', id);
  await requireOrgUnitOfTenant(db, tenantId, input.orgUnitId, 'orgUnitId');
  await store.updateCustomer(db, tenantId, id, toFields(input), now);
}

export function createCustomerService(ctx: Ctx) {
  async function list(actor: Actor, query: { q?: string; tier?: store.CustomerTier; limit: number; cursor?: string }) {
    requireStaff(actor, 'the customer list');
    const rows = await store.listCustomers(ctx.db, actor.tenantId, {
      q: query.q, tier: query.tier, after: decodeCursor(query.cursor), limit: query.limit + 1,
    });
    return toPage(rows, query.limit);
  }

  async function get(actor: Actor, id: string): Promise<store.Customer> {
    requireStaff(actor, 'customers');
    const customer = await store.getCustomer(ctx.db, actor.tenantId, id);
    if (!customer) throw notFound('Customer', id);
    return customer;
  }

  async function create(actor: Actor, input: CustomerInput): Promise<store.Customer> {
    requireRole(actor, DESK_WRITERS, 'add customers');
    const { tenantId } = actor;
    const now = ctx.clock.now();
    return ctx.db.transaction().execute(async (trx) => {
      const id = await insertCheckedCustomer(trx, tenantId, input, now);
      return (await store.getCustomer(trx, tenantId, id))!;
    });
  }

  async function update(actor: Actor, id: string, input: Partial<CustomerInput>): Promise<store.Customer> {
    requireRole(actor, DESK_WRITERS, 'change customers');
    const { tenantId } = actor;
    return ctx.db.transaction().execute(async (trx) => {
      await applyCustomerChanges(trx, tenantId, id, input, ctx.clock.now());
      return (await store.getCustomer(trx, tenantId, id))!;
    });
  }

  /**
   * A customer with devices or tickets stays: their history must keep its customer. Devices
   * are counted here; tickets belong to the tickets module, so their foreign key decides.
   */
  async function remove(actor: Actor, id: string): Promise<void> {
    requireRole(actor, DESK_WRITERS, 'delete customers');
    const { tenantId } = actor;
    await ctx.db.transaction().execute(async (trx) => {
      if (!(await store.customerExists(trx, tenantId, id))) throw notFound('Customer', id);
      const devices = await countDevicesOfCustomer(trx, tenantId, id);
      if (devices) {
        throw new AppError('business_rule', `This customer still has ${devices} device(s); delete or move them first.`, { devices });
      }
      await store.deleteCustomer(trx, tenantId, id);
    }).catch((error) => translateDatabaseError(error, 'customer'));
  }

  return { list, get, create, update, remove };
}

export type CustomerService = ReturnType<typeof createCustomerService>;
