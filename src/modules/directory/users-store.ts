/** SQL for users and their skills. */
import { sql } from 'kysely';
import type { Db } from '../../platform/context.ts';
import { chunks } from './chunks.ts';
import type { Role } from '../../platform/http/actor.ts';

export interface Skill {
  key: string;
  level: number;
  certificateNo?: string | null;
  expiresAt: string | null;
}

export interface User {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  roles: Role[];
  orgUnitId: string | null;
  availability: 'online' | 'busy' | 'offline' | 'on_leave';
  leave: { delegateId: string | null; from: string | null; until: string | null } | null;
  skills: Skill[];
  location: { lat: number; lng: number; at: string | null } | null;
  locale: string;
  active: boolean;
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

function userQuery(db: Db, tenantId: string) {
  return db.selectFrom('users as u')
    .select([
      'u.id', 'u.name', 'u.email', 'u.phone', 'u.roles', 'u.org_unit_id', 'u.availability', 'u.leave_delegate_id',
      'u.leave_from', 'u.leave_until', 'u.lat', 'u.lng', 'u.located_at', 'u.locale', 'u.active',
      sql<Skill[]>`coalesce((
        SELECT json_agg(json_build_object('key', s.skill_key, 'level', s.level, 'certificateNo', s.certificate_no,
          'expiresAt', to_char(s.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY s.skill_key)
        FROM user_skills s WHERE s.tenant_id = u.tenant_id AND s.user_id = u.id), '[]'::json)`.as('skills'),
    ])
    .where('u.tenant_id', '=', tenantId);
}

type UserRow = Awaited<ReturnType<ReturnType<typeof userQuery>['executeTakeFirstOrThrow']>>;

function toUser(row: UserRow): User {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    roles: row.roles as Role[],
    orgUnitId: row.org_unit_id,
    availability: row.availability as User['availability'],
    leave: row.availability === 'on_leave' || row.leave_delegate_id || row.leave_from
      ? { delegateId: row.leave_delegate_id, from: iso(row.leave_from), until: iso(row.leave_until) }
      : null,
    skills: row.skills,
    location: row.lat !== null && row.lng !== null ? { lat: row.lat, lng: row.lng, at: iso(row.located_at) } : null,
    locale: row.locale,
    active: row.active,
  };
}

export async function getUser(db: Db, tenantId: string, id: string): Promise<User | undefined> {
  const row = await userQuery(db, tenantId).where('u.id', '=', id).executeTakeFirst();
  return row && toUser(row);
}

/** Several people in one query, in no particular order; ids of nobody are left out. */
export async function getUsersByIds(db: Db, tenantId: string, ids: readonly string[]): Promise<User[]> {
  if (!ids.length) return [];
  return (await userQuery(db, tenantId).where('u.id', 'in', [...ids]).execute()).map(toUser);
}

export interface UserFilter {
  role?: string;
  q?: string;
  limit: number;
  after?: string;
  /** People of this unit or of any unit under it. */
  orgUnitId?: string;
  /** People with this skill, at least at minSkillLevel (default 1), not expired at skillValidAt. */
  skill?: string;
  minSkillLevel?: number;
  skillValidAt?: Date;
  active?: boolean;
}

export async function listUsers(db: Db, tenantId: string, filter: UserFilter) {
  let query = userQuery(db, tenantId).orderBy('u.id').limit(filter.limit);
  if (filter.role) query = query.where(sql<boolean>`${filter.role} = ANY(u.roles)`);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
    query = query.where((eb) => eb.or([eb('u.name', 'ilike', like), eb('u.email', 'ilike', like), eb('u.phone', 'ilike', like)]));
  }
  if (filter.after) query = query.where('u.id', '>', filter.after);
  if (filter.active !== undefined) query = query.where('u.active', '=', filter.active);
  if (filter.orgUnitId) {
    query = query.where(sql<boolean>`u.org_unit_id IN (
      WITH RECURSIVE subtree (id) AS (
        SELECT id FROM org_units WHERE tenant_id = ${tenantId} AND id = ${filter.orgUnitId}
        UNION
        SELECT o.id FROM org_units o JOIN subtree s ON o.parent_id = s.id WHERE o.tenant_id = ${tenantId}
      )
      SELECT id FROM subtree)`);
  }
  if (filter.skill) {
    const validAt = filter.skillValidAt;
    query = query.where(sql<boolean>`EXISTS (
      SELECT 1 FROM user_skills s
      WHERE s.tenant_id = u.tenant_id AND s.user_id = u.id AND s.skill_key = ${filter.skill}
        AND s.level >= ${filter.minSkillLevel ?? 1}
        ${validAt ? sql`AND (s.expires_at IS NULL OR s.expires_at > ${validAt})` : sql``})`);
  }
  return (await query.execute()).map(toUser);
}

