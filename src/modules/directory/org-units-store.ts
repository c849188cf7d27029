/** SQL for org units: company → region → service point / department. */
import type { Db } from '../../platform/context.ts';

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

export async function insertOrgUnit(db: Db, tenantId: string, unit: NewOrgUnit, now: Date): Promise<void> {
  await db.insertInto('org_units').values({
    tenant_id: tenantId, id: unit.id, parent_id: unit.parentId, kind: unit.kind, name: unit.name, code: unit.code ?? null,
    manager_id: unit.managerId ?? null, address: unit.address ?? null, lat: unit.lat ?? null, lng: unit.lng ?? null,
    created_at: now, updated_at: now,
  }).execute();
}
