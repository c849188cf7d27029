/** Tenants: created by the CLI (`loopdesk tenant create`) or the demo seed, each with its first admin. */
import type { Db } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  timezone: string;
  settings: Record<string, unknown>;
}

export async function findTenantBySlug(db: Db, slug: string): Promise<Tenant | undefined> {
  return db.selectFrom('tenants').select(['id', 'slug', 'name', 'timezone', 'settings'])
    .where('slug', '=', slug.toLowerCase()).executeTakeFirst();
}

export async function getTenant(db: Db, tenantId: string): Promise<Tenant> {
  const tenant = await db.selectFrom('tenants').select(['id', 'slug', 'name', 'timezone', 'settings'])
    .where('id', '=', tenantId).executeTakeFirst();
  if (!tenant) throw new AppError('not_found', 'Tenant not found.');
  return tenant;
}

export async function insertTenant(db: Db, input: { slug: string; name: string; timezone?: string; now: Date }): Promise<Tenant> {
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(input.slug)) {
    throw new AppError('invalid_input', 'A tenant slug is 2-63 lowercase letters, digits or dashes.', { field: 'slug' });
  }
  if (await findTenantBySlug(db, input.slug)) {
    throw new AppError('already_exists', `A tenant with the slug "${input.slug}" exists already.`);
  }
  const tenant = { id: uuidv7(), slug: input.slug, name: input.name, timezone: input.timezone ?? 'Asia/Shanghai', settings: {} };
  await db.insertInto('tenants').values({ id: tenant.id, slug: tenant.slug, name: tenant.name, timezone: tenant.timezone, created_at: input.now }).execute();
  return tenant;
}
