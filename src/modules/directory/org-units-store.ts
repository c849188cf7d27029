/** SQL for org units: company → region → service point / department. */
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../platform/context.ts';
import { chunks } from './chunks.ts';
import type { OrgUnitsTable } from '../../platform/db/tables.ts';
import type { OrgUnitKind } from './org-tree.ts';

export interface NewOrgUnit {
  id: string;
  parentId: string | null;
  kind: 'company' | 'region' | 'service_point' | 'department';
  name: string;
  code?: string | null;
  managerId?: string | null;
  address?: string | null;
  lat?: number | null;
  lng?: number | null;
}

export interface OrgUnit {
  id: string;
  parentId: string | null;
  kind: OrgUnitKind;
  name: string;
  code: string | null;
  managerId: string | null;
  address: string | null;
  location: { lat: number; lng: number } | null;
  createdAt: string;
  updatedAt: string;
}

export type OrgUnitChanges = Partial<Pick<NewOrgUnit, 'parentId' | 'kind' | 'name' | 'code' | 'managerId' | 'address' | 'lat' | 'lng'>>;

/** Any number: an arbitrary constant naming "the org tree of a tenant" among advisory locks. */
const ORG_TREE_LOCK = 7_262_018;

function toOrgUnit(row: Selectable<OrgUnitsTable>): OrgUnit {
  return {
    id: row.id, parentId: row.parent_id, kind: row.kind, name: row.name, code: row.code, managerId: row.manager_id,
    address: row.address, location: row.lat !== null && row.lng !== null ? { lat: row.lat, lng: row.lng } : null,
    createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
  };
}

export async function insertOrgUnit(db: Db, tenantId: string, unit: NewOrgUnit, now: Date): Promise<void> {
  await db.insertInto('org_units').values({
    tenant_id: tenantId, id: unit.id, parent_id: unit.parentId, kind: unit.kind, name: unit.name, code: unit.code ?? null,
    manager_id: unit.managerId ?? null, address: unit.address ?? null, lat: unit.lat ?? null, lng: unit.lng ?? null,
    created_at: now, updated_at: now,
  }).execute();
}

/** Every unit of the tenant, parents before children where names tie (a tenant has hundreds, not millions). */
export async function listOrgUnits(db: Db, tenantId: string): Promise<OrgUnit[]> {
  const rows = await db.selectFrom('org_units').selectAll().where('tenant_id', '=', tenantId).orderBy('name').orderBy('id').execute();
  return rows.map(toOrgUnit);
}

export async function getOrgUnit(db: Db, tenantId: string, id: string): Promise<OrgUnit | undefined> {
  const row = await db.selectFrom('org_units').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row && toOrgUnit(row);
}

export async function updateOrgUnit(db: Db, tenantId: string, id: string, changes: OrgUnitChanges, now: Date): Promise<void> {
  await db.updateTable('org_units').set({
    ...(changes.parentId !== undefined && { parent_id: changes.parentId }),
    ...(changes.kind !== undefined && { kind: changes.kind }),
    ...(changes.name !== undefined && { name: changes.name }),
    ...(changes.code !== undefined && { code: changes.code }),
    ...(changes.managerId !== undefined && { manager_id: changes.managerId }),
    ...(changes.address !== undefined && { address: changes.address }),
    ...(changes.lat !== undefined && { lat: changes.lat }),
    ...(changes.lng !== undefined && { lng: changes.lng }),
    updated_at: now,
  }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export async function deleteOrgUnit(db: Db, tenantId: string, id: string): Promise<void> {
  await db.deleteFrom('org_units').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/**
 * Serialises changes to one tenant's tree until the transaction ends: two admins moving
 * A under B and B under A at the same time would each pass the cycle check on their own.
 */
export async function lockOrgTree(db: Db, tenantId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${sql.lit(ORG_TREE_LOCK)}, hashtext(${tenantId}))`.execute(db);
}

/** The unit's id followed by its ancestors' ids, up to the root. */
export async function chainToRoot(db: Db, tenantId: string, id: string): Promise<string[]> {
  // UNION (not UNION ALL) stops at a repeated row, so even a corrupt tree cannot loop forever.
  const result = await sql<{ id: string }>`
    WITH RECURSIVE chain (id, parent_id) AS (
      SELECT id, parent_id FROM org_units WHERE tenant_id = ${tenantId} AND id = ${id}
      UNION
      SELECT o.id, o.parent_id FROM org_units o JOIN chain c ON o.id = c.parent_id WHERE o.tenant_id = ${tenantId}
    )
    SELECT id FROM chain`.execute(db);
  return result.rows.map((row) => row.id);
}

export async function childKindsOf(db: Db, tenantId: string, id: string): Promise<OrgUnitKind[]> {
  const rows = await db.selectFrom('org_units').select('kind').distinct()
    .where('tenant_id', '=', tenantId).where('parent_id', '=', id).execute();
  return rows.map((row) => row.kind);
}

/** What still hangs on a unit: it can be deleted only when all are zero. */
export async function dependentsOf(db: Db, tenantId: string, id: string): Promise<{ children: number; users: number; customers: number }> {
  const row = await db.selectNoFrom((eb) => [
    eb.selectFrom('org_units').select(eb.fn.countAll<string>().as('n')).where('tenant_id', '=', tenantId).where('parent_id', '=', id).as('children'),
    eb.selectFrom('users').select(eb.fn.countAll<string>().as('n')).where('tenant_id', '=', tenantId).where('org_unit_id', '=', id).as('users'),
    eb.selectFrom('customers').select(eb.fn.countAll<string>().as('n')).where('tenant_id', '=', tenantId).where('org_unit_id', '=', id).as('customers'),
  ]).executeTakeFirstOrThrow();
  return { children: Number(row.children), users: Number(row.users), customers: Number(row.customers) };
}

export async function orgUnitExists(db: Db, tenantId: string, id: string): Promise<boolean> {
  return !!(await db.selectFrom('org_units').select('id').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst());
}

/** The org units with one of these exact names, by name: two units may share one (two "维修部" in two regions). */
export async function orgUnitsNamed(db: Db, tenantId: string, names: readonly string[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  for (const chunk of chunks([...new Set(names)])) {
    const rows = await db.selectFrom('org_units').select(['id', 'name']).where('tenant_id', '=', tenantId).where('name', 'in', chunk).orderBy('id').execute();
    for (const row of rows) found.set(row.name, [...(found.get(row.name) ?? []), row.id]);
  }
  return found;
}

/** Which of these ids are org units of the tenant. */
export async function existingOrgUnitIds(db: Db, tenantId: string, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const chunk of chunks([...new Set(ids)])) {
    const rows = await db.selectFrom('org_units').select('id').where('tenant_id', '=', tenantId).where('id', 'in', chunk).execute();
    for (const row of rows) found.add(row.id);
  }
  return found;
}