export async function findLoginUser(db: Db, tenantId: string, email: string) {
  return db.selectFrom('users').select(['id', 'name', 'email', 'roles', 'password_hash', 'active'])
    .where('tenant_id', '=', tenantId).where(sql<string>`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
}

export interface NewUser {
  id: string;
  email: string;
  name: string;
  phone?: string | null;
  passwordHash: string | null;
  roles: Role[];
  orgUnitId?: string | null;
  availability?: User['availability'];
  location?: { lat: number; lng: number } | null;
  locale?: string;
  skills?: Skill[];
}

export async function insertUser(db: Db, tenantId: string, user: NewUser, now: Date): Promise<void> {
  await db.insertInto('users').values({
    tenant_id: tenantId, id: user.id, email: user.email.trim(), name: user.name, phone: user.phone ?? null,
    password_hash: user.passwordHash, roles: user.roles, org_unit_id: user.orgUnitId ?? null,
    availability: user.availability ?? 'offline', leave_delegate_id: null, leave_from: null, leave_until: null,
    lat: user.location?.lat ?? null, lng: user.location?.lng ?? null, located_at: user.location ? now : null,
    locale: user.locale ?? 'zh-CN', created_at: now, updated_at: now,
  }).execute();
  if (user.skills?.length) await replaceSkills(db, tenantId, user.id, user.skills);
}

export async function replaceSkills(db: Db, tenantId: string, userId: string, skills: Skill[]): Promise<void> {
  await db.deleteFrom('user_skills').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
  if (!skills.length) return;
  await db.insertInto('user_skills').values(skills.map((skill) => ({
    tenant_id: tenantId, user_id: userId, skill_key: skill.key, level: skill.level,
    certificate_no: skill.certificateNo ?? null, expires_at: skill.expiresAt ?? null,
  }))).execute();
}

export async function emailTaken(db: Db, tenantId: string, email: string, exceptUserId?: string): Promise<boolean> {
  let query = db.selectFrom('users').select('id')
    .where('tenant_id', '=', tenantId).where(sql<string>`lower(email)`, '=', email.trim().toLowerCase());
  if (exceptUserId) query = query.where('id', '<>', exceptUserId);
  return !!(await query.executeTakeFirst());
}

export interface UserChanges {
  email?: string;
  name?: string;
  phone?: string | null;
  roles?: Role[];
  orgUnitId?: string | null;
  locale?: string;
  active?: boolean;
  passwordHash?: string;
}

export async function updateUser(db: Db, tenantId: string, id: string, changes: UserChanges, now: Date): Promise<void> {
  await db.updateTable('users').set({
    ...(changes.email !== undefined && { email: changes.email.trim() }),
    ...(changes.name !== undefined && { name: changes.name }),
    ...(changes.phone !== undefined && { phone: changes.phone }),
    ...(changes.roles !== undefined && { roles: changes.roles }),
    ...(changes.orgUnitId !== undefined && { org_unit_id: changes.orgUnitId }),
    ...(changes.locale !== undefined && { locale: changes.locale }),
    ...(changes.active !== undefined && { active: changes.active }),
    ...(changes.passwordHash !== undefined && { password_hash: changes.passwordHash }),
    updated_at: now,
  }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** Who these people are and whether they can take work: what checks on a referenced user need. */
export async function standingOf(db: Db, tenantId: string, ids: string[], options: { lock?: boolean } = {}) {
  if (!ids.length) return [];
  // Locked rows are taken in id order, so two transactions locking the same people cannot deadlock.
  const query = db.selectFrom('users').select(['id', 'name', 'active', 'availability', 'roles'])
    .where('tenant_id', '=', tenantId).where('id', 'in', ids).orderBy('id');
  return options.lock ? query.forUpdate().execute() : query.execute();
}

/** The tenant's active admins other than `exceptUserId`, locked: two admins cannot demote each other at once. */
export async function countOtherActiveAdmins(db: Db, tenantId: string, exceptUserId: string): Promise<number> {
  const rows = await db.selectFrom('users').select('id')
    .where('tenant_id', '=', tenantId).where('id', '<>', exceptUserId).where('active', '=', true)
    .where(sql<boolean>`'admin' = ANY(roles)`).orderBy('id').forUpdate().execute();
  return rows.length;
}

export async function setAvailability(db: Db, tenantId: string, id: string, state: {
  availability: User['availability']; delegateId: string | null; from: Date | null; until: Date | null;
}, now: Date): Promise<void> {
  await db.updateTable('users').set({
    availability: state.availability, leave_delegate_id: state.delegateId, leave_from: state.from, leave_until: state.until,
    updated_at: now,
  }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** Position pings come often and are not edits of the account, so updated_at stays as it was. */
export async function setLocation(db: Db, tenantId: string, id: string, location: { lat: number; lng: number }, now: Date): Promise<void> {
  await db.updateTable('users').set({ lat: location.lat, lng: location.lng, located_at: now })
    .where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** The people with one of these emails, whatever its case, by lower-case email. */
export async function usersWithEmails(db: Db, tenantId: string, emails: readonly string[]): Promise<Map<string, { id: string; roles: Role[]; active: boolean }>> {
  const found = new Map<string, { id: string; roles: Role[]; active: boolean }>();
  for (const chunk of chunks([...new Set(emails.map((email) => email.trim().toLowerCase()))])) {
    const rows = await db.selectFrom('users').select(['id', 'email', 'roles', 'active']).where('tenant_id', '=', tenantId)
      .where(sql<string>`lower(email)`, 'in', chunk).execute();
    for (const row of rows) found.set(row.email.toLowerCase(), { id: row.id, roles: row.roles as Role[], active: row.active });
  }
  return found;
}
