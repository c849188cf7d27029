/** Tenants full of people, made fast: tokens are issued directly instead of by logging in. */
import { randomBytes } from 'node:crypto';
import { provisionTenant } from '../../src/app/provision.ts';
import { insertUser, type Skill } from '../../src/modules/directory/index.ts';
import { insertToken } from '../../src/modules/auth/store.ts';
import { hashToken } from '../../src/modules/auth/tokens.ts';
import type { Role } from '../../src/platform/http/actor.ts';
import { uuidv7 } from '../../src/platform/ids.ts';
import type { TestApp } from './app.ts';

export const PASSWORD = 'correct horse battery';

export interface TestUser {
  id: string;
  email: string;
  token: string;
  roles: Role[];
}

export async function issueToken(app: TestApp, tenantId: string, userId: string): Promise<string> {
  const token = `lds_${randomBytes(24).toString('base64url')}`;
  await insertToken(app.ctx.db, { tenantId, id: uuidv7(), userId, tokenHash: hashToken(token), kind: 'session', name: null, expiresAt: null, now: app.ctx.clock.now() });
  return token;
}

export async function addUser(app: TestApp, tenantId: string, input: {
  roles: Role[]; name?: string; email?: string; skills?: Skill[]; availability?: 'online' | 'busy' | 'offline' | 'on_leave';
  orgUnitId?: string; location?: { lat: number; lng: number };
}): Promise<TestUser> {
  const id = uuidv7();
  const email = input.email ?? `${input.roles[0]}-${id.slice(-8)}@test.loopdesk`;
  await insertUser(app.ctx.db, tenantId, {
    id, email, name: input.name ?? `${input.roles[0]} ${id.slice(-4)}`, passwordHash: null, roles: input.roles,
    availability: input.availability ?? 'online', skills: input.skills, orgUnitId: input.orgUnitId, location: input.location,
  }, app.ctx.clock.now());
  return { id, email, roles: input.roles, token: await issueToken(app, tenantId, id) };
}

let counter = 0;

/** A tenant with one user of each role (two engineers and two requesters). */
export async function createTenant(app: TestApp) {
  const slug = `t-${Date.now().toString(36)}-${(counter++).toString(36)}-${randomBytes(3).toString('hex')}`;
  const { tenant, adminId, companyId } = await provisionTenant(app.ctx, {
    slug, name: `Test ${slug}`, adminEmail: `admin@${slug}.test`, adminPassword: PASSWORD,
  });
  const admin: TestUser = { id: adminId, email: `admin@${slug}.test`, roles: ['admin'], token: await issueToken(app, tenant.id, adminId) };
  const make = (roles: Role[], name?: string) => addUser(app, tenant.id, { roles, name, orgUnitId: companyId });
  const [dispatcher, engineer, engineer2, expert, manager, finance, requester, requester2] = await Promise.all([
    make(['dispatcher']), make(['engineer'], '工程师甲'), make(['engineer'], '工程师乙'), make(['expert']),
    make(['manager']), make(['finance']), make(['requester']), make(['requester']),
  ]);
  return { tenant, companyId, admin, dispatcher, engineer, engineer2, expert, manager, finance, requester, requester2 };
}

export type TestTenant = Awaited<ReturnType<typeof createTenant>>;
