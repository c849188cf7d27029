/** SQL for customers. */
import type { Selectable } from 'kysely';
import type { Db } from '../../platform/context.ts';
import type { CustomersTable } from '../../platform/db/tables.ts';
import { chunks } from './chunks.ts';

export const CUSTOMER_TIERS = ['platinum', 'gold', 'silver', 'standard'] as const;
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];

export interface Customer {
  id: string;
  name: string;
  tier: CustomerTier;
  contactName: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  orgUnitId: string | null;
  createdAt: string;
  updatedAt: string;
}

export type CustomerFields = Omit<Customer, 'id' | 'createdAt' | 'updatedAt'>;

function toCustomer(row: Selectable<CustomersTable>): Customer {
  return {
    id: row.id, name: row.name, tier: row.tier as CustomerTier, contactName: row.contact_name, phone: row.phone,
    email: row.email, address: row.address, orgUnitId: row.org_unit_id,
    createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
  };
}

export async function customerExists(db: Db, tenantId: string, id: string): Promise<boolean> {
  return !!(await db.selectFrom('customers').select('id').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst());
}

export async function getCustomer(db: Db, tenantId: string, id: string): Promise<Customer | undefined> {
  const row = await db.selectFrom('customers').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row && toCustomer(row);
}

/** Customers in id order (creation order, ids being UUIDv7), after the cursor's id. */
export async function listCustomers(db: Db, tenantId: string, filter: { q?: string; tier?: CustomerTier; after?: string; limit: number }) {
  let query = db.selectFrom('customers').selectAll().where('tenant_id', '=', tenantId).orderBy('id').limit(filter.limit);
  if (filter.tier) query = query.where('tier', '=', filter.tier);
  if (filter.after) query = query.where('id', '>', filter.after);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
    query = query.where((eb) => eb.or([eb('name', 'ilike', like), eb('contact_name', 'ilike', like), eb('phone', 'ilike', like)]));
  }
  return (await query.execute()).map(toCustomer);
}

export async function insertCustomer(db: Db, tenantId: string, id: string, customer: CustomerFields, now: Date): Promise<void> {
  await db.insertInto('customers').values({
    tenant_id: tenantId, id, name: customer.name, tier: customer.tier, contact_name: customer.contactName,
    phone: customer.phone, email: customer.email, address: customer.address, org_unit_id: customer.orgUnitId,
    created_at: now, updated_at: now,
  }).execute();
}

export async function updateCustomer(db: Db, tenantId: string, id: string, changes: Partial<CustomerFields>, now: Date): Promise<void> {
  await db.updateTable('customers').set({
    ...(changes.name !== undefined && { name: changes.name }),
    ...(changes.tier !== undefined && { tier: changes.tier }),
    ...(changes.contactName !== undefined && { contact_name: changes.contactName }),
    ...(changes.phone !== undefined && { phone: changes.phone }),
    ...(changes.email !== undefined && { email: changes.email }),
    ...(changes.address !== undefined && { address: changes.address }),
    ...(changes.orgUnitId !== undefined && { org_unit_id: changes.orgUnitId }),
    updated_at: now,
  }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export async function deleteCustomer(db: Db, tenantId: string, id: string): Promise<void> {
  await db.deleteFrom('customers').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** The customers with one of these exact names (trimmed as stored), by name: a name may be shared. */
export async function customersNamed(db: Db, tenantId: string, names: readonly string[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  for (const chunk of chunks([...new Set(names)])) {
    const rows = await db.selectFrom('customers').select(['id', 'name']).where('tenant_id', '=', tenantId).where('name', 'in', chunk).orderBy('id').execute();
    for (const row of rows) found.set(row.name, [...(found.get(row.name) ?? []), row.id]);
  }
  return found;
}

/** Which of these ids are customers of the tenant. */
export async function existingCustomerIds(db: Db, tenantId: string, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const chunk of chunks([...new Set(ids)])) {
    const rows = await db.selectFrom('customers').select('id').where('tenant_id', '=', tenantId).where('id', 'in', chunk).execute();
    for (const row of rows) found.add(row.id);
  }
  return found;
}

