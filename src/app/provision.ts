/** A new tenant with its company org unit, its first admin, the built-in ticket types and the default SLA. */
import type { Ctx } from '../platform/context.ts';
import { uuidv7 } from '../platform/ids.ts';
import { hashPassword } from '../modules/auth/index.ts';
import { insertTenant, insertUser, type Tenant } from '../modules/directory/index.ts';
import { insertOrgUnit } from '../modules/directory/org-units-store.ts';
import { installBuiltinTicketTypes } from '../modules/tickets/index.ts';
import { scheduleCleanup } from '../platform/runner/index.ts';
import { installDefaultSla } from '../modules/sla/index.ts';

export interface ProvisionInput {
  slug: string;
  name: string;
  adminEmail: string;
  adminPassword: string;
  adminName?: string;
  timezone?: string;
}

export async function provisionTenant(ctx: Ctx, input: ProvisionInput): Promise<{ tenant: Tenant; adminId: string; companyId: string }> {
  if (input.adminPassword.length < 8) throw new Error('The admin password needs at least 8 characters.');
  const passwordHash = await hashPassword(input.adminPassword);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const tenant = await insertTenant(trx, { slug: input.slug, name: input.name, timezone: input.timezone, now });
    const companyId = uuidv7();
    await insertOrgUnit(trx, tenant.id, { id: companyId, parentId: null, kind: 'company', name: input.name }, now);
    const adminId = uuidv7();
    await insertUser(trx, tenant.id, {
      id: adminId, email: input.adminEmail, name: input.adminName ?? 'Admin', passwordHash, roles: ['admin'],
      orgUnitId: companyId, availability: 'online',
    }, now);
    await installBuiltinTicketTypes(trx, tenant.id, now);
    await scheduleCleanup(trx, tenant.id, now);
    await installDefaultSla(trx, tenant.id, now);
    return { tenant, adminId, companyId };
  });
}
