/**
 * Ids sent in a body must name records of the caller's tenant. The composite foreign keys
 * would refuse another tenant's id anyway, but with a 23503 that names no field; these
 * checks answer 400 naming the field.
 */
import type { Db } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { customerExists } from './customers-store.ts';
import { orgUnitExists } from './org-units-store.ts';
import { standingOf } from './users-store.ts';

export async function requireOrgUnitOfTenant(db: Db, tenantId: string, id: string | null | undefined, field: string): Promise<void> {
  if (id && !(await orgUnitExists(db, tenantId, id))) {
    throw new AppError('invalid_input', `${field} names no org unit of this tenant.`, { field });
  }
}

export async function requireCustomerOfTenant(db: Db, tenantId: string, id: string | null | undefined, field: string): Promise<void> {
  if (id && !(await customerExists(db, tenantId, id))) {
    throw new AppError('invalid_input', `${field} names no customer of this tenant.`, { field });
  }
}

export async function requireActiveUserOfTenant(db: Db, tenantId: string, id: string | null | undefined, field: string): Promise<void> {
  if (!id) return;
  const [user] = await standingOf(db, tenantId, [id]);
  if (!user || !user.active) throw new AppError('invalid_input', `${field} names no active user of this tenant.`, { field });
}
